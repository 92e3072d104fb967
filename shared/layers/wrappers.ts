import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { nestedKerasLayer, readKerasConfig } from './keras-config';
import {
  RECURRENT_TYPES,
  recurrentInput,
  recurrentKinds,
  recurrentOutputs,
  recurrentParamCount,
  recurrentToTfjs,
  type RecurrentParams,
  type RecurrentType,
} from './recurrent';
import { firstIssue } from '../zod-issue';
import { shapeError, shapeErrorMessage, type ShapeError } from './shape-errors';
import { fail, formatShape, isInferFailure, ok, singleInput } from './shape-utils';
import { defineLayer } from './tfjs-types';
import type { AnyLayerSpec, LayerContext, Shape } from './types';

/** The wrapped layer's params as stored: checked against its own kind's schema when used. */
const innerParams = z.record(z.string(), z.unknown()).default({});

/** A wrapped layer's params with its kind's defaults filled in, or what is wrong with them. */
function resolveInner(
  owner: string,
  kind: Pick<AnyLayerSpec, 'type' | 'params'>,
  params: Record<string, unknown>,
): { ok: true; params: Record<string, unknown> } | { ok: false; error: ShapeError } {
  const parsed = firstIssue(kind.params, params);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  const { issue } = parsed;
  const where = issue.path.length ? issue.path.join('.') : 'params';
  return { ok: false, error: shapeError('innerParam', { owner, inner: kind.type, param: where }, { issue }) };
}

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

export const bidirectionalLayer = defineLayer({
  type: 'Bidirectional',
  family: 'Recurrent',
  label: 'Bidirectional',
  doc: 'Runs a recurrent layer forwards and a copy backwards over the sequence and merges both.',
  params: z.object({
    layer: z
      .object({
        type: z.enum(RECURRENT_TYPES).default('LSTM'),
        params: innerParams,
        // Weights are named <bidirectional>/forward_<name>/kernel: imported models keep it to load theirs.
        name: z.string().min(1).optional().describe('the wrapped layer’s own name, which its weights are named after'),
      })
      .default({ type: 'LSTM', params: {} }),
    mergeMode: z.enum(MERGE_MODES).default('concat').describe('how the two directions combine: side by side (concat) or element-wise'),
  }),
  inputs: [{ name: 'in' }],
  // With returnState: the forward states, then the backward ones (LSTM: hidden, cell, hidden,
  // cell; GRU and SimpleRNN: hidden, hidden), in the order tfjs returns them.
  outputs: [
    { name: 'out' },
    { name: 'state1', optional: true },
    { name: 'state2', optional: true },
    { name: 'state3', optional: true },
    { name: 'state4', optional: true },
  ],
  inferShape(inputs, p) {
    const inner = resolveInner('Bidirectional', recurrentKinds[p.layer.type], p.layer.params);
    if (!inner.ok) return fail(inner.error);
    const x = recurrentInput(inputs, `Bidirectional ${p.layer.type}`);
    if (isInferFailure(x)) return x;
    const innerParams = inner.params as RecurrentParams;
    const [out, ...states] = recurrentOutputs(p.layer.type, x, innerParams);
    const merged: Shape = [...out!];
    if (p.mergeMode === 'concat') merged[merged.length - 1] = 2 * innerParams.units;
    return ok(merged, ...states, ...states);
  },
  countParams(inputs, p) {
    const innerParams = recurrentKinds[p.layer.type].params.parse(p.layer.params) as RecurrentParams;
    const one = recurrentParamCount(p.layer.type, inputs[0]![2]!, innerParams);
    return { trainable: 2 * one.trainable, nonTrainable: 2 * one.nonTrainable };
  },
  toTfjs(p, name) {
    const inner = resolveInner('Bidirectional', recurrentKinds[p.layer.type], p.layer.params);
    if (!inner.ok) throw new Error(shapeErrorMessage(inner.error));
    const rnn = recurrentToTfjs(p.layer.type, inner.params as RecurrentParams, p.layer.name ?? `${name}_${p.layer.type.toLowerCase()}`);
    return tf.layers.bidirectional({ name, layer: rnn, mergeMode: p.mergeMode });
  },
  keras: {
    classNames: ['Bidirectional'],
    fromConfig(config, ctx) {
      const c = readKerasConfig('Bidirectional', config, ['layer', 'merge_mode', 'backward_layer']);
      const forward = innerRecurrentFromKeras(c.raw('layer'), ctx);
      const mergeMode = c.raw('merge_mode') === undefined ? 'concat' : c.raw('merge_mode');
      if (!MERGE_MODES.includes(mergeMode as (typeof MERGE_MODES)[number]))
        throw new Error(
          `Bidirectional with merge_mode=${JSON.stringify(mergeMode)} is not supported: NN Designer merges the two directions with concat, sum, mul or ave — pick one of those in Keras`,
        );
      const backwardLayer = c.raw('backward_layer');
      if (backwardLayer !== undefined && backwardLayer !== null) {
        // Keras 3 always writes the backward copy; only a mirror image of the forward layer fits our node.
        const backward = innerRecurrentFromKeras(backwardLayer, ctx);
        const { goBackwards: forwardDirection, ...forwardRest } = forward.params;
        const { goBackwards: backwardDirection, ...backwardRest } = backward.params;
        if (
          backward.type !== forward.type ||
          forwardDirection === backwardDirection ||
          JSON.stringify(forwardRest) !== JSON.stringify(backwardRest)
        )
          throw new Error(
            'Bidirectional with a backward_layer that differs from its forward layer is not supported — use the same layer for both directions',
          );
      }
      // tfjs names the wrapped copies forward_<name> and backward_<name>, as Keras 2.2 did. Newer
      // Keras writes the forward copy, already called forward_<name>: keep <name> so the
      // weights keep their names (bidirectional/forward_lstm/kernel).
      if (forward.name?.startsWith('forward_')) forward.name = forward.name.slice('forward_'.length);
      return { layer: forward, mergeMode };
    },
  },
});

