import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'Reshape', layer: (p, _ctx, name) => construct('layers.Reshape', [pyValue(p.targetShape)], name) }];
