import { describe, expect, it } from 'vitest';
import { EvaluationSchema, type OutputEvaluation } from '../../../shared/training/protocol';
import { encodeImage, encodeMask } from '../../../shared/training/sample-image';
import { classColour, imageTriplets, maskClassesOf, maskLegend, predictionPixels, sectionTitles, tokenRows } from './evaluation-views';

const pixel = (rgba: Uint8ClampedArray, p: number) => [...rgba.subarray(p * 4, p * 4 + 4)];

describe('evaluation view models', () => {
  it('draws an image triplet as grey pixels from the encoded values', () => {
    const evaluation: Extract<OutputEvaluation, { kind: 'images' }> = {
      kind: 'images',
      split: 'validation',
      samples: 1,
      examples: [{ input: encodeImage([0, 1, 0.5, 0.25], [2, 2, 1]), target: encodeImage([0, 1, 1, 0], [2, 2, 1]), predicted: encodeImage([-1, 1, 3, 0], [2, 2, 1]) }],
      metrics: { mse: 0.1, mae: 0.1 },
    };
    const [row] = imageTriplets(evaluation);
    expect(pixel(row!.input!.rgba, 1)).toEqual([255, 255, 255, 255]);
    expect(pixel(row!.input!.rgba, 2)).toEqual([128, 128, 128, 255]);
    expect(pixel(row!.target.rgba, 3)).toEqual([0, 0, 0, 255]);
    // Values beyond 0..1 are shown over their own range: −1 black, 3 white.
    expect(pixel(row!.predicted.rgba, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(row!.predicted.rgba, 2)).toEqual([255, 255, 255, 255]);
  });

  it('overlays a mask in class colours over the input, class 0 leaving it as it is, and lists the classes seen', () => {
    const evaluation: Extract<OutputEvaluation, { kind: 'images' }> = {
      kind: 'images',
      split: 'validation',
      samples: 1,
      classNames: ['background', 'circle', 'square', 'triangle'],
      examples: [{ input: encodeImage([1, 1, 0, 0], [2, 2, 1]), target: encodeMask([0, 1, 1, 0], 2, 2), predicted: encodeMask([0, 1, 0, 0], 2, 2) }],
      metrics: { pixelAccuracy: 0.75, iou: 0.75 },
    };
    const [row] = imageTriplets(evaluation);
    expect(pixel(row!.target.rgba, 0)).toEqual([255, 255, 255, 255]);
    const [r, g, b] = classColour(1);
    expect(pixel(row!.target.rgba, 1)).toEqual([Math.round(255 * 0.4 + r * 0.6), Math.round(255 * 0.4 + g * 0.6), Math.round(255 * 0.4 + b * 0.6), 255]);
    expect(pixel(row!.target.rgba, 2)).toEqual([Math.round(r * 0.6), Math.round(g * 0.6), Math.round(b * 0.6), 255]);
    expect(pixel(row!.predicted.rgba, 2)).toEqual([0, 0, 0, 255]);
    expect(maskLegend(evaluation).map((e) => e.name)).toEqual(['background', 'circle']);
    expect(maskClassesOf(evaluation)).toEqual(evaluation.classNames);
  });

  it('shows tokens as text with each predicted token right or wrong', () => {
    const evaluation: Extract<OutputEvaluation, { kind: 'sequences' }> = {
      kind: 'sequences',
      split: 'validation',
      samples: 2,
      vocabulary: ['', '<s>', '</s>', '0', '1', '2', ' '],
      examples: [
        { input: [3, 4, 5], target: [5, 4, 3, 2], predicted: [5, 3, 3, 2] },
        { input: null, target: [6, 3], predicted: [6, 3] },
      ],
      tokenAccuracy: 5 / 6,
      sequenceAccuracy: 0.5,
    };
    const [first, second] = tokenRows(evaluation);
    expect(first).toMatchObject({ input: '012', allRight: false });
    // Tokens longer than a character keep a space between them.
    expect(first!.target).toBe('2 1 0 </s>');
    expect(first!.predicted.map((c) => [c.text, c.right])).toEqual([
      ['2', true],
      ['0', false],
      ['0', true],
      ['</s>', true],
    ]);
    expect(first!.predicted[1]!.expected).toBe('1');
    expect(second).toMatchObject({ input: null, target: '␣0', allRight: true });
  });

  it('names the sections of a model with several outputs, and none for one output or an old record', () => {
    const regression = { kind: 'regression' as const, split: 'validation' as const, samples: 1, outputs: 1, points: [{ actual: 1, predicted: 1 }], mae: 0, rmse: 0, r2: null };
    // A run record written before evaluations had sections still reads.
    const old = EvaluationSchema.parse(JSON.parse(JSON.stringify(regression)));
    expect(sectionTitles(old)).toEqual([{ output: null, evaluation: regression }]);
    expect(sectionTitles({ kind: 'outputs', sections: [{ output: 'decoder', evaluation: regression }] })).toEqual([{ output: null, evaluation: regression }]);
    const two = EvaluationSchema.parse({ kind: 'outputs', sections: [{ output: 'species', evaluation: regression }, { output: 'mass', evaluation: regression }] });
    expect(sectionTitles(two).map((s) => s.output)).toEqual(['species', 'mass']);
    expect(maskClassesOf(two)).toBeNull();
  });

  it("turns try-it's answer into a picture when the output is one, or a mask's most likely class per pixel", () => {
    expect(predictionPixels({ outputs: [[0.1, 0.9]] }, null)).toBeNull();
    expect(predictionPixels({ outputs: [[0.1, 0.9]], outputShape: [2] }, null)).toBeNull();
    const image = predictionPixels({ outputs: [[0, 0.5, 1, 1]], outputShape: [2, 2, 1] }, null)!;
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(pixel(image.rgba, 1)).toEqual([128, 128, 128, 255]);
    // Two pixels, three class scores each: class 2, then class 0.
    const mask = predictionPixels({ outputs: [[0.1, 0.2, 0.7, 0.8, 0.1, 0.1]], outputShape: [1, 2, 3] }, ['a', 'b', 'c'])!;
    expect(pixel(mask.rgba, 0)).toEqual([...classColour(2), 255]);
    expect(pixel(mask.rgba, 1)).toEqual([...classColour(0), 255]);
  });
});
