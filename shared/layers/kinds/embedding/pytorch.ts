import { num, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Embedding',
    module: (n) => `nn.Embedding(${num(n.params, 'inputDim')}, ${num(n.params, 'outputDim')})`,
    forward: (_n, [x], self) => `${self}(${x}.long())`,
    weights: () => [{ key: 'weight', source: 'embeddings', steps: [] }],
    mask: {
      makes: {
        when: (n) => n.params.maskZero === true,
        from: (input) => `${input} != 0  # padding (id 0); the layers that read it skip those steps, as in tfjs`,
      },
    },
  },
];