function innerRecurrentFromKeras(
  value: unknown,
  ctx: LayerContext,
): { type: RecurrentType; params: Record<string, unknown>; name?: string } {
  const nested = nestedKerasLayer('Bidirectional', value);
  const type = RECURRENT_TYPES.find((t) => recurrentKinds[t].keras!.classNames.includes(nested.className));
  if (!type)
    throw new Error(`Bidirectional wraps a ${nested.className}, but NN Designer can only wrap LSTM, GRU or SimpleRNN`);
  const params = recurrentKinds[type].keras!.fromConfig(nested.config, ctx, nested.className);
  const name = nested.config.name;
  return typeof name === 'string' && name ? { type, params, name } : { type, params };
}

/** The one kind TimeDistributed may wrap, or why not. */
function wrappableKind(type: string, ctx: LayerContext): AnyLayerSpec | ShapeError {
  const kind = ctx.kind(type);
  if (!kind) return shapeError('wrapUnknown', { layer: type });
  if (kind.inputSpec || kind.inputs.length !== 1 || kind.inputs[0]!.multiple) return shapeError('wrapOneInput', { layer: type });
  return kind;
}

export const timeDistributedLayer = defineLayer({
  type: 'TimeDistributed',
  family: 'Recurrent',
  label: 'Time distributed',
  doc: 'Applies the same layer, with the same weights, to every time step of a sequence.',
  params: z.object({
    layer: z.object({ type: z.string().min(1).default('Dense'), params: innerParams }).default({ type: 'Dense', params: {} }),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p, ctx) {
    const kind = wrappableKind(p.layer.type, ctx);
    if (!('inferShape' in kind)) return fail(kind);
    const inner = resolveInner('TimeDistributed', kind, p.layer.params);
    if (!inner.ok) return fail(inner.error);
    const x = singleInput(inputs, 'TimeDistributed');
    if (isInferFailure(x)) return x;
    if (x.length < 3)
      return fail(shapeError('timeDistributedSteps', { shape: formatShape(x) }), 'in');
    const step: Shape = [x[0]!, ...x.slice(2)];
    const result = kind.inferShape([step], inner.params, ctx);
    if (!result.ok) return fail(shapeError('perStep', { layer: p.layer.type, step: formatShape(step) }, { cause: result.error }), 'in');
    if (result.shapes.length !== 1) return fail(shapeError('oneOutput', { layer: p.layer.type, count: result.shapes.length }));
    const [, ...perStep] = result.shapes[0]!;
    return ok([x[0]!, x[1]!, ...perStep]);
  },
  countParams(inputs, p, ctx) {
    const kind = ctx.kind(p.layer.type)!;
    const x = inputs[0]!;
    return kind.countParams([[x[0]!, ...x.slice(2)]], kind.params.parse(p.layer.params), ctx);
  },
  toTfjs(p, name, inputs, ctx) {
    const kind = wrappableKind(p.layer.type, ctx);
    if (!('inferShape' in kind)) throw new Error(shapeErrorMessage(kind));
    const inner = resolveInner('TimeDistributed', kind, p.layer.params);
    if (!inner.ok) throw new Error(shapeErrorMessage(inner.error));
    const x = inputs[0]!;
    const layer = ctx.builder(kind.type)!.build(inner.params, `${name}_${p.layer.type.toLowerCase()}`, [[x[0]!, ...x.slice(2)]], ctx);
    return tf.layers.timeDistributed({ name, layer });
  },
  keras: {
    classNames: ['TimeDistributed'],
    fromConfig(config, ctx) {
      const c = readKerasConfig('TimeDistributed', config, ['layer']);
      const nested = nestedKerasLayer('TimeDistributed', c.raw('layer'));
      // Our type names are Keras's class names for every kind that can sit in a TimeDistributed.
      const kind = ctx.kind(nested.className);
      if (!kind?.keras?.classNames.includes(nested.className))
        throw new Error(`TimeDistributed wraps a ${nested.className}, a layer class NN Designer does not know`);
      return { layer: { type: kind.type, params: kind.keras.fromConfig(nested.config, ctx, nested.className) } };
    },
  },
});
