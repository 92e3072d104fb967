import { z } from 'zod';
import { layerLabel } from '../../keras-options';
import { positiveInt } from '../../params';
import { shapeHint } from '../../shape-errors';
import { expectRank, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';

export const repeatVectorSpec = defineSpec({
  type: 'RepeatVector',
  order: 70,
  family: 'Reshape',
  label: 'Repeat vector',
  doc: 'Repeats a feature vector n times into a sequence: [features] → [n, features] (encoder → decoder).',
  params: z.object({ n: positiveInt(3).describe('how many times the vector is repeated') }),
  inputs: [{ name: 'in', dtype: 'any' }],
  outputDtype: 'input',
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'RepeatVector');
    if (isInferFailure(x)) return x;
    const rank = expectRank(x, 2, 'RepeatVector', '[batch, features]', x.length > 2 ? shapeHint('addFlattenOrPooling') : undefined);
    if (rank) return rank;
    return ok([null, p.n, x[1]!]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['RepeatVector'],
    fromConfig(c) {
      if (!Number.isInteger(c.n)) throw new Error(`${layerLabel(c, 'RepeatVector')} has no integer n`);
      return { n: c.n };
    },
  },
});

export const specs = [repeatVectorSpec];
