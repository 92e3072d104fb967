import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratedDatasetSchema } from '../shared/data/reference';
import { addNode, connect, setDataset } from '../shared/graph/actions';
import { analyzeGraph } from '../shared/graph/analyze';
import { emptyDocument, serializeDocument, type GraphDocument } from '../shared/graph/document';
import { trainAsGan, trainAsOneModel } from '../shared/graph/gan-actions';
import { catalog } from '../shared/layers';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { currentDocument, node, uploadTo } from './editor-helpers';

/**
 * Issue 18 in the editor: a GAN document shows its generator and discriminator as labelled
 * regions with the fake samples' way from one to the other, and its training view edits the
 * GAN's settings (undoably) instead of inputs, outputs and a loss.
 */

/** GAN Lab's shape of a GAN on the ring: noise [2] → 2-D point; point → probability of real. */
function ringGan(rowGap = 280, name = 'ring-gan'): GraphDocument {
  let doc = emptyDocument(name);
  const networks: [string, string, Record<string, unknown>][][] = [
    [
      ['noise', 'Input', { shape: [2] }],
      ['g_hidden', 'Dense', { units: 16, activation: 'relu' }],
      ['fake', 'Dense', { units: 2 }],
    ],
    [
      ['sample', 'Input', { shape: [2] }],
      ['d_hidden', 'Dense', { units: 16, activation: 'relu' }],
      ['verdict', 'Dense', { units: 1, activation: 'sigmoid' }],
    ],
  ];
  networks.forEach((chain, row) =>
    chain.forEach(([id, type, params], i) => {
      doc = addNode(doc, { type, params, id, name: id, position: { x: i * 280, y: row * rowGap } });
      if (i > 0) doc = connect(doc, { source: chain[i - 1]![0], target: id });
    }),
  );
  doc = setDataset(doc, GeneratedDatasetSchema.parse({ kind: 'generated', name: 'ring', samples: 400 }));
  return trainAsGan(doc, analyzeGraph(doc, catalog));
}

/** Texts of the page cut short, past the window's right edge, or the page scrolling sideways. */
const OVERFLOW_SCRIPT = `(() => {
  const cut = [];
  for (const el of Array.from(document.querySelectorAll('.training-config *, [data-testid="gan-region-label"], [data-testid="gan-tag"], [data-testid="gan-fake-samples"]'))) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.tagName === 'OPTION') continue;
    const text = (el.textContent || '').trim().slice(0, 40);
    if (box.right > window.innerWidth + 0.5 && el.closest('.training-config')) cut.push(el.tagName + ' "' + text + '" ends at ' + Math.round(box.right));
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim() !== '');
    if (ownText && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible' && el.tagName !== 'SELECT')
      cut.push(el.tagName + '.' + String(el.className).split(' ')[0] + ' "' + text + '" is cut (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  return { cut, sideways: document.scrollingElement.scrollWidth - window.innerWidth };
})()`;

async function expectNothingCut(page: Page, where: string): Promise<void> {
  const result = await page.evaluate<{ cut: string[]; sideways: number }>(OVERFLOW_SCRIPT);
  expect(result.cut, where).toEqual([]);
  expect(result.sideways, where).toBeLessThanOrEqual(0);
}

type Box = { x: number; y: number; width: number; height: number };
const contains = (outer: Box, inner: Box) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/** Screenshots go where the project keeps them and, for the report, to /tmp. */
async function shot(page: Page, name: string): Promise<void> {
  const file = await saveScreenshot(page, name);
  await copyFile(file, path.join('/tmp', `${name}.png`)).catch(() => {});
}

