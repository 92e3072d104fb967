import { z } from 'zod';
import { fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';
import { kindErrors } from './shape-errors';

/** Reads one position out of a sequence: the class token, or a decoder's last step. */
export const takeStepSpec = defineSpec({
  type: 'TakeStep',
  order: 470,
  shapeErrors: kindErrors.texts,
  family: 'Reshape',
  label: 'Take step',
  doc: 'Keeps one step of a sequence: 0 for a class token (BERT, ViT), −1 for the last step of a causal decoder.',
  params: z.object({
    index: z.number().int().default(0).describe('the step kept; negative counts from the end (−1 is the last)'),
  }),
  inputs: [{ name: 'in', dtype: 'any' }],
  outputDtype: 'input',
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'TakeStep');
    if (isInferFailure(x)) return x;
    if (x.length < 3) return fail(kindErrors.error('takeStepSequence', { shape: formatShape(x) }), 'in');
    const steps = x[1]!;
    if (steps !== null && (p.index >= steps || p.index < -steps))
      return fail(kindErrors.error('takeStepIndex', { index: p.index, shape: formatShape(x), steps, last: steps - 1 }), 'in');
    return ok([x[0]!, ...x.slice(2)]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['NndTakeStep'],
    fromConfig: (c) => ({ index: c.index }),
  },
});

export const specs = [takeStepSpec];
