import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedDatasetSchema } from '../shared/data/reference';
import { addNode, connect, setDataset } from '../shared/graph/actions';
import { emptyDocument, parseDocument, serializeDocument, type GraphDocument } from '../shared/graph/document';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { currentDocument, downloadOf } from './editor-helpers';

/**
 * Issue 17 in the training panel: a model with two outputs shows one block per output
 * (each without an objective says so in its block), and a person gives the second output
 * its target, loss and weight and the Input a corruption; the project keeps them, and
 * saves them.
 */

/** input_1 [2] → dense_1 → label_head (softmax over the 2 spirals) and → reconstruction (the 2 coordinates back). */
function twoOutputs(): GraphDocument {
  let doc = emptyDocument('two-outputs');
  doc = addNode(doc, { type: 'Input', params: { shape: [2] }, position: { x: 0, y: 80 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 16, activation: 'relu' }, position: { x: 280, y: 80 } });
  doc = addNode(doc, { type: 'Dense', name: 'label_head', id: 'label_head', params: { units: 2, activation: 'softmax' }, position: { x: 560, y: 0 } });
  doc = addNode(doc, { type: 'Dense', name: 'reconstruction', id: 'reconstruction', params: { units: 2 }, position: { x: 560, y: 200 } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  doc = connect(doc, { source: 'dense_1', target: 'label_head' });
  doc = connect(doc, { source: 'dense_1', target: 'reconstruction' });
  return setDataset(doc, GeneratedDatasetSchema.parse({ kind: 'generated', name: 'spirals', samples: 600 }));
}

/** Texts of the training settings cut short or past the window's right edge; the page's sideways scroll. */
const OVERFLOW_SCRIPT = `(() => {
  const cut = [];
  for (const el of Array.from(document.querySelectorAll('.training-config *'))) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.tagName === 'OPTION') continue;
    const text = (el.textContent || '').trim().slice(0, 40);
    if (box.right > window.innerWidth + 0.5) cut.push(el.tagName + ' "' + text + '" ends at ' + Math.round(box.right));
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim() !== '');
    if (ownText && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && el.tagName !== 'SELECT')
      cut.push(el.tagName + '.' + String(el.className).split(' ')[0] + ' "' + text + '" is cut (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  const config = document.querySelector('.training-config');
  return { cut, sideways: document.scrollingElement.scrollWidth - window.innerWidth, configSideways: config.scrollWidth - config.clientWidth };
})()`;

async function expectNothingCut(page: Page, where: string): Promise<void> {
  const result = await page.evaluate<{ cut: string[]; sideways: number; configSideways: number }>(OVERFLOW_SCRIPT);
  expect(result.cut, where).toEqual([]);
  expect(result.sideways, where).toBeLessThanOrEqual(0);
  expect(result.configSideways, where).toBeLessThanOrEqual(0);
}

describe('inputs and outputs in the training panel, in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    const file = path.join(folder.dir, 'two-outputs.nnd.json');
    await writeFile(file, serializeDocument(twoOutputs()));
    editor = await startEditor({ project: file });
    await editor.page.locator('.react-flow__pane').waitFor();
    await editor.page.click('[data-testid="toggle-training"]');
    await editor.page.locator('[data-testid="bindings"]').waitFor();
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('sets the second output’s target, loss and weight and the Input’s corruption; the document keeps them and saves them', async () => {
    const { page } = editor;
    const block = (id: string) => page.locator(`[data-testid="output-binding"][data-node-id="${id}"]`);
    await expect(page.locator('[data-testid="output-binding"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')))).resolves.toEqual(['label_head', 'reconstruction']);
    // One Input reads x on its own; two outputs have no objective until the project gives them one, and each block says so.
    expect(await page.locator('[data-testid="input-field-input_1"]').inputValue()).toBe('x');
    await page.locator('[data-testid="input-automatic-input_1"]').waitFor();
    for (const id of ['label_head', 'reconstruction']) {
      await expect(block(id).locator(`[data-testid="output-problems-${id}"]`).textContent()).resolves.toContain('no training objective');
      await block(id).locator(`[data-testid="output-automatic-${id}"]`).waitFor();
      expect(await page.locator(`[data-testid="output-loss-${id}"]`).isDisabled()).toBe(true);
    }
    // The settings' single loss trains nothing here: each output's block sets its own.
    expect(await page.locator('[data-testid="train-field-loss"]').count()).toBe(0);
    await page.locator('[data-testid="loss-per-output"]').waitFor();
    const before = await currentDocument(page);

    await page.selectOption('[data-testid="output-target-reconstruction"]', 'x');
    // A linear output learning numbers starts from the mean squared error; the person picks another.
    expect(await page.locator('[data-testid="output-loss-reconstruction"]').inputValue()).toBe('mse');
    await page.selectOption('[data-testid="output-loss-reconstruction"]', 'mae');
    await page.fill('[data-testid="output-weight-reconstruction"]', '0.5');
    await page.press('[data-testid="output-weight-reconstruction"]', 'Enter');
    await page.click('[data-testid="output-metric-reconstruction-mse"]');
    await page.selectOption('[data-testid="input-noise-input_1"]', 'gaussian');
    await page.fill('[data-testid="input-noise-value-input_1"]', '0.2');
    await page.press('[data-testid="input-noise-value-input_1"]', 'Enter');

    const objective = { target: 'x', loss: 'mae', weight: 0.5, metrics: ['mae', 'mse'] };
    const binding = { field: 'x', noise: { kind: 'gaussian', std: 0.2 } };
    await expect.poll(async () => (await currentDocument(page)).training.outputs).toEqual({ reconstruction: objective });
    expect((await currentDocument(page)).training.inputs).toEqual({ input_1: binding });
    // Set, so no longer automatic; its problem is gone, the first output's stays.
    await page.locator('[data-testid="output-reset-reconstruction"]').waitFor();
    expect(await page.locator('[data-testid="output-problems-reconstruction"]').count()).toBe(0);
    expect(await page.locator('[data-testid="output-problems-label_head"]').count()).toBe(1);

    // Saved (a download in browser mode): the file has them too.
    const file = path.join(folder.dir, 'saved.nnd.json');
    await downloadOf(page, () => page.keyboard.press('Control+s'), file);
    const saved = parseDocument(JSON.parse(await readFile(file, 'utf8')));
    expect(saved.training.outputs).toEqual({ reconstruction: objective });
    expect(saved.training.inputs).toEqual({ input_1: binding });

    // Exported as PyTorch code while label_head still has no objective: no train.py, and the dialog says why.
    await page.click('[data-testid="menu-export"]');
    await page.click('[data-testid="export-format-pytorch"]');
    const zip = path.join(folder.dir, 'two-outputs-pytorch.zip');
    await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), zip);
    const note = page.locator('[data-testid="export-no-train-script"]');
    await expect(note.locator('p').textContent()).resolves.toBe('No train.py: the project cannot train as drawn (1 problem). Fix it and export again:');
    await expect(note.locator('li').allTextContents()).resolves.toEqual([expect.stringMatching(/^label_head is one of 2 outputs and has no training objective/)]);
    await saveScreenshot(page, 'export-no-train-script-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(note.locator('li').first().textContent()).resolves.toMatch(/^label_head 是 2 个输出之一/);
    await saveScreenshot(page, 'export-no-train-script-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.click('[data-testid="export-close"]');

    // A taller training view, scrolled to the section, for the screenshots.
    await page.focus('[data-testid="training-splitter"]');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    // The edited output's block at the bottom, the first one's problem above it.
    const showSection = () => page.locator('[data-testid="output-binding"][data-node-id="reconstruction"]').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await showSection();
    await expectNothingCut(page, 'bindings (en)');
    await saveScreenshot(page, 'training-bindings-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="output-reset-reconstruction"]').textContent()).resolves.toBe('恢复自动');
    await showSection();
    await expectNothingCut(page, 'bindings (zh)');
    await saveScreenshot(page, 'training-bindings-zh');
    await page.selectOption('[data-testid="language"]', 'en');

    // Reset to automatic removes the objective; undo brings it back, and undo again takes it back as it was before.
    await page.click('[data-testid="output-reset-reconstruction"]');
    await expect.poll(async () => 'outputs' in (await currentDocument(page)).training).toBe(false);
    await page.locator('[data-testid="output-automatic-reconstruction"]').waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await currentDocument(page)).training.outputs).toEqual({ reconstruction: objective });
    for (let i = 0; i < 6; i++) await page.keyboard.press('Control+z');
    await expect.poll(async () => (await currentDocument(page)).training).toEqual(before.training);
    expect(editor.pageErrors).toEqual([]);
  });
  it('edits the one output of a classic model through the settings’ loss until the output gets an objective of its own', async () => {
    const { page } = editor;
    await page.click('[data-testid="topbar-home"]');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-testid="template-card"][data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('[data-testid="layer-node"]').first().waitFor();
    if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
    // One output, no objective: it learns y with the settings' loss, which only the settings edit.
    expect(await page.locator('[data-testid="output-target-dense_4"]').inputValue()).toBe('y');
    await expect(page.locator('[data-testid="output-from-settings-dense_4"]').textContent()).resolves.toContain('Categorical cross-entropy');
    expect(await page.locator('[data-testid="output-loss-dense_4"]').count()).toBe(0);
    await page.selectOption('[data-testid="train-field-loss"]', 'mse');
    await expect(page.locator('[data-testid="output-from-settings-dense_4"]').textContent()).resolves.toContain('Mean squared error');
    await page.locator('[data-testid="bindings"]').evaluate((el) => el.previousElementSibling!.scrollIntoView({ block: 'start' }));
    await expectNothingCut(page, 'one output (en)');
    await saveScreenshot(page, 'training-bindings-one-output-en');
    // A weight of its own makes the objective explicit, the settings' loss carried over: from then on its block edits the loss.
    await page.fill('[data-testid="output-weight-dense_4"]', '2');
    await page.press('[data-testid="output-weight-dense_4"]', 'Enter');
    await expect.poll(async () => (await currentDocument(page)).training.outputs).toEqual({ dense_4: { target: 'y', loss: 'mse', weight: 2, metrics: ['accuracy'] } });
    expect(await page.locator('[data-testid="output-loss-dense_4"]').inputValue()).toBe('mse');
    expect(await page.locator('[data-testid="train-field-loss"]').count()).toBe(0);
    expect(await page.locator('[data-testid="train-metric-accuracy"]').count()).toBe(0);
    await page.locator('[data-testid="loss-per-output"]').waitFor();
    await page.click('[data-testid="output-reset-dense_4"]');
    await page.locator('[data-testid="train-field-loss"]').waitFor();
    expect('outputs' in (await currentDocument(page)).training).toBe(false);
    // The spirals' labels are one-hot: a sparse loss wants class indices, and the output's block says so.
    expect(await page.locator('[data-testid="output-problems-dense_4"]').count()).toBe(0);
    await page.selectOption('[data-testid="train-field-loss"]', 'sparseCategoricalCrossentropy');
    await expect(page.locator('[data-testid="output-problems-dense_4"]').textContent()).resolves.toMatch(/one-hot|独热/);
    expect(editor.pageErrors).toEqual([]);
  });
});
