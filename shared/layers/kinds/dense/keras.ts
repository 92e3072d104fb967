import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Dense',
    layer: (p, _ctx, name) => construct('layers.Dense', [String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true] })], name),
  },
];
