import { PatchEmbedding } from './patch-embedding';
import { tfjsBuilder } from '../../tfjs-types';
import { patchEmbeddingSpec } from './spec';

const patchEmbeddingBuilder = tfjsBuilder(patchEmbeddingSpec, (p, name) => new PatchEmbedding({ name, patchSize: p.patchSize, embedDim: p.embedDim, classToken: p.classToken }));

export const tfjsBuilders = [patchEmbeddingBuilder];
