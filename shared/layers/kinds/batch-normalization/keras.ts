import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'BatchNormalization',
    layer: (p, _ctx, name) =>
      construct('layers.BatchNormalization', kwargs(p, { axis: ['axis', -1], momentum: ['momentum', 0.99], epsilon: ['epsilon', 1e-3], center: ['center', true], scale: ['scale', true] }), name),
  },
];
