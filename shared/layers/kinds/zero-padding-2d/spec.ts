import { z } from 'zod';
import { layerLabel, requireChannelsLast } from '../../keras-options';
import { isInferFailure, ok } from '../../shape-utils';
import { imageInput } from '../../spatial';
import { defineSpec, NO_PARAMS } from '../../types';

const amount = z.number().int().min(0);

/**
 * Zeros to add around an image: one number for every side, [rows, columns] for symmetric
 * padding, or [[top, bottom], [left, right]].
 */
const paddingAmount = z
  .union([amount, z.tuple([amount, amount]), z.tuple([z.tuple([amount, amount]), z.tuple([amount, amount])])])
  .default([
    [1, 1],
    [1, 1],
  ]);
type PaddingAmount = z.output<typeof paddingAmount>;

/** [[top, bottom], [left, right]] whichever way the amount was written. */
export function paddingSides(p: PaddingAmount): [[number, number], [number, number]] {
  if (typeof p === 'number')
    return [
      [p, p],
      [p, p],
    ];
  const [rows, cols] = p;
  if (typeof rows === 'number' && typeof cols === 'number')
    return [
      [rows, rows],
      [cols, cols],
    ];
  return [[...(rows as [number, number])], [...(cols as [number, number])]];
}

export const zeroPadding2dSpec = defineSpec({
  type: 'ZeroPadding2D',
  order: 210,
  family: 'Reshape',
  label: 'Zero padding 2D',
  doc: 'Adds rows and columns of zeros around an image, e.g. so a strided convolution lines up.',
  params: z.object({
    padding: paddingAmount.describe('one number for all sides, [rows, columns], or [[top, bottom], [left, right]]'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = imageInput(inputs, 'ZeroPadding2D', false);
    if (isInferFailure(x)) return x;
    const [[top, bottom], [left, right]] = paddingSides(p.padding);
    const grow = (d: number | null, by: number) => (d === null ? null : d + by);
    return ok([null, grow(x[1]!, top + bottom), grow(x[2]!, left + right), x[3]!]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['ZeroPadding2D'],
    fromConfig(c, _ctx, className) {
      requireChannelsLast(c, className);
      const raw = c.padding ?? 1;
      const valid = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
      if (valid(raw)) return { padding: raw };
      if (Array.isArray(raw) && raw.length === 2 && raw.every(valid)) return { padding: raw };
      if (Array.isArray(raw) && raw.length === 2 && raw.every((side) => Array.isArray(side) && side.length === 2 && side.every(valid)))
        return { padding: raw };
      throw new Error(
        `${layerLabel(c, className)} has padding ${JSON.stringify(raw)}; expected an int, [rows, columns] or [[top, bottom], [left, right]]`,
      );
    },
  },
});

export const specs = [zeroPadding2dSpec];
