import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasPatchEmbeddingPy } from './keras_patch_embedding.py.generated';

const PATCH_EMBEDDING_CLASS = pythonHelper('PatchEmbedding', kerasPatchEmbeddingPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'PatchEmbedding',
    layer: (p, _ctx, name) => construct('PatchEmbedding', [String(p.patchSize), String(p.embedDim), ...kwargs(p, { classToken: ['class_token', false] })], name),
    helpers: () => [PATCH_EMBEDDING_CLASS],
  },
];
