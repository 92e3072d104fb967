import type { KerasLayerEmitter } from '../../../codegen/keras';
import { pyString, type Params } from '../../../codegen/python';

const wrapped = (p: Params) => p.layer as { type: string; params: Params };

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Bidirectional',
    layer(p, ctx, name) {
      const layer = wrapped(p);
      const inner = ctx.layer(layer.type, ctx.params(layer.type, layer.params));
      return `layers.Bidirectional(${inner}${p.mergeMode !== 'concat' ? `, merge_mode=${pyString(p.mergeMode as string)}` : ''}${name ? `, name=${pyString(name)}` : ''})`;
    },
    helpers(p, ctx) {
      const layer = wrapped(p);
      return ctx.helpers(layer.type, ctx.params(layer.type, layer.params));
    },
  },
];
