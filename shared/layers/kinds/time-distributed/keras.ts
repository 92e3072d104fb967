import type { KerasLayerEmitter, Params } from '../../../codegen/keras';
import { pyString } from '../../../codegen/python';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'TimeDistributed',
    layer(p, ctx, name) {
      const layer = p.layer as { type: string; params: Params };
      const inner = ctx.layer(layer.type, ctx.params(layer.type, layer.params));
      return inner ? `layers.TimeDistributed(${inner}${name ? `, name=${pyString(name)}` : ''})` : null;
    },
  },
];
