import { LearnedPositionalEmbedding } from '../../custom/positional';
import { tfjsBuilder } from '../../tfjs-types';
import { positionalEmbeddingSpec } from './spec';

const positionalEmbeddingBuilder = tfjsBuilder(positionalEmbeddingSpec, (p, name) => new LearnedPositionalEmbedding({ name, maxLength: p.maxLength }));

export const tfjsBuilders = [positionalEmbeddingBuilder];
