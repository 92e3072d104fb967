import { afterAll, describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { SHAPE_ERROR_CODES, SHAPE_HINT_CODES, shapeErrorCodes, UNKNOWN_SIZE, type ShapeError } from '../../../shared/layers/shape-errors';
import type { InferResult, Shape } from '../../../shared/layers/types';
import en from './en.json';
import zhCN from './zh-CN.json';
import { i18n } from '.';
import { shapeErrorText } from './shape-error-text';

type Failure = Extract<InferResult, { ok: false }> & { type: string };

/** Shapes of every rank from 1 to 5 axes, known and with free axes, small enough to trip size checks. */
const SHAPES: Shape[] = [
  [null],
  [null, 4],
  [null, 9],
  [null, null],
  [null, 2],
  [null, 1],
  [null, 3, 4],
  [null, 5, 4],
  [null, null, 4],
  [null, 3, null],
  [null, 2, 2],
  [null, 3, 3, 2],
  [null, 8, 8, 3],
  [null, 3, 3, null],
  [null, null, 8, 3],
  [null, 2, 2, 2, 2],
];
const FEW_SHAPES: Shape[] = [[null], [null, 4], [null, 2], [null, 1], [null, 3, 4], [null, 5, 4], [null, 5, 6], [null, null, 4], [null, 3, null], [null, 8, 8, 3], [null, 2, 2, 1]];

/** Params beyond the defaults that reach the checks a default layer never meets. */
const PARAM_VARIANTS: Record<string, Record<string, unknown>[]> = {
  Input: [{ role: 'nodeFeatures', shape: [2, 3] }, { role: 'edgeIndex', shape: [3], dtype: 'int32' }, { role: 'graphIds', shape: [2] }],
  Dense: [{ units: 3 }],
  Reshape: [{ targetShape: [5] }, { targetShape: [-1, 5] }],
  Permute: [{ dims: [2, 1] }],
  Conv1D: [{ kernelSize: 7 }, { kernelSize: 3, dilationRate: 3 }],
  Conv2D: [{ kernelSize: [5, 5] }, { kernelSize: [3, 3], dilationRate: [3, 3] }],
  MaxPooling2D: [{ poolSize: [4, 4] }],
  MaxPooling1D: [{ poolSize: 6 }],
  BatchNormalization: [{ axis: 5 }, { axis: 0 }, { axis: 1 }],
  LayerNormalization: [{ axis: -4 }],
  Concatenate: [{ axis: 0 }, { axis: 3 }, { axis: 1 }],
  Embedding: [{ inputLength: 7 }],
  Bidirectional: [{ layer: { type: 'LSTM', params: { units: -2 } } }],
  TimeDistributed: [
    { layer: { type: 'Conv2D', params: {} } },
    { layer: { type: 'Warp', params: {} } },
    { layer: { type: 'Add', params: {} } },
    { layer: { type: 'Dense', params: { units: 'many' } } },
    { layer: { type: 'LSTM', params: { returnState: true } } },
  ],
  MultiHeadAttention: [{ causal: true }],
  PositionalEmbedding: [{ maxLength: 2 }],
  PatchEmbedding: [{ patchSize: 3 }, { patchSize: 2 }],
  TakeStep: [{ index: 7 }],
};

function failuresOf(type: string): Failure[] {
  const kind = catalog.kind(type)!;
  const multiPort = kind.inputs.length > 1 || kind.inputs.some((p) => p.multiple);
  const inputLists: Shape[][] = [[]];
  if (multiPort) {
    for (const a of FEW_SHAPES) {
      inputLists.push([a]);
      for (const b of FEW_SHAPES) {
        inputLists.push([a, b]);
        for (const c of FEW_SHAPES.slice(4, 8)) inputLists.push([a, b, c]);
      }
    }
  } else {
    for (const a of SHAPES) inputLists.push([a], [a, a]);
  }
  const failures: Failure[] = [];
  for (const raw of [{}, ...(PARAM_VARIANTS[type] ?? [])]) {
    const resolved = catalog.resolveParams(type, raw);
    if (!resolved.success) throw new Error(`${type}: ${resolved.error}`);
    for (const inputs of inputLists) {
      const result = kind.inferShape(inputs, resolved.params, catalog);
      if (!result.ok) failures.push({ ...result, type });
    }
  }
  return failures;
}

// One of each sentence: the same message from many inputs says nothing new.
const failures = [...new Map(catalog.all().flatMap((kind) => failuresOf(kind.type)).map((f) => [f.message, f] as const)).values()];

function codesOf(error: ShapeError): string[] {
  return [error.code, ...(error.cause ? codesOf(error.cause) : [])];
}

function valuesOf(error: ShapeError): string[] {
  const own = Object.values(error.params)
    .filter((v) => v !== UNKNOWN_SIZE)
    .map(String);
  const hint = error.hint ? Object.values(error.hint.params).map(String) : [];
  return [...own, ...hint, ...(error.cause ? valuesOf(error.cause) : [])];
}

describe('shape errors of the layer kinds', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('are met for every kind with bad input shapes, and between them use every code', () => {
    const kindsWithout = catalog.all().filter((kind) => !failures.some((f) => f.type === kind.type));
    expect(kindsWithout.map((k) => k.type)).toEqual([]);
    const seen = new Set(failures.flatMap((f) => codesOf(f.error)));
    // inferCrashed is the validator's, for a kind that throws.
    expect(shapeErrorCodes().filter((code) => code !== 'inferCrashed' && !seen.has(code))).toEqual([]);
    const hints = new Set(failures.flatMap((f) => (f.error.hint ? [f.error.hint.code] : [])));
    expect(SHAPE_HINT_CODES.filter((code) => !hints.has(code))).toEqual([]);
  });

  it('have a sentence in both languages for every code and hint', () => {
    const sections = (locale: typeof en) => [locale.shapeErrors as Record<string, string>, locale.shapeHints as Record<string, string>];
    for (const [errors, hints] of [sections(en), sections(zhCN)]) {
      for (const code of SHAPE_ERROR_CODES) expect(errors![code], code).toBeTruthy();
      for (const code of SHAPE_HINT_CODES) expect(hints![code], code).toBeTruthy();
    }
  });

  it('a kind’s own errors (in its folder) have a sentence in both languages, with the same values in each', () => {
    const kindCodes = catalog.all().flatMap((kind) => Object.entries(kind.shapeErrors ?? {}));
    expect(kindCodes.length).toBeGreaterThan(0);
    const values = (template: string) => [...template.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [code, text] of kindCodes) {
      expect(text.en, code).toBeTruthy();
      expect(text['zh-CN'], code).toMatch(/\p{Script=Han}/u);
      expect(values(text['zh-CN']), code).toEqual(values(text.en));
      expect((en.shapeErrors as Record<string, string>)[code], `${code} is the kind's, not en.json's`).toBeUndefined();
    }
  });

  it('read in English exactly as the message the CLI prints', async () => {
    await i18n.changeLanguage('en');
    for (const failure of failures) expect(shapeErrorText(i18n.t, failure.error), failure.type).toBe(failure.message);
  });

  it('read in Chinese fully translated, with every value filled in', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const failure of failures) {
      const text = shapeErrorText(i18n.t, failure.error);
      expect(text, failure.message).toMatch(/\p{Script=Han}/u);
      expect(text, failure.message).not.toMatch(/{{|}}/);
      // No English sentence left over: the English message's own words (not names and shapes) are gone.
      expect(text, failure.message).not.toMatch(/\b(expects|needs|but gets|before it|invalid input|too small)\b/i);
      for (const value of valuesOf(failure.error)) expect(text, failure.message).toContain(value);
    }
  });
});

describe('the validator’s shape problems through problemText', () => {
  it('carry the kind’s code, so the node and the summary say them in Chinese', async () => {
    const { problemText } = await import('./problem-text');
    const { validateGraph } = await import('../../../shared/graph/analyze');
    const { addNode, connect } = await import('../../../shared/graph/actions');
    const { emptyDocument } = await import('../../../shared/graph/document');
    let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 10 } });
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    const [problem] = validateGraph(doc, catalog);
    expect(problem).toMatchObject({ code: 'shape-mismatch', shapeError: { code: 'rank', hint: { code: 'addFlatten' } } });
    await i18n.changeLanguage('zh-CN');
    expect(problemText(i18n.t, problem!)).toBe('形状不匹配：Dense 需要 2 维输入 [batch, features]，但得到的是 [batch, 28, 28, 1]——在它之前加一个 Flatten');
    await i18n.changeLanguage('en');
    expect(problemText(i18n.t, problem!)).toBe(problem!.message);
  });
});
