import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'LayerNormalization',
    layer: (p, _ctx, name) => construct('layers.LayerNormalization', kwargs(p, { axis: ['axis', -1], epsilon: ['epsilon', 1e-3], center: ['center', true], scale: ['scale', true] }), name),
  },
];
