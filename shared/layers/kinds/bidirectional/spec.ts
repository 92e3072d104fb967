import { z } from 'zod';
import { nestedKerasLayer, readKerasConfig } from '../../keras-config';
import { recurrentInput } from '../../recurrence';
import { fail, isInferFailure, ok } from '../../shape-utils';
import { defineSpec, type LayerContext, type Shape } from '../../types';
import { innerParams, resolveInner } from '../../wrapped-layer';

/** The recurrent kinds a Bidirectional can run both ways (the first is the default). */
const RECURRENT_TYPES = ['LSTM', 'GRU', 'SimpleRNN'] as const;
type RecurrentType = (typeof RECURRENT_TYPES)[number];

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

export const bidirectionalSpec = defineSpec({
  type: 'Bidirectional',
  order: 350,
  family: 'Recurrent',
  label: 'Bidirectional',
  doc: 'Runs a recurrent layer forwards and a copy backwards over the sequence and merges both.',
  params: z.object({
    layer: z
      .object({
        type: z.enum(RECURRENT_TYPES).default(RECURRENT_TYPES[0]),
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
  inferShape(inputs, p, ctx) {
    const inner = resolveInner('Bidirectional', ctx.kind(p.layer.type)!, p.layer.params);
    if (!inner.ok) return fail(inner.error);
    const x = recurrentInput(inputs, `Bidirectional ${p.layer.type}`);
    if (isInferFailure(x)) return x;
    // The input is checked: the wrapped kind says what one direction outputs.
    const one = ctx.kind(p.layer.type)!.inferShape([x], inner.params, ctx);
    if (!one.ok) return one;
    const [out, ...states] = one.shapes;
    const merged: Shape = [...out!];
    if (p.mergeMode === 'concat') merged[merged.length - 1] = 2 * (inner.params as { units: number }).units;
    return ok(merged, ...states, ...states);
  },
  countParams(inputs, p, ctx) {
    const kind = ctx.kind(p.layer.type)!;
    const one = kind.countParams(inputs, kind.params.parse(p.layer.params), ctx);
    return { trainable: 2 * one.trainable, nonTrainable: 2 * one.nonTrainable };
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
  const type = RECURRENT_TYPES.find((t) => ctx.kind(t)?.keras?.classNames.includes(nested.className));
  if (!type)
    throw new Error(`Bidirectional wraps a ${nested.className}, but NN Designer can only wrap LSTM, GRU or SimpleRNN`);
  const params = ctx.kind(type)!.keras!.fromConfig(nested.config, ctx, nested.className);
  const name = nested.config.name;
  return typeof name === 'string' && name ? { type, params, name } : { type, params };
}

export const specs = [bidirectionalSpec];
