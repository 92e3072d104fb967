import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { addNode, connect } from '../../../shared/graph/actions';
import { analyzeGraph, validateGraph, type Problem } from '../../../shared/graph/analyze';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { marksOf, RING_DISCRIMINATOR, RING_GENERATOR, withChains, type GanLayer } from '../../../shared/graph/gan-document.fixture';
import { trainingProblems } from '../../../shared/graph/objectives';
import type { GanConfigInput, TrainingConfig } from '../../../shared/graph/training-config';
import type { FieldDescription } from '../../../shared/data/fields';
import { i18n } from '.';
import { problemText } from './problem-text';

function brokenGraphs(): GraphDocument[] {
  let mlp = addNode(emptyDocument(), { type: 'Input', params: { shape: [4] } });
  mlp = addNode(mlp, { type: 'Dense', params: { units: 8 } });
  mlp = addNode(mlp, { type: 'Dense', params: { units: 2 } });
  mlp = connect(mlp, { source: 'input_1', target: 'dense_1' });
  mlp = connect(mlp, { source: 'dense_1', target: 'dense_2' });
  const cycle = connect(mlp, { source: 'dense_2', target: 'dense_1', targetTakesMany: true });
  const duplicate = { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'dense_2' ? { ...n, name: 'dense_1' } : n)) };
  const badPort = { ...mlp, edges: mlp.edges.map((e) => (e.target === 'dense_2' ? { ...e, targetHandle: 'query' } : e)) };
  const dangling = { ...mlp, edges: [...mlp.edges, { id: 'x', source: 'ghost', sourceHandle: 'out', target: 'dense_1', targetHandle: 'in' }] };
  let image = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
  image = addNode(image, { type: 'Dense', params: { units: 10 } });
  image = connect(image, { source: 'input_1', target: 'dense_1' });
  const unknownAndInvalid = addNode(addNode(addNode(mlp, { type: 'Warp' }), { type: 'Dense', params: { units: -1 } }), { type: 'Add' });
  let ids = addNode(emptyDocument(), { type: 'Input', params: { shape: [6, 6, 1], dtype: 'int32' } });
  ids = addNode(ids, { type: 'Conv2D' });
  ids = connect(ids, { source: 'input_1', target: 'conv2d_1' });
  let floatIds = addNode(emptyDocument(), { type: 'Input', params: { shape: [4] } });
  floatIds = addNode(floatIds, { type: 'Embedding' });
  floatIds = connect(floatIds, { source: 'input_1', target: 'embedding_1' });
  const huge = { ...mlp, nodes: mlp.nodes.map((n) => (n.id === 'dense_1' ? { ...n, params: { units: 1_000_000_000 } } : n)) };
  return [cycle, duplicate, badPort, dangling, image, unknownAndInvalid, emptyDocument(), addNode(emptyDocument(), { type: 'Dense' }), huge, ids, floatIds];
}

describe('problemText', () => {
  const problems = brokenGraphs().flatMap((doc) => validateGraph(doc, catalog));

  it('covers the problems the validator reports', () => {
    expect(new Set(problems.map((p) => p.code)).size).toBeGreaterThanOrEqual(8);
  });

  it('says each problem in Chinese with the values of the English message', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const problem of problems) {
      const text = problemText(i18n.t, problem);
      expect(text, problem.message).toMatch(/\p{Script=Han}/u);
      expect(text, problem.message).not.toMatch(/{{/);
      // A detail that has its own code (a kind's shape error, a schema issue) is said again in Chinese, not quoted.
      const saidAgain = problem.shapeError || problem.issue ? ['detail'] : [];
      for (const [name, value] of Object.entries(problem.params))
        if (problem.params.reason !== value && !saidAgain.includes(name)) expect(text).toContain(String(value));
    }
  });

  it('says a bad parameter value in Chinese, zod’s own message included, whatever language it was found in', async () => {
    const invalid = problems.find((p) => p.code === 'invalid-param')!;
    expect(invalid.issue).toMatchObject({ code: 'too_small', path: ['units'] });
    await i18n.changeLanguage('zh-CN');
    expect(problemText(i18n.t, invalid)).toBe('参数 units 无效：数值过小：期望 number >=1');
    // Found while the page spoke Chinese, read after a switch back to English.
    const found = validateGraph(addNode(emptyDocument(), { type: 'Dense', params: { units: 'ten' } }), catalog).find((p) => p.code === 'invalid-param')!;
    expect(found.message).toMatch(/\p{Script=Han}/u);
    await i18n.changeLanguage('en');
    expect(problemText(i18n.t, found)).toBe('Invalid parameter units: Invalid input: expected number, received string');
  });

  it('says each problem in English as the validator does, up to capitals and full stops', async () => {
    await i18n.changeLanguage('en');
    for (const problem of problems) {
      const normal = (s: string) => s.toLowerCase().replace(/\.$/, '');
      expect(normal(problemText(i18n.t, problem))).toBe(normal(problem.message));
    }
  });

  it('keeps the English message for a problem it does not know', () => {
    expect(problemText(i18n.t, { code: 'shape-mismatch', params: { reason: 'new-kind-of-problem' }, message: 'as is' })).toBe('as is');
  });
});

