import { z } from 'zod';
import { readKerasConfig } from '../../keras-config';
import { dropRate } from '../../params';
import { shapeError, shapeHint } from '../../shape-errors';
import { fail, formatShape, ok } from '../../shape-utils';
import { defineSpec, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

function sequenceCheck(shape: Shape, port: string) {
  if (shape.length === 3) return null;
  return fail(kindErrors.error('attentionSequence', { port, shape: formatShape(shape) }, shape.length === 2 ? { hint: shapeHint('addStepsAxis') } : {}), port);
}

/**
 * Keras's `Attention`: each query step takes a softmax-weighted average of the value steps,
 * weighted by the dot product of the query with each key (the value itself unless a key is
 * wired). The building block of Luong attention in sequence-to-sequence models.
 */
export const attentionDotSpec = defineSpec({
  type: 'Attention',
  order: 370,
  shapeErrors: kindErrors.texts,
  family: 'Attention',
  label: 'Attention (dot-product)',
  doc: 'Each query step averages the value steps, weighted by softmax(query · key).',
  params: z.object({
    /** Learn one scalar that sharpens or flattens the scores (Keras `use_scale`). */
    useScale: z.boolean().default(false),
    /** Step i only looks at steps ≤ i (a decoder must not see the future). */
    causal: z.boolean().default(false),
    /** Fraction of attention weights dropped while training. */
    dropout: dropRate(0),
  }),
  inputs: [{ name: 'query' }, { name: 'value' }, { name: 'key', optional: true }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    if (inputs.length < 2) return fail(kindErrors.error('attentionNeedsTwo'), inputs.length ? 'value' : 'query');
    const [query, value, key = value] = inputs as [Shape, Shape, Shape?];
    for (const [shape, port] of [
      [query, 'query'],
      [value, 'value'],
      [key!, 'key'],
    ] as const) {
      const problem = sequenceCheck(shape, port);
      if (problem) return problem;
    }
    const queryFeatures = query[2]!;
    const keyFeatures = key![2]!;
    if (queryFeatures !== null && keyFeatures !== null && queryFeatures !== keyFeatures)
      return inputs.length > 2
        ? fail(kindErrors.error('attentionFeatures', { query: formatShape(query), key: formatShape(key!) }), 'key')
        : fail(kindErrors.error('attentionFeaturesValueAsKey', { query: formatShape(query), value: formatShape(key!) }), 'value');
    const keySteps = key![1]!;
    const valueSteps = value[1]!;
    if (inputs.length > 2 && keySteps !== null && valueSteps !== null && keySteps !== valueSteps)
      return fail(shapeError('keyValueSteps', { layer: 'Attention', key: formatShape(key!), value: formatShape(value) }), 'key');
    return ok([query[0]!, query[1]!, value[2]!]);
  },
  countParams: (_inputs, p) => ({ trainable: p.useScale ? 1 : 0, nonTrainable: 0 }),
  keras: {
    classNames: ['Attention', 'NndDotProductAttention'],
    fromConfig(config, _ctx, className) {
      const c = readKerasConfig(className, config, ['use_scale', 'causal', 'use_causal_mask', 'dropout', 'score_mode', 'seed']);
      c.refuseUnless('score_mode', (v) => v === 'dot' || v === null, 'only dot-product scores are available, not additive ("concat") ones');
      return {
        useScale: c.boolean('use_scale', false),
        causal: c.boolean('causal', false) || c.boolean('use_causal_mask', false),
        dropout: c.number('dropout', 0),
      };
    },
  },
});

export const specs = [attentionDotSpec];