describe('a GAN document in the editor, in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    const file = path.join(folder.dir, 'ring-gan.nnd.json');
    await writeFile(file, serializeDocument(ringGan()));
    editor = await startEditor({ project: file });
    await editor.page.locator(node('verdict')).waitFor();
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('shows the generator and the discriminator as labelled regions around their layers, and the fake samples flowing from one into the other', async () => {
    const { page } = editor;
    const label = (player: string) => page.locator(`[data-testid="gan-region"][data-player="${player}"] [data-testid="gan-region-label"]`);
    await expect(label('generator').textContent()).resolves.toBe('Generator');
    await expect(label('discriminator').textContent()).resolves.toBe('Discriminator');
    const region = async (player: string) => (await page.locator(`[data-testid="gan-region"][data-player="${player}"]`).boundingBox())!;
    const [generator, discriminator] = [await region('generator'), await region('discriminator')];
    for (const name of ['noise', 'g_hidden', 'fake']) expect(contains(generator, (await page.locator(node(name)).boundingBox())!), name).toBe(true);
    for (const name of ['sample', 'd_hidden', 'verdict']) expect(contains(discriminator, (await page.locator(node(name)).boundingBox())!), name).toBe(true);
    // The labels are in view and not under a layer.
    const underALayer = (player: string) =>
      page.evaluate<boolean>(`(() => {
        const b = document.querySelector('[data-testid="gan-region"][data-player="${player}"] [data-testid="gan-region-label"]').getBoundingClientRect();
        return document.elementsFromPoint(b.x + b.width / 2, b.y + b.height / 2).some((e) => e.closest('[data-testid="layer-node"]'));
      })()`);
    for (const player of ['generator', 'discriminator']) expect(await underALayer(player), player).toBe(false);

    await expect(page.locator('[data-testid="gan-fake-samples"]').textContent()).resolves.toBe('fake samples');
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('.react-flow__edge-path.gan-fake-wire')).strokeDasharray`)).not.toBe('none');
    await expect(page.locator(`${node('sample')} [data-testid="gan-tag"]`).textContent()).resolves.toBe('real samples: x');
    await expect(page.locator(`${node('noise')} [data-testid="gan-tag"]`).textContent()).resolves.toBe('noise N(0,1) · 2');
    // Three wires of the document and the drawn one: it cannot be selected, and viewing changed nothing.
    expect(await page.locator('.react-flow__edge').count()).toBe(5);
    const before = await currentDocument(page);
    await page.locator('[data-testid="gan-fake-samples"]').click({ force: true });
    expect((await currentDocument(page)).edges).toEqual(before.edges);
    await expectNothingCut(page, 'canvas (en)');
    await shot(page, 'gan-editor-canvas-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(label('generator').textContent()).resolves.toBe('生成器');
    await expect(page.locator(`${node('sample')} [data-testid="gan-tag"]`).textContent()).resolves.toBe('真实样本：x');
    await expectNothingCut(page, 'canvas (zh)');
    await shot(page, 'gan-editor-canvas-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('edits the GAN in the training view: k_D changes and undo takes it back; a wrong mark is a problem Train names; Train as one model and back', async () => {
    const { page } = editor;
    await page.click('[data-testid="toggle-training"]');
    await page.locator('[data-testid="gan-settings"]').waitFor();
    // The single model's inputs, outputs, loss and validation split do not apply to a GAN.
    for (const id of ['bindings', 'train-field-loss', 'train-field-optimizer', 'train-field-validationSplit']) expect(await page.locator(`[data-testid="${id}"]`).count(), id).toBe(0);
    expect(await page.locator('[data-testid="gan-mark-generator-input"]').inputValue()).toBe('noise');
    expect(await page.locator('[data-testid="gan-mark-discriminator-output"]').inputValue()).toBe('verdict');
    expect(await page.locator('[data-testid="gan-loss-non-saturating"]').isChecked()).toBe(true);
    await expect(page.locator('[data-testid="gan-real"] option').allTextContents()).resolves.toContain('x');
    // Every real sample trains: ⌈400 / 32⌉ iterations an epoch.
    await expect(page.locator('[data-testid="steps-per-epoch"]').textContent()).resolves.toBe('⌈400 / 32⌉ = 13');
    expect(await page.locator('[data-testid="topbar-train"]').isDisabled()).toBe(false);

    await page.fill('[data-testid="gan-discriminator-steps"]', '3');
    await page.press('[data-testid="gan-discriminator-steps"]', 'Enter');
    await expect.poll(async () => (await currentDocument(page)).training.gan?.discriminatorSteps).toBe(3);
    await page.click('[data-testid="gan-loss-least-squares"]');
    await expect.poll(async () => (await currentDocument(page)).training.gan?.loss).toBe('least-squares');

    // The section from its title, then its end (the steps and the two optimizers).
    const showSection = () => page.locator('[data-testid="gan-settings"]').evaluate((el) => el.previousElementSibling!.scrollIntoView({ block: 'start' }));
    const showEnd = () => page.locator('[data-testid="gan-optimizer-generator"]').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await page.focus('[data-testid="training-splitter"]');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await showSection();
    await expectNothingCut(page, 'GAN settings (en)');
    await shot(page, 'gan-editor-training-en');
    await showEnd();
    await shot(page, 'gan-editor-training-end-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="gan-one-model"]').textContent()).resolves.toBe('作为单个模型训练');
    await showSection();
    await expectNothingCut(page, 'GAN settings (zh)');
    await shot(page, 'gan-editor-training-zh');
    await showEnd();
    await shot(page, 'gan-editor-training-end-zh');
    await page.selectOption('[data-testid="language"]', 'en');

    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await currentDocument(page)).training.gan?.loss).toBe('non-saturating');
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await currentDocument(page)).training.gan?.discriminatorSteps).toBe(1);
    expect(await page.locator('[data-testid="gan-discriminator-steps"]').inputValue()).toBe('1');

    // The discriminator's output moved onto the generator's: the panel, the node and the Train button say why it cannot train.
    await page.selectOption('[data-testid="gan-mark-discriminator-output"]', 'fake');
    await expect(page.locator('[data-testid="gan-problems"]').textContent()).resolves.toBe("fake is not connected to the discriminator's input.");
    await page.locator(`${node('fake')} [data-testid="node-problem"]`).waitFor();
    expect(await page.locator('[data-testid="topbar-train"]').isDisabled()).toBe(true);
    await expect(page.locator('[data-testid="topbar-train"]').getAttribute('title')).resolves.toContain("fake is not connected to the discriminator's input");
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('[data-testid="gan-problems"]').count()).toBe(0);

    // One model again: the regions go, the inputs and outputs come back, and the offer to train them as a GAN.
    await page.click('[data-testid="gan-one-model"]');
    await page.locator('[data-testid="bindings"]').waitFor();
    expect(await page.locator('[data-testid="gan-region"]').count()).toBe(0);
    expect(await page.locator('[data-testid="gan-fake-samples"]').count()).toBe(0);
    expect((await currentDocument(page)).training.gan).toBeUndefined();
    await page.click('[data-testid="gan-make"]');
    await page.locator('[data-testid="gan-settings"]').waitFor();
    expect((await currentDocument(page)).training.gan).toMatchObject({ generator: { input: 'noise', output: 'fake' }, discriminator: { input: 'sample', output: 'verdict' } });
    expect(await page.locator('[data-testid="gan-region"]').count()).toBe(2);
    expect(editor.pageErrors).toEqual([]);
  });

  it('"Train as a GAN" on two networks drawn close together lays them out apart, in the same undoable edit', async () => {
    const { page } = editor;
    // Drawn as one model would be, the two rows 150 px apart: their regions would overlap.
    const drawn = trainAsOneModel(ringGan(150, 'close-together'));
    const file = path.join(folder.dir, 'close-together.nnd.json');
    await writeFile(file, serializeDocument(drawn));
    const discard = (dialog: { accept(): Promise<void> }) => void dialog.accept();
    page.on('dialog', discard);
    await uploadTo(page, () => page.click('[data-testid="menu-open"]'), file);
    page.off('dialog', discard);
    await expect.poll(async () => (await currentDocument(page)).name).toBe('close-together');
    if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
    const before = await currentDocument(page);

    await page.click('[data-testid="gan-make"]');
    await page.locator('[data-testid="gan-settings"]').waitFor();
    await expect.poll(async () => (await currentDocument(page)).nodes.find((n) => n.id === 'sample')!.position.y - 150).not.toBe(0);
    const [generator, discriminator] = await Promise.all(['generator', 'discriminator'].map(async (player) => (await page.locator(`[data-testid="gan-region"][data-player="${player}"]`).boundingBox())!));
    const overlap = generator!.x < discriminator!.x + discriminator!.width && discriminator!.x < generator!.x + generator!.width && generator!.y < discriminator!.y + discriminator!.height && discriminator!.y < generator!.y + generator!.height;
    expect(overlap, JSON.stringify({ generator, discriminator })).toBe(false);

    // One undo takes back the GAN and the layout together.
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await currentDocument(page)).training.gan).toBeUndefined();
    expect((await currentDocument(page)).nodes).toEqual(before.nodes);
    expect(editor.pageErrors).toEqual([]);
  });
});
