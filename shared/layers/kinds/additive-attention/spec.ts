import { z } from 'zod';
import { readKerasConfig } from '../../keras-config';
import { dropRate } from '../../params';
import { fail, formatShape, ok } from '../../shape-utils';
import { defineSpec, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

const PORTS = ['query', 'value', 'key'] as const;

/**
 * Keras's `AdditiveAttention` (Bahdanau attention): scores each query step against each key
 * step with a learned-scale sum of tanh(query + key), the attention of the first neural
 * machine-translation models.
 */
export const attentionAdditiveSpec = defineSpec({
  type: 'AdditiveAttention',
  order: 480,
  shapeErrors: kindErrors.texts,
  family: 'Attention',
  label: 'Attention (additive)',
  doc: 'Each query step averages the value steps, weighted by softmax of a learned sum of tanh(query + key) (Bahdanau).',
  params: z.object({
    useScale: z.boolean().default(true).describe('learn one scale per feature for the tanh terms'),
    causal: z.boolean().default(false).describe('step i only looks at steps ≤ i'),
    dropout: dropRate(0),
  }),
  inputs: [{ name: 'query' }, { name: 'value' }, { name: 'key', optional: true }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    if (inputs.length < 2) return fail(kindErrors.error('additiveNeedsTwo'), inputs.length ? 'value' : 'query');
    for (const [i, shape] of inputs.entries())
      if (shape.length !== 3 || shape[2] === null)
        return fail(kindErrors.error('additiveSequence', { port: PORTS[i]!, shape: formatShape(shape) }), PORTS[i]);
    const [query, value, key = value] = inputs as [Shape, Shape, Shape?];
    if (query[2] !== key![2])
      return inputs.length > 2
        ? fail(kindErrors.error('additiveFeatures', { query: formatShape(query), key: formatShape(key!) }), 'key')
        : fail(kindErrors.error('additiveFeaturesValueAsKey', { query: formatShape(query), value: formatShape(key!) }), 'value');
    return ok([null, query[1]!, value[2]!]);
  },
  countParams: (inputs, p) => ({ trainable: p.useScale ? inputs[0]![2]! : 0, nonTrainable: 0 }),
  keras: {
    classNames: ['AdditiveAttention', 'NndAdditiveAttention'],
    fromConfig(config, _ctx, className) {
      const c = readKerasConfig(className, config, ['use_scale', 'causal', 'use_causal_mask', 'dropout', 'seed']);
      return {
        useScale: c.boolean('use_scale', true),
        causal: c.boolean('causal', false) || c.boolean('use_causal_mask', false),
        dropout: c.number('dropout', 0),
      };
    },
  },
});

export const specs = [attentionAdditiveSpec];
