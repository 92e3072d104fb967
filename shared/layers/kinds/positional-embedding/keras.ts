import { construct, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasPositionalEmbeddingPy } from './keras_positional_embedding.py.generated';

const POSITIONAL_EMBEDDING_CLASS = pythonHelper('PositionalEmbedding', kerasPositionalEmbeddingPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'PositionalEmbedding',
    layer: (p, _ctx, name) => construct('PositionalEmbedding', [String(p.maxLength)], name),
    helpers: () => [POSITIONAL_EMBEDDING_CLASS],
  },
];
