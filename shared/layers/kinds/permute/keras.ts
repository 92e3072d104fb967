import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'Permute', layer: (p, _ctx, name) => construct('layers.Permute', [pyValue(p.dims)], name) }];
