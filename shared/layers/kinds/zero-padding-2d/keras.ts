import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

export const kerasEmitters: KerasLayerEmitter[] = [{ type: 'ZeroPadding2D', layer: (p, _ctx, name) => construct('layers.ZeroPadding2D', [pyValue(p.padding)], name) }];
