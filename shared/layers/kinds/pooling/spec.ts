import { z } from 'zod';
import { isNullish, kerasInt, kerasInts, kerasPadding, layerLabel, requireChannelsLast } from '../../keras-options';
import { pair, padding, positiveInt } from '../../params';
import { isInferFailure, ok } from '../../shape-utils';
import { imageInput, sequenceInput, slideWindow } from '../../spatial';
import { defineSpec, NO_PARAMS, type AnyLayerSpec } from '../../types';

export type Reduction = 'max' | 'average';

/** The reduction as the first word of a label: "Max", "Average". */
export const reductionWord = (reduction: Reduction) => reduction[0]!.toUpperCase() + reduction.slice(1);

const REDUCTION_DOC: Record<Reduction, string> = {
  max: 'keeps the largest value of each window',
  average: 'averages each window',
};

const strides1d = z.number().int().min(1).nullable().default(null).describe('step between windows; empty means the pool size');
const strides2d = z.tuple([z.number().int().min(1), z.number().int().min(1)]).nullable().default(null).describe('step between windows; empty means the pool size');

function poolingFromKeras(c: Record<string, unknown>, className: string, rank: 1 | 2) {
  requireChannelsLast(c, className);
  const read = (key: string, value: unknown) => (rank === 1 ? kerasInt(value, key, c, className) : kerasInts(value, 2, key, c, className));
  if (isNullish(c.pool_size)) throw new Error(`${layerLabel(c, className)} has no pool_size`);
  const poolSize = read('pool_size', c.pool_size);
  const strides = isNullish(c.strides) ? null : read('strides', c.strides);
  // Keras and tfjs write the default (strides = pool size) out in full; null keeps it the default.
  const stridesArePoolSize = JSON.stringify(strides) === JSON.stringify(poolSize);
  return {
    poolSize,
    strides: stridesArePoolSize ? null : strides,
    padding: kerasPadding(c.padding, ['valid', 'same'] as const, c, className),
  };
}

function pooling1d({ type, reduction, order }: { type: string; reduction: Reduction; order: number }): AnyLayerSpec {
  return defineSpec({
    type,
    order,
    family: 'Pooling',
    label: `${reductionWord(reduction)} pooling 1D`,
    doc: `Shrinks a sequence: ${REDUCTION_DOC[reduction]} of steps.`,
    params: z.object({ poolSize: positiveInt(2), strides: strides1d, padding }),
    inputs: [{ name: 'in' }],
    outputs: [{ name: 'out' }],
    inferShape(inputs, p) {
      const x = sequenceInput(inputs, type, false);
      if (isInferFailure(x)) return x;
      const steps = slideWindow(type, 'pool', x, [x[1]!], { size: [p.poolSize], strides: [p.strides ?? p.poolSize], padding: p.padding });
      if (isInferFailure(steps)) return steps;
      return ok([null, ...steps, x[2]!]);
    },
    countParams: () => NO_PARAMS,
    keras: {
      classNames: [type, `${reduction === 'max' ? 'MaxPool' : 'AvgPool'}1D`],
      fromConfig: (c, _ctx, className) => poolingFromKeras(c, className, 1),
    },
  });
}

function pooling2d({ type, reduction, order }: { type: string; reduction: Reduction; order: number }): AnyLayerSpec {
  return defineSpec({
    type,
    order,
    family: 'Pooling',
    label: `${reductionWord(reduction)} pooling 2D`,
    doc: `Shrinks an image: ${REDUCTION_DOC[reduction]} of pixels, per channel.`,
    params: z.object({ poolSize: pair([2, 2]), strides: strides2d, padding }),
    inputs: [{ name: 'in' }],
    outputs: [{ name: 'out' }],
    inferShape(inputs, p) {
      const x = imageInput(inputs, type, false);
      if (isInferFailure(x)) return x;
      const hw = slideWindow(type, 'pool', x, x.slice(1, 3), { size: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding });
      if (isInferFailure(hw)) return hw;
      return ok([null, ...hw, x[3]!]);
    },
    countParams: () => NO_PARAMS,
    keras: {
      classNames: [type, `${reduction === 'max' ? 'MaxPool' : 'AvgPool'}2D`],
      fromConfig: (c, _ctx, className) => poolingFromKeras(c, className, 2),
    },
  });
}

function globalPooling({ type, reduction, rank, order }: { type: string; reduction: Reduction; rank: 1 | 2; order: number }): AnyLayerSpec {
  const what = rank === 1 ? 'all steps of a sequence' : 'all pixels of an image';
  return defineSpec({
    type,
    order,
    family: 'Pooling',
    label: `Global ${reduction} pooling ${rank}D`,
    doc: `One value per channel: ${reduction === 'max' ? 'the largest' : 'the average'} over ${what}. Works for any length or size.`,
    params: z.object({
      keepDims: z.boolean().default(false).describe(`keep the pooled axes with size 1: [${rank === 1 ? '1' : '1, 1'}, channels]`),
    }),
    inputs: [{ name: 'in' }],
    outputs: [{ name: 'out' }],
    inferShape(inputs, p) {
      const x = rank === 1 ? sequenceInput(inputs, type, false) : imageInput(inputs, type, false);
      if (isInferFailure(x)) return x;
      const channels = x[x.length - 1]!;
      return ok(p.keepDims ? [null, ...Array.from({ length: rank }, () => 1), channels] : [null, channels]);
    },
    countParams: () => NO_PARAMS,
    keras: {
      classNames: [type, `Global${reduction === 'max' ? 'MaxPool' : 'AvgPool'}${rank}D`],
      fromConfig(c, _ctx, className) {
        requireChannelsLast(c, className);
        return { keepDims: c.keepdims === true };
      },
    },
  });
}

/** In palette order. */
export const specs: AnyLayerSpec[] = [
  pooling2d({ type: 'MaxPooling2D', reduction: 'max', order: 130 }),
  pooling2d({ type: 'AveragePooling2D', reduction: 'average', order: 140 }),
  globalPooling({ type: 'GlobalAveragePooling2D', reduction: 'average', rank: 2, order: 150 }),
  globalPooling({ type: 'GlobalMaxPooling2D', reduction: 'max', rank: 2, order: 160 }),
  pooling1d({ type: 'MaxPooling1D', reduction: 'max', order: 170 }),
  pooling1d({ type: 'AveragePooling1D', reduction: 'average', order: 180 }),
  globalPooling({ type: 'GlobalAveragePooling1D', reduction: 'average', rank: 1, order: 190 }),
  globalPooling({ type: 'GlobalMaxPooling1D', reduction: 'max', rank: 1, order: 200 }),
];
