import { construct, kerasActivation, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Activation',
    layer(p, _ctx, name) {
      const act = p.activation as string;
      // Keras keeps the slope of these two in layers of their own.
      if (act === 'leakyRelu') return construct('layers.LeakyReLU', [String(p.alpha ?? 0.3)], name);
      if (act === 'elu' && p.alpha !== undefined && p.alpha !== 1) return construct('layers.ELU', [String(p.alpha)], name);
      return construct('layers.Activation', [kerasActivation(act)], name);
    },
  },
];