/** A document that cannot train for each objective problem, with the fields it is checked against. */
function untrainable(): { doc: GraphDocument; fields: Record<string, FieldDescription> | null }[] {
  const table = (doc: GraphDocument): GraphDocument => ({ ...doc, dataset: { kind: 'csv', path: 'data.csv', columns: {}, labelEncoding: 'auto', normalize: 'none' } });
  const trained = (doc: GraphDocument, training: Partial<TrainingConfig>): GraphDocument => ({ ...doc, training: { ...doc.training, ...training } });
  const head = (units: number, activation: string, shape: (number | null)[] = [4]) => {
    let doc = addNode(emptyDocument(), { type: 'Input', params: { shape } });
    doc = addNode(doc, { type: 'Dense', params: { units, activation } });
    return connect(doc, { source: 'input_1', target: 'dense_1' });
  };
  let two = head(1, 'sigmoid');
  two = addNode(addNode(two, { type: 'Input', params: { shape: [4] } }), { type: 'Dense', params: { units: 1, activation: 'sigmoid' } });
  two = connect(two, { source: 'input_2', target: 'dense_2' });
  let shrinking = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
  shrinking = addNode(shrinking, { type: 'Conv2D', params: { filters: 1, kernelSize: [5, 5], activation: 'sigmoid' } });
  shrinking = connect(shrinking, { source: 'input_1', target: 'conv2d_1' });
  const table4 = { x: { shape: [4], kind: 'features' }, y: { shape: [3], kind: 'classes', classNames: ['a', 'b', 'c'] } } satisfies Record<string, FieldDescription>;
  const mask = { ...table4, mask: { shape: [7], kind: 'class-index', classNames: ['a', 'b', 'c'] } } satisfies Record<string, FieldDescription>;
  const declare = (target: string, loss: TrainingConfig['loss']) => ({ outputs: { dense_1: { target, loss, weight: 1, metrics: [] } } });
  return [
    { doc: table(two), fields: table4 },
    { doc: two, fields: null },
    { doc: table(trained(head(3, 'softmax'), { inputs: { input_1: { field: 'features' } }, ...declare('species', 'categoricalCrossentropy') })), fields: table4 },
    { doc: table(trained(shrinking, { loss: 'mse' })), fields: { x: { shape: [28, 28, 1], kind: 'image' }, y: { shape: [28, 28, 1], kind: 'image' } } },
    { doc: table(trained(head(2, 'softmax', [null, 4]), declare('mask', 'categoricalCrossentropy'))), fields: mask },
    { doc: table(trained(head(2, 'softmax', [null, 4]), declare('y', 'sparseCategoricalCrossentropy'))), fields: { ...table4, y: { shape: [5, 2], kind: 'classes' } } },
    { doc: table(trained(head(2, 'softmax', [null, 4]), declare('mask', 'sparseCategoricalCrossentropy'))), fields: { ...mask, mask: { shape: [5, 2], kind: 'classes' } } },
    { doc: table(trained(head(2, 'softmax', [7, 4]), declare('mask', 'sparseCategoricalCrossentropy'))), fields: mask },
    { doc: table(trained(head(2, 'softmax', [7, 4]), declare('y', 'sparseCategoricalCrossentropy'))), fields: { ...table4, y: { shape: [7], kind: 'class-index', classNames: ['a', 'b', 'c'] } } },
    { doc: table(trained(head(6, 'softmax', [null, 4]), declare('y', 'categoricalCrossentropy'))), fields: { ...table4, y: { shape: [3, 5], kind: 'classes' } } },
    { doc: table(trained(head(3, 'softmax', [7, 4]), declare('y', 'categoricalCrossentropy'))), fields: { ...table4, y: { shape: [7], kind: 'class-index', classNames: ['a', 'b', 'c'] } } },
    { doc: table(trained(head(2, 'sigmoid', [null, 4]), declare('mask', 'mse'))), fields: { ...mask, mask: { shape: [9], kind: 'numbers' } } },
    { doc: head(1, 'softmax'), fields: null },
    { doc: trained(head(1, 'sigmoid'), { loss: 'categoricalCrossentropy' }), fields: null },
    { doc: head(3, 'linear'), fields: null },
    { doc: table(trained(head(3, 'softmax'), { loss: 'categoricalCrossentropy' })), fields: { ...table4, y: { shape: [3], kind: 'numbers' } } },
  ];
}

