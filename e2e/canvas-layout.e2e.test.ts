import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot, startEditor, type EditorSession } from './harness';
import { currentDocument, openTemplate } from './editor-helpers';
import { analyzeGraph } from '../shared/graph/analyze';
import { ENGLISH_FACE_WORDS, estimatedNodeBoxes, type FaceWords } from '../shared/graph/node-face';
import { catalog } from '../shared/layers';
import { kindDocs } from '../shared/layers/kinds.generated';
import zhCN from '../renderer/src/i18n/zh-CN.json';

/**
 * Templates open readable: every node's text whole (the node is as wide as its text), port
 * labels apart from the parameters, shape labels apart from each other, and the view
 * starting at the Inputs at a zoom where text reads.
 */
const TEMPLATES = [
  { file: 'transformer-spam.nnd.json', shot: 'transformer' },
  { file: 'lenet5-mnist.nnd.json', shot: 'lenet5' },
  { file: 'gcn-sbm.nnd.json', shot: 'gcn' },
] as const;

/** The words on a node in each interface language, from the same tables the page reads. */
const ZH_PARAM_LABELS: Record<string, string> = zhCN.paramLabels;
const FACE_WORDS: Record<'en' | 'zh-CN', FaceWords> = {
  en: ENGLISH_FACE_WORDS,
  'zh-CN': {
    kindLabel: (type, englishLabel) => kindDocs.find((d) => d.type === type)?.palette['zh-CN'].label ?? englishLabel,
    paramLabel: (name) => ZH_PARAM_LABELS[name] ?? name,
    paramCount: (count) => zhCN.node.paramsCompact.replace('{{value}}', count.toLocaleString('zh-CN')),
  },
};

/*
 * The checks run in the page; they are written as source text since this file is typed
 * for Node, without the DOM's types.
 */

/** Elements inside nodes holding text that does not fit their box, or runs past their node. */
const CUT_TEXT = `[...document.querySelectorAll('.react-flow__node *')]
  .filter((el) => el instanceof HTMLElement && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== ''))
  .filter((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > el.closest('.react-flow__node').getBoundingClientRect().right + 0.5)
  .map((el) => (el.closest('[data-layer-name]')?.getAttribute('data-layer-name') ?? '') + ': ' + el.textContent)`;

/** Pairs of elements, one matching `first` and one `second`, that overlap: within each node, or anywhere on the canvas. */
function overlapsScript(first: string, second: string, sameNode: boolean): string {
  return `(() => {
    const found = [];
    const scopes = ${sameNode} ? [...document.querySelectorAll('.react-flow__node')] : [document.body];
    for (const scope of scopes) {
      const boxes = (selector) => [...scope.querySelectorAll(selector)].map((el) => ({ el, r: el.getBoundingClientRect() }));
      const a = boxes(${JSON.stringify(first)});
      const b = boxes(${JSON.stringify(second)});
      for (const x of a)
        for (const y of b) {
          if (x.el === y.el || (a === b && x.el.compareDocumentPosition(y.el) & Node.DOCUMENT_POSITION_PRECEDING)) continue;
          const p = x.r, q = y.r;
          if (p.width && q.width && p.left < q.right - 0.5 && q.left < p.right - 0.5 && p.top < q.bottom - 0.5 && q.top < p.bottom - 0.5)
            found.push(x.el.textContent + ' / ' + y.el.textContent);
        }
    }
    return [...new Set(found)];
  })()`;
}

const cutText = (page: Page) => page.evaluate<string[]>(CUT_TEXT);
const overlaps = (page: Page, first: string, second: string, sameNode = false) => page.evaluate<string[]>(overlapsScript(first, second, sameNode));

/** Zooms out until every node is drawn (a big graph draws only those in view). */
async function showAllNodes(page: Page, count: number): Promise<void> {
  for (let i = 0; i < 12 && (await page.locator('[data-testid="layer-node"]').count()) < count; i++) await page.click('.react-flow__controls-zoomout');
  await expect.poll(() => page.locator('[data-testid="layer-node"]').count()).toBe(count);
}

