import { pythonHelper } from '../../../codegen/python';
import { num, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchPositionalEmbeddingPy } from './torch_positional_embedding.py.generated';

const POSITIONAL_EMBEDDING_HELPER = pythonHelper('PositionalEmbedding', torchPositionalEmbeddingPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'PositionalEmbedding',
    module: (n) => `PositionalEmbedding(${num(n.params, 'maxLength')}, ${n.inputShapes[0]![2]})`,
    forward: (_n, [x], self) => `${self}(${x})`,
    weights: () => [{ key: 'embeddings', source: 'embeddings', steps: [] }],
    helpers: () => [POSITIONAL_EMBEDDING_HELPER],
    mask: { passes: () => true },
  },
];
