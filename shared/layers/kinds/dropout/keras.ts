import { construct, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'Dropout', layer: (p, _ctx, name) => construct('layers.Dropout', [String(p.rate)], name) }];
