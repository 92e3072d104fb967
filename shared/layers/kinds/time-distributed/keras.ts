import type { KerasLayerEmitter } from '../../../codegen/keras';
import { pyString, type Params } from '../../../codegen/python';

const wrapped = (p: Params) => p.layer as { type: string; params: Params };

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'TimeDistributed',
    layer(p, ctx, name) {
      const layer = wrapped(p);
      const inner = ctx.layer(layer.type, ctx.params(layer.type, layer.params));
      return inner ? `layers.TimeDistributed(${inner}${name ? `, name=${pyString(name)}` : ''})` : null;
    },
    helpers(p, ctx) {
      const layer = wrapped(p);
      return ctx.helpers(layer.type, ctx.params(layer.type, layer.params));
    },
  },
];