describe('problemText of what keeps a document from training', () => {
  const problems = untrainable().flatMap(({ doc, fields }) => {
    const analysis = analyzeGraph(doc, catalog);
    expect(analysis.problems).toEqual([]);
    return trainingProblems(doc, analysis, fields);
  });
  const said = (p: Problem) => [p.code, p.params.reason ?? p.params.hint ?? '', p.params.field === undefined ? '' : 'named'].join(' ');

  it('covers every code, reason and hint', () => {
    expect(new Set(problems.map(said))).toEqual(
      new Set([
        'input-unbound unbound ',
        'input-unbound no-dataset ',
        'input-unbound field-missing named',
        'objective-missing unbound ',
        'objective-missing no-dataset ',
        'target-missing  named',
        'target-shape valid-padding ',
        'target-shape indices named',
        'target-shape none ',
        'target-shape none named',
        'target-shape one-hot ',
        'target-shape one-hot named',
        'target-shape classes ',
        'target-shape classes named',
        'target-shape indices ',
        'loss-misfit softmax-one-unit ',
        'loss-misfit categorical-one-unit ',
        'loss-misfit crossentropy-unbounded ',
        'loss-misfit crossentropy-numbers named',
      ]),
    );
  });

  it('says each in Chinese with the values of the English message', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const problem of problems) {
      const text = problemText(i18n.t, problem);
      expect(text, problem.message).toMatch(/\p{Script=Han}/u);
      expect(text, problem.message).not.toMatch(/{{/);
      for (const [name, value] of Object.entries(problem.params)) if (name !== 'reason' && name !== 'hint') expect(text, problem.message).toContain(String(value));
    }
  });

  it('says each in English as the validator does, up to capitals and full stops', async () => {
    await i18n.changeLanguage('en');
    const normal = (s: string) => s.toLowerCase().replace(/\.$/, '');
    for (const problem of problems) expect(normal(problemText(i18n.t, problem))).toBe(normal(problem.message));
  });
});

type Layer = GanLayer;
const GENERATOR = RING_GENERATOR;
const DISCRIMINATOR = RING_DISCRIMINATOR;
const POINTS = { x: { shape: [2], kind: 'features' }, y: { shape: [0], kind: 'numbers' } } satisfies Record<string, FieldDescription>;

/** Chains of layers (each starting at an Input) and the GAN marks, on the first two chains' ends unless `marks` says otherwise. */
function ganDocument(chains: Layer[][], marks: Partial<GanConfigInput> = {}): GraphDocument {
  const doc = withChains(emptyDocument(), ...chains);
  return { ...doc, training: { ...doc.training, gan: marksOf(chains[0]!, chains[1]!, marks) } };
}

