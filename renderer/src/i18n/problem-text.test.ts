import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { addNode, connect } from '../../../shared/graph/actions';
import { validateGraph } from '../../../shared/graph/analyze';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
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
