import { z } from 'zod';
import { isNullish, layerLabel, rejectUnless } from '../../keras-options';
import { isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';

/** Zeroes a random fraction of values while training (and scales the rest up); a no-op when predicting. */
export const dropoutSpec = defineSpec({
  type: 'Dropout',
  order: 30,
  family: 'Regularization',
  label: 'Dropout',
  doc: 'While training, zeroes a random fraction of the values so the network cannot rely on any one of them.',
  params: z.object({
    // A rate of 1 would drop everything and divide by zero when rescaling.
    rate: z.number().min(0).lt(1).default(0.5).describe('fraction of values dropped while training'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const x = singleInput(inputs, 'Dropout');
    if (isInferFailure(x)) return x;
    return ok([...x]);
  },
  countParams: () => NO_PARAMS,
  passesInputWhenPredicting: true,
  keras: {
    classNames: ['Dropout'],
    fromConfig(c) {
      rejectUnless(c, 'Dropout', 'noise_shape', isNullish, 'dropout that shares its mask across axes (noise_shape) — remove noise_shape or use plain Dropout');
      if (typeof c.rate !== 'number') throw new Error(`${layerLabel(c, 'Dropout')} has no numeric rate`);
      return { rate: c.rate };
    },
  },
});

export const specs = [dropoutSpec];
