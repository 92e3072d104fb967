import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pyValue } from '../../../codegen/python';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'UpSampling2D',
    layer: (p, _ctx, name) => construct('layers.UpSampling2D', [pyValue(p.size), ...kwargs(p, { interpolation: ['interpolation', 'nearest'] })], name),
  },
];
