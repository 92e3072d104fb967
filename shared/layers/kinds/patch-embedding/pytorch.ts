import { pythonHelper } from '../../../codegen/python';
import { bool, num, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchPatchEmbeddingPy } from './torch_patch_embedding.py.generated';

const PATCH_EMBEDDING_HELPER = pythonHelper('PatchEmbedding', torchPatchEmbeddingPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'PatchEmbedding',
    module: (n) => `PatchEmbedding(${n.inputShapes[0]![3]}, ${num(n.params, 'patchSize')}, ${num(n.params, 'embedDim')}${bool(n.params, 'classToken') ? ', class_token=True' : ''})`,
    forward: (_n, [x], self) => `${self}(${x})`,
    weights: (n) => [
      { key: 'projection.weight', source: 'kernel', steps: [{ op: 'transpose', perm: [3, 2, 0, 1] }] },
      { key: 'projection.bias', source: 'bias', steps: [] },
      ...(bool(n.params, 'classToken') ? [{ key: 'class_token', source: 'class_token', steps: [] }] : []),
    ],
    helpers: () => [PATCH_EMBEDDING_HELPER],
  },
];
