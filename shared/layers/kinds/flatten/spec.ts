import { z } from 'zod';
import { requireChannelsLast } from '../../keras-options';
import { shapeHint } from '../../shape-errors';
import { fail, formatShape, isInferFailure, knownProduct, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';
import { kindErrors } from './shape-errors';

/** [batch, 28, 28, 1] → [batch, 784]: every value of a sample in one feature axis. */
export const flattenSpec = defineSpec({
  type: 'Flatten',
  order: 40,
  shapeErrors: kindErrors.texts,
  family: 'Reshape',
  label: 'Flatten',
  doc: 'Lays every value of a sample out in one row, e.g. [28, 28, 1] → [784], so Dense can follow.',
  params: z.object({}),
  inputs: [{ name: 'in', dtype: 'any' }],
  outputDtype: 'input',
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const x = singleInput(inputs, 'Flatten');
    if (isInferFailure(x)) return x;
    if (x.length < 3)
      return fail(kindErrors.error('flattenTooFewAxes', { shape: formatShape(x) }, { hint: shapeHint('removeFlatten') }), 'in');
    const size = knownProduct(x.slice(1));
    if (size === null)
      return fail(kindErrors.error('flattenUnknownSize', { shape: formatShape(x) }, { hint: shapeHint('fixSizeOrPool') }), 'in');
    return ok([null, size]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['Flatten'],
    fromConfig(c) {
      requireChannelsLast(c, 'Flatten');
      return {};
    },
  },
});

export const specs = [flattenSpec];
