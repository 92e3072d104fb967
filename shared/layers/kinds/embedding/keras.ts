import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Embedding',
    layer: (p, _ctx, name) => construct('layers.Embedding', [String(p.inputDim), String(p.outputDim), ...kwargs(p, { maskZero: ['mask_zero', false] })], name),
  },
];
