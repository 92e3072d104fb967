import { z } from 'zod';
import { nestedKerasLayer, readKerasConfig } from '../../keras-config';
import { type ShapeError } from '../../shape-errors';
import { fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, type AnyLayerSpec, type LayerContext, type Shape } from '../../types';
import { innerParams, resolveInner } from '../../wrapped-layer';
import { kindErrors } from './shape-errors';

/** The one kind TimeDistributed may wrap, or why not. */
export function wrappableKind(type: string, ctx: LayerContext): AnyLayerSpec | ShapeError {
  const kind = ctx.kind(type);
  if (!kind) return kindErrors.error('wrapUnknown', { layer: type });
  if (kind.inputSpec || kind.inputs.length !== 1 || kind.inputs[0]!.multiple) return kindErrors.error('wrapOneInput', { layer: type });
  return kind;
}

export const timeDistributedSpec = defineSpec({
  type: 'TimeDistributed',
  order: 360,
  shapeErrors: kindErrors.texts,
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
      return fail(kindErrors.error('timeDistributedSteps', { shape: formatShape(x) }), 'in');
    const step: Shape = [x[0]!, ...x.slice(2)];
    const result = kind.inferShape([step], inner.params, ctx);
    if (!result.ok) return fail(kindErrors.error('perStep', { layer: p.layer.type, step: formatShape(step) }, { cause: result.error }), 'in');
    if (result.shapes.length !== 1) return fail(kindErrors.error('oneOutput', { layer: p.layer.type, count: result.shapes.length }));
    const [, ...perStep] = result.shapes[0]!;
    return ok([x[0]!, x[1]!, ...perStep]);
  },
  countParams(inputs, p, ctx) {
    const kind = ctx.kind(p.layer.type)!;
    const x = inputs[0]!;
    return kind.countParams([[x[0]!, ...x.slice(2)]], kind.params.parse(p.layer.params), ctx);
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

export const specs = [timeDistributedSpec];
