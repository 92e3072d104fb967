import { construct, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'Flatten', layer: (_p, _ctx, name) => construct('layers.Flatten', [], name) }];
