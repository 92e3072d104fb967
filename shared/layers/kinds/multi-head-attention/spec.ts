import { z } from 'zod';
import { initializerKeys, readKerasConfig, regularizerKeys } from '../../keras-config';
import { fraction, positiveInt } from '../../params';
import { shapeError, shapeHint } from '../../shape-errors';
import { fail, formatShape, ok } from '../../shape-utils';
import { defineSpec, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

const PORTS = ['query', 'value', 'key'] as const;

function sequenceProblem(shape: Shape, port: string) {
  if (shape.length === 3 && shape[2] !== null) return null;
  const hint = shape.length === 2 ? shapeHint('attentionNeedsSteps') : shape.length === 4 ? shapeHint('imageToPatches') : undefined;
  return fail(kindErrors.error('multiHeadSequence', { port, shape: formatShape(shape) }, hint ? { hint } : {}), port);
}

const params = z.object({
  numHeads: positiveInt(4).describe('attention heads, each with its own query, key and value projections'),
  keyDim: positiveInt(16).describe('size of each head’s query and key vectors'),
  valueDim: z.number().int().min(1).nullable().default(null).describe('size of each head’s value vectors; empty means keyDim'),
  dropout: fraction(0).describe('fraction of attention weights dropped while training'),
  useBias: z.boolean().default(true),
  outputDim: z.number().int().min(1).nullable().default(null).describe('features of the output; empty means the query’s'),
  causal: z.boolean().default(false).describe('step i only looks at steps ≤ i (a decoder must not see the future)'),
  returnAttentionScores: z.boolean().default(false).describe('also output the attention weights [batch, heads, queries, keys]'),
});

/**
 * Multi-head attention (Transformer): each head projects the query, key and value, scores
 * softmax(q·kᵀ/√keyDim), averages the values, and one output projection mixes the heads.
 * Wire the same sequence into query and value for self-attention.
 */
export const multiHeadAttentionSpec = defineSpec({
  type: 'MultiHeadAttention',
  order: 430,
  shapeErrors: kindErrors.texts,
  family: 'Attention',
  label: 'Multi-head attention',
  doc: 'Several attention heads in parallel, each looking at the sequence its own way; the Transformer’s core.',
  params,
  inputs: [{ name: 'query' }, { name: 'value' }, { name: 'key', optional: true }],
  outputs: [{ name: 'out' }, { name: 'weights', optional: true }],
  inferShape(inputs, p) {
    if (inputs.length < 2)
      return fail(kindErrors.error('multiHeadNeedsTwo'), inputs.length ? 'value' : 'query');
    for (const [i, shape] of inputs.entries()) {
      const problem = sequenceProblem(shape, PORTS[i]!);
      if (problem) return problem;
    }
    const [query, value, key = value] = inputs as [Shape, Shape, Shape?];
    const keySteps = key![1]!;
    if (inputs.length > 2 && keySteps !== null && value[1] !== null && keySteps !== value[1])
      return fail(shapeError('keyValueSteps', { layer: 'MultiHeadAttention', key: formatShape(key!), value: formatShape(value) }), 'key');
    if (p.causal && inputs.length > 1 && query[1] !== null && keySteps !== null && query[1] !== keySteps)
      return fail(kindErrors.error('causalSteps', { querySteps: query[1], keySteps }), 'query');
    const output: Shape = [null, query[1]!, p.outputDim ?? query[2]!];
    return p.returnAttentionScores ? ok(output, [null, p.numHeads, query[1]!, keySteps]) : ok(output);
  },
  countParams(inputs, p) {
    const [query, value, key = value] = inputs as [Shape, Shape, Shape?];
    const h = p.numHeads;
    const valueDim = p.valueDim ?? p.keyDim;
    const out = p.outputDim ?? query[2]!;
    const bias = Number(p.useBias);
    const trainable =
      (query[2]! + bias) * h * p.keyDim + (key![2]! + bias) * h * p.keyDim + (value[2]! + bias) * h * valueDim + h * valueDim * out + bias * out;
    return { trainable, nonTrainable: 0 };
  },
  hasAttentionMaps: true,
  keras: {
    classNames: ['MultiHeadAttention', 'NndMultiHeadAttention'],
    fromConfig(config, _ctx, className) {
      const ours = className === 'NndMultiHeadAttention';
      const c = readKerasConfig(className, config, [
        // What our own class writes into model.json, beside Keras's keys.
        ...(ours ? ['output_dim', 'causal', 'return_attention_scores'] : []),
        'num_heads',
        'key_dim',
        'value_dim',
        'dropout',
        'use_bias',
        'output_shape',
        'attention_axes',
        'seed',
        'flash_attention',
        // Keras writes the shapes it was built with; they follow from the graph.
        'query_shape',
        'key_shape',
        'value_shape',
        ...initializerKeys('kernel', 'bias'),
        ...regularizerKeys('kernel', 'bias'),
      ]);
      c.refuseUnless(
        'attention_axes',
        (v) => v === null || (Array.isArray(v) && v.length === 1 && (v[0] === 1 || v[0] === -2)),
        'NN Designer attends over the steps axis of [batch, steps, features] only',
      );
      const outputShape = c.raw('output_shape');
      const outputDim = Array.isArray(outputShape) ? outputShape : outputShape === null || outputShape === undefined ? null : [outputShape];
      if (outputDim !== null && (outputDim.length !== 1 || typeof outputDim[0] !== 'number'))
        throw new Error(`${className} with output_shape=${JSON.stringify(outputShape)} is not supported: NN Designer outputs [batch, steps, features]`);
      return {
        numHeads: c.requiredInt('num_heads'),
        keyDim: c.requiredInt('key_dim'),
        valueDim: c.optionalInt('value_dim') ?? null,
        dropout: c.number('dropout', 0),
        useBias: c.boolean('use_bias', true),
        outputDim: ours ? (c.optionalInt('output_dim') ?? null) : outputDim === null ? null : (outputDim[0] as number),
        causal: c.boolean('causal', false),
        returnAttentionScores: c.boolean('return_attention_scores', false),
      };
    },
  },
});

export const specs = [multiHeadAttentionSpec];