for (const locale of ['en', 'zh-CN'] as const) {
  describe(`templates open readable (${locale})`, () => {
    let editor: EditorSession;
    beforeAll(async () => {
      editor = await startEditor({ locale });
    });
    afterAll(async () => {
      await editor?.stop();
    });

    for (const template of TEMPLATES)
      it(`${template.file}: no text cut or overlapping, the Inputs in view at a readable zoom`, async () => {
        const { page } = editor;
        await openTemplate(page, template.file);
        const doc = await currentDocument(page);
        // The first view: the Inputs on screen, text at 60 % or more.
        const zoom = await page.evaluate<number>(`new DOMMatrixReadOnly(getComputedStyle(document.querySelector('.react-flow__viewport')).transform).a`);
        expect(zoom).toBeGreaterThanOrEqual(0.6);
        const pane = (await page.locator('[data-testid="canvas"]').boundingBox())!;
        for (const input of doc.nodes.filter((n) => n.type === 'Input')) {
          const box = (await page.locator(`[data-testid="layer-node"][data-layer-name="${input.name}"]`).boundingBox())!;
          expect(box.x, input.name).toBeGreaterThanOrEqual(pane.x);
          expect(box.y, input.name).toBeGreaterThanOrEqual(pane.y);
          expect(box.x + box.width, input.name).toBeLessThanOrEqual(pane.x + pane.width);
          expect(box.y + box.height, input.name).toBeLessThanOrEqual(pane.y + pane.height);
        }
        await page.mouse.move(pane.x + pane.width - 4, pane.y + pane.height - 4);
        await saveScreenshot(page, `canvas-${template.shot}-${locale === 'en' ? 'en' : 'zh'}`);

        await showAllNodes(page, doc.nodes.length);
        expect(await cutText(page)).toEqual([]);
        const nodeText = '.port-label, .layer-node-params > div, .layer-node-header > div, .node-shape, .node-params';
        expect(await overlaps(page, nodeText, nodeText, true)).toEqual([]);
        expect(await overlaps(page, '.react-flow__node-layer', '.react-flow__node-layer')).toEqual([]);
        // Shape labels on the wires: apart from each other and never under a layer.
        expect(await overlaps(page, '[data-testid="edge-shape"]', '[data-testid="edge-shape"], .react-flow__node-layer')).toEqual([]);
        // The layout's estimate of each node (what `nnd import` and the templates are laid out
        // with) is what the page drew, within a few pixels, so routed wires clear the nodes.
        const estimate = estimatedNodeBoxes(doc, analyzeGraph(doc, catalog), catalog, FACE_WORDS[locale]);
        const drawn = await page.evaluate<[string, number, number][]>(
          `[...document.querySelectorAll('[data-testid="layer-node"]')].map((el) => [el.getAttribute('data-layer-name'), el.offsetWidth, el.offsetHeight])`,
        );
        for (const [name, width, height] of drawn) {
          const box = estimate(doc.nodes.find((n) => n.name === name)!);
          expect(height, name).toBeCloseTo(box.height, -0.5);
          // Wider than planned would put wires behind the node; narrower only leaves room.
          expect(width - box.width, name).toBeLessThanOrEqual(16);
          expect(box.width - width, name).toBeLessThanOrEqual(40);
        }
        // Key parameters are labelled in the interface language, the Keras identifier on hover.
        const labels = await page
          .locator('.layer-node-params [data-param]')
          .evaluateAll((els) => els.map((el) => ({ name: el.getAttribute('data-param')!, label: el.querySelector('b')?.textContent ?? '' })));
        expect(labels.length).toBeGreaterThan(0);
        for (const { name, label } of labels) expect(label, name).toBe(FACE_WORDS[locale].paramLabel(name));
        if (locale === 'zh-CN') expect(labels.filter(({ name, label }) => label !== name).length).toBeGreaterThan(0);
        // Every layer shows its name.
        for (const n of doc.nodes) expect(await page.locator(`[data-layer-name="${n.name}"] .layer-node-name`).textContent()).toBe(n.name);
        expect(editor.pageErrors).toEqual([]);
      });
  });
}
