import { isKerasInput, type KerasContext, type KerasEmitter } from '../../codegen/keras';
import type { Params } from '../../codegen/python';
import type { TorchContext, TorchEmitter } from '../../codegen/torch';
import { kindKerasEmitters, kindPytorchEmitters } from '../../layers/kinds-export.generated';
import type { LayerContext } from '../../layers/types';

/** Each kind's PyTorch and Keras emitters (from its folder), by type. */
const torchEmitters = new Map<string, TorchEmitter>(kindPytorchEmitters.map((e) => [e.type, e]));
const kerasEmitters = new Map<string, KerasEmitter>(kindKerasEmitters.map((e) => [e.type, e]));

export const torchEmitter = (type: string): TorchEmitter | undefined => torchEmitters.get(type);
export const kerasEmitter = (type: string): KerasEmitter | undefined => kerasEmitters.get(type);

const withDefaults = (ctx: LayerContext) => (type: string, params: Params) => ctx.kind(type)!.params.parse(params) as Params;

export function torchContext(ctx: LayerContext): TorchContext {
  return { emitter: torchEmitter, params: withDefaults(ctx) };
}

export function kerasContext(ctx: LayerContext): KerasContext {
  const context: KerasContext = {
    layer(type, params) {
      const emitter = kerasEmitter(type);
      return emitter && !isKerasInput(emitter) ? emitter.layer(params, context) : null;
    },
    params: withDefaults(ctx),
    helpers(type, params) {
      const emitter = kerasEmitter(type);
      return emitter && !isKerasInput(emitter) ? (emitter.helpers?.(params, context) ?? []) : [];
    },
  };
  return context;
}