/** A GAN document for each thing that keeps one from training, with the fields of real samples it is checked against. */
function untrainableGans(): { doc: GraphDocument; fields: Record<string, FieldDescription> | null }[] {
  let joined = ganDocument([GENERATOR, DISCRIMINATOR]);
  joined = addNode(joined, { type: 'Concatenate', name: 'both', id: 'both' });
  joined = connect(joined, { source: 'g_hidden', target: 'both', targetTakesMany: true });
  joined = connect(joined, { source: 'd_hidden', target: 'both', targetTakesMany: true });
  const softmax: Layer[] = [...DISCRIMINATOR.slice(0, 2), ['Dense', { units: 2, activation: 'softmax' }, 'verdict']];
  return [
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { generator: { input: 'g_hidden', output: 'gone' } }), fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { discriminator: { input: 'sample', output: 'd_hidden' } }), fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { generator: { input: 'noise', output: 'real_or_fake' } }), fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { discriminator: { input: 'sample', output: 'fake' } }), fields: null },
    { doc: joined, fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR, [['Input', { shape: [3] }, 'extra'], ['Dense', { units: 1 }, 'extra_out']]]), fields: null },
    { doc: ganDocument([[...GENERATOR.slice(0, 2), ['Dense', { units: 3 }, 'fake']], DISCRIMINATOR]), fields: null },
    { doc: ganDocument([GENERATOR, softmax]), fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { loss: 'hinge' }), fields: null },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR], { real: 'points' }), fields: POINTS },
    { doc: ganDocument([GENERATOR, DISCRIMINATOR]), fields: { x: { shape: [28, 28, 1], kind: 'image' } } },
  ];
}

/** Whether `message` has `value` as a word of its own (a node named "sample" is not in "samples"). */
function quotes(message: string, value: string): boolean {
  const at = message.indexOf(value);
  return at >= 0 && !/\w/.test(message[at - 1] ?? '') && !/\w/.test(message[at + value.length] ?? '');
}

describe('problemText of a GAN document', () => {
  const problems = untrainableGans().flatMap(({ doc, fields }) => trainingProblems(doc, analyzeGraph(doc, catalog), fields));
  const said = (p: Problem) => [p.code, p.params.role ?? p.params.against ?? '', p.params.reason ?? ''].join(' ');

  it('covers every code, role and reason', () => {
    expect(new Set(problems.map(said))).toEqual(
      new Set([
        'gan-role generator-input not-input',
        'gan-role generator-output missing',
        'gan-role discriminator-output not-output',
        'gan-role generator-output apart',
        'gan-role discriminator-output apart',
        'gan-role discriminator-input joined',
        'gan-role none outside',
        'gan-shape discriminator ',
        'gan-shape data ',
        'gan-discriminator-output  units',
        'gan-discriminator-output  activation',
        'gan-discriminator-output  hinge-probability',
      ]),
    );
    // Both sentences about real samples: a field the dataset lacks, and one of another shape.
    expect(problems.filter((p) => p.params.against === 'data').map((p) => p.params.actual === undefined)).toEqual([true, false]);
  });

  it('says each in Chinese with the values of the English message', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const problem of problems) {
      const text = problemText(i18n.t, problem);
      expect(text, problem.message).toMatch(/\p{Script=Han}/u);
      expect(text, problem.message).not.toMatch(/{{/);
      // Which variant (reason, role, against) is said in words; every value the English sentence quotes is kept.
      for (const [name, value] of Object.entries(problem.params))
        if (!['reason', 'role', 'against'].includes(name) && quotes(problem.message, String(value))) expect(text, problem.message).toContain(String(value));
    }
  });

  it('says each in English as the validator does, up to capitals and full stops', async () => {
    await i18n.changeLanguage('en');
    const normal = (s: string) => s.toLowerCase().replace(/\.$/, '');
    for (const problem of problems) expect(normal(problemText(i18n.t, problem))).toBe(normal(problem.message));
  });
});
