import { z } from 'zod';
import { isInferFailure, ok } from '../../shape-utils';
import { sequenceInput } from '../../spatial';
import { defineSpec, NO_PARAMS } from '../../types';

/** The original Transformer's fixed position code: nothing to learn, any length. */
export const sinusoidalEncodingSpec = defineSpec({
  type: 'SinusoidalPositionalEncoding',
  order: 450,
  family: 'Core',
  label: 'Positional encoding (sinusoidal)',
  doc: 'Adds fixed sine and cosine waves of many wavelengths to a sequence, so attention can tell the order of the steps.',
  params: z.object({
    base: z.number().min(2).default(10000).describe('longest wavelength, in steps ÷ 2π; 10000 in the original Transformer'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const x = sequenceInput(inputs, 'SinusoidalPositionalEncoding');
    if (isInferFailure(x)) return x;
    return ok([...x]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['NndSinusoidalPositionalEncoding'],
    fromConfig: (c) => ({ base: c.base }),
  },
});

export const specs = [sinusoidalEncodingSpec];
