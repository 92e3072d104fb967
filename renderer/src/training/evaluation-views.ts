import type { Prediction } from '../../../shared/host-api';
import { evaluationSections, type Evaluation, type OutputEvaluation, type SampleImage } from '../../../shared/training/protocol';
import { decodeImage } from '../../../shared/training/sample-image';
import { visibleClassName } from './try-it';

/**
 * What the evaluation views draw, kept apart from the components so it can be tested
 * without a page: pictures as RGBA pixels, masks in class colours over the picture read,
 * tokens as text marked right or wrong.
 */

/** Distinct colours for classes 1, 2, …; class 0 (the background, mostly) is left uncoloured over a picture. */
const CLASS_COLOURS: readonly (readonly [number, number, number])[] = [
  [60, 60, 60],
  [230, 60, 60],
  [60, 170, 240],
  [250, 200, 40],
  [90, 200, 90],
  [190, 90, 230],
  [250, 130, 40],
  [40, 200, 190],
  [240, 100, 180],
  [150, 150, 60],
];

export function classColour(index: number): readonly [number, number, number] {
  if (index < CLASS_COLOURS.length) return CLASS_COLOURS[index]!;
  // Beyond the table: spread hues by the golden angle.
  const hue = (index * 137.508) % 360;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (0.55 - 0.45 * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export function cssColour(index: number): string {
  const [r, g, b] = classColour(index);
  return `rgb(${r}, ${g}, ${b})`;
}

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row-major, as ImageData takes it. */
  rgba: Uint8ClampedArray;
}

/** Values in 0..1 per channel (grey, RGB or RGBA) as opaque RGBA pixels. */
export function valuesToPixels(values: ArrayLike<number>, height: number, width: number, channels: number, range: readonly [number, number] = [0, 1]): Pixels {
  const rgba = new Uint8ClampedArray(height * width * 4);
  const span = range[1] - range[0] || 1;
  const byte = (v: number) => Math.round(Math.max(0, Math.min(1, (v - range[0]) / span)) * 255);
  for (let p = 0; p < height * width; p++) {
    const at = p * channels;
    const r = byte(values[at]!);
    rgba[p * 4] = r;
    rgba[p * 4 + 1] = channels >= 3 ? byte(values[at + 1]!) : r;
    rgba[p * 4 + 2] = channels >= 3 ? byte(values[at + 2]!) : r;
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** A sample picture of an evaluation as pixels. */
export function imagePixels(image: SampleImage): Pixels {
  const values = decodeImage(image);
  return valuesToPixels(values, image.height, image.width, image.channels, image.range ?? [0, 1]);
}

/**
 * A mask in class colours: over `under` (the picture read, when there is one) at a little
 * over half strength, class 0 leaving the picture as it is; alone, every class coloured.
 */
export function maskPixels(mask: SampleImage, under: Pixels | null): Pixels {
  const classes = decodeImage(mask);
  const { height, width } = mask;
  const rgba = new Uint8ClampedArray(height * width * 4);
  const sameSize = under && under.width === width && under.height === height;
  for (let p = 0; p < height * width; p++) {
    const k = Math.round(classes[p]!);
    const [r, g, b] = classColour(k);
    if (sameSize) {
      const strength = k === 0 ? 0 : 0.6;
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.round(under.rgba[p * 4 + c]! * (1 - strength) + [r, g, b][c]! * strength);
    } else {
      rgba[p * 4] = r;
      rgba[p * 4 + 1] = g;
      rgba[p * 4 + 2] = b;
    }
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

export interface Triplet {
  input: Pixels | null;
  target: Pixels;
  predicted: Pixels;
}

/** The rows an image section shows: the picture read, the target and the prediction (masks over the picture). */
export function imageTriplets(evaluation: Extract<OutputEvaluation, { kind: 'images' }>): Triplet[] {
  const mask = evaluation.classNames !== undefined;
  return evaluation.examples.map((example) => {
    const input = example.input ? imagePixels(example.input) : null;
    return mask
      ? { input, target: maskPixels(example.target, input), predicted: maskPixels(example.predicted, input) }
      : { input, target: imagePixels(example.target), predicted: imagePixels(example.predicted) };
  });
}

/** The classes a mask section's legend lists: those that occur in a shown target or prediction. */
export function maskLegend(evaluation: Extract<OutputEvaluation, { kind: 'images' }>): { index: number; name: string; colour: string }[] {
  const names = evaluation.classNames ?? [];
  const seen = new Set<number>();
  for (const example of evaluation.examples) for (const image of [example.target, example.predicted]) for (const k of decodeImage(image)) seen.add(Math.round(k));
  return names.flatMap((name, index) => (seen.has(index) || index === 0 ? [{ index, name: visibleClassName(name), colour: cssColour(index) }] : []));
}

export interface TokenCell {
  text: string;
  right: boolean;
  /** What was expected where the prediction is wrong. */
  expected: string;
}

export interface TokenRow {
  /** The tokens read, as one text; null when the model reads no tokens. */
  input: string | null;
  target: string;
  predicted: TokenCell[];
  allRight: boolean;
}

/** Single characters join into a text; words keep a space between them. */
function joinTokens(tokens: string[]): string {
  return tokens.every((t) => [...t].length <= 1) ? tokens.join('') : tokens.join(' ');
}

function tokenText(vocabulary: readonly string[], id: number): string {
  const token = vocabulary[id];
  return token === undefined ? `#${id}` : visibleClassName(token);
}

/** A sequence section's examples as text: what was read, what was expected, and each predicted token right or wrong. */
export function tokenRows(evaluation: Extract<OutputEvaluation, { kind: 'sequences' }>): TokenRow[] {
  const vocabulary = evaluation.vocabulary;
  const inputVocabulary = evaluation.inputVocabulary ?? vocabulary;
  return evaluation.examples.map((example) => {
    const predicted = example.predicted.map((id, i) => ({ text: tokenText(vocabulary, id), right: id === example.target[i], expected: tokenText(vocabulary, example.target[i]!) }));
    return {
      input: example.input ? joinTokens(example.input.map((id) => tokenText(inputVocabulary, id))) : null,
      target: joinTokens(example.target.map((id) => tokenText(vocabulary, id))),
      predicted,
      allRight: predicted.every((cell) => cell.right),
    };
  });
}

/** A section's heading: the output's name where the model has several outputs, none for one. */
export function sectionTitles(evaluation: Evaluation): { output: string | null; evaluation: OutputEvaluation }[] {
  const sections = evaluationSections(evaluation);
  return sections.length > 1 ? sections : sections.map((s) => ({ ...s, output: null }));
}

/** Whether try-it should show its output as a mask: the first output's evaluation holds masks. */
export function maskClassesOf(evaluation: Evaluation | null): string[] | null {
  const first = evaluation ? evaluationSections(evaluation)[0]?.evaluation : undefined;
  return first?.kind === 'images' && first.classNames ? first.classNames : null;
}

/**
 * A try-it prediction as a picture when the output is one ([h, w, c] per row): its values,
 * or for a mask each pixel's most likely class in colour. Null for any other output.
 */
export function predictionPixels(prediction: Prediction, maskClasses: string[] | null): Pixels | null {
  const shape = prediction.outputShape;
  const row = prediction.outputs[0];
  if (!shape || shape.length !== 3 || !row) return null;
  const [height, width, channels] = shape as [number, number, number];
  if (maskClasses) {
    const classes = new Float32Array(height * width);
    for (let p = 0; p < height * width; p++) {
      if (channels === 1) classes[p] = row[p]! >= 0.5 ? 1 : 0;
      else {
        let best = 0;
        for (let k = 1; k < channels; k++) if (row[p * channels + k]! > row[p * channels + best]!) best = k;
        classes[p] = best;
      }
    }
    const rgba = new Uint8ClampedArray(height * width * 4);
    classes.forEach((k, p) => {
      const [r, g, b] = classColour(k);
      rgba.set([r, g, b, 255], p * 4);
    });
    return { width, height, rgba };
  }
  if (![1, 3, 4].includes(channels)) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of row) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // Values in 0..1 as they are; any other range stretched to show.
  const range: [number, number] = lo >= -1e-6 && hi <= 1 + 1e-6 ? [0, 1] : [lo, hi > lo ? hi : lo + 1];
  return valuesToPixels(row, height, width, channels, range);
}
