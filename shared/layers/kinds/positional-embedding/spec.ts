import { z } from 'zod';
import { positiveInt } from '../../params';
import { fail, formatShape, isInferFailure, ok } from '../../shape-utils';
import { sequenceInput } from '../../spatial';
import { defineSpec } from '../../types';
import { kindErrors } from './shape-errors';

/** BERT's and GPT's learned position embeddings, added to the token embeddings. */
export const positionalEmbeddingSpec = defineSpec({
  type: 'PositionalEmbedding',
  order: 440,
  shapeErrors: kindErrors.texts,
  family: 'Core',
  label: 'Positional embedding (learned)',
  doc: 'Adds a learned vector for each position to a sequence, so attention can tell the order of the steps.',
  params: z.object({
    maxLength: positiveInt(128).describe('the longest sequence it learns positions for'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = sequenceInput(inputs, 'PositionalEmbedding');
    if (isInferFailure(x)) return x;
    if (x[1] !== null && x[1] > p.maxLength)
      return fail(kindErrors.error('positionsTooFew', { maxLength: p.maxLength, shape: formatShape(x), steps: x[1] }), 'in');
    return ok([...x]);
  },
  countParams: (inputs, p) => ({ trainable: p.maxLength * inputs[0]![2]!, nonTrainable: 0 }),
  keras: {
    classNames: ['NndLearnedPositionalEmbedding'],
    fromConfig: (c) => ({ maxLength: c.max_length }),
  },
});

export const specs = [positionalEmbeddingSpec];
