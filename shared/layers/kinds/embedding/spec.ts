import { z } from 'zod';
import { initializerKeys, readKerasConfig, regularizerKeys } from '../../keras-config';
import { positiveInt } from '../../params';
import { shapeHint } from '../../shape-errors';
import { fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec } from '../../types';
import { kindErrors } from './shape-errors';

export const embeddingSpec = defineSpec({
  type: 'Embedding',
  order: 310,
  shapeErrors: kindErrors.texts,
  family: 'Core',
  label: 'Embedding',
  doc: 'Looks up a learned vector for each integer id (a word, a token, a category).',
  params: z.object({
    inputDim: positiveInt(1000).describe('number of distinct ids: every id must lie in 0 … inputDim − 1'),
    outputDim: positiveInt(32).describe('length of each learned vector'),
    maskZero: z.boolean().default(false).describe('id 0 means padding: later recurrent layers skip those steps'),
    inputLength: z.number().int().min(1).nullable().default(null).describe('fixes the sequence length when the input leaves it free'),
  }),
  // Float ids would need a gradient through the lookup, which tfjs cannot take.
  inputs: [{ name: 'in', dtype: 'int32' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Embedding');
    if (isInferFailure(x)) return x;
    if (x.length !== 2) {
      const hint = x.length > 2 ? shapeHint('idsNotVectors') : shapeHint('giveStepsAxis');
      return fail(kindErrors.error('embeddingIds', { shape: formatShape(x) }, { hint }), 'in');
    }
    const steps = x[1]!;
    if (p.inputLength !== null && steps !== null && steps !== p.inputLength)
      return fail(kindErrors.error('embeddingLength', { inputLength: p.inputLength, steps, shape: formatShape(x) }), 'in');
    return ok([x[0]!, steps ?? p.inputLength, p.outputDim]);
  },
  countParams: (_inputs, p) => ({ trainable: p.inputDim * p.outputDim, nonTrainable: 0 }),
  keras: {
    classNames: ['Embedding'],
    fromConfig(config) {
      const c = readKerasConfig('Embedding', config, [
        'input_dim',
        'output_dim',
        'mask_zero',
        'input_length',
        'sparse',
        'lora_rank',
        'lora_alpha',
        ...initializerKeys('embeddings'),
        ...regularizerKeys('embeddings'),
      ]);
      c.refuseUnless('sparse', (v) => v === false || v === null, 'sparse gradients do not exist in TensorFlow.js — rebuild the layer without it');
      c.refuseUnless('lora_rank', (v) => v === null, 'LoRA adapters are not available — merge them into the embeddings first');
      const inputLength = c.raw('input_length');
      // Keras 2 writes a list for multi-axis ids; a one-element list is the usual sequence length.
      const length = Array.isArray(inputLength) && inputLength.length === 1 ? inputLength[0] : inputLength;
      if (length !== undefined && length !== null && (typeof length !== 'number' || !Number.isInteger(length)))
        throw new Error(`Embedding with input_length=${JSON.stringify(inputLength)} is not supported: NN Designer embeds [batch, steps] ids`);
      return {
        inputDim: c.requiredInt('input_dim'),
        outputDim: c.requiredInt('output_dim'),
        maskZero: c.boolean('mask_zero', false),
        inputLength: length ?? null,
      };
    },
  },
});

export const specs = [embeddingSpec];
