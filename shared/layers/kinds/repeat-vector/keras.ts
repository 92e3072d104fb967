import { construct, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'RepeatVector', layer: (p, _ctx, name) => construct('layers.RepeatVector', [String(p.n)], name) }];
