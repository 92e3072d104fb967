import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { currentDocument, uploadTo } from './editor-helpers';

/**
 * Issue 17, evaluation views for each kind of output: a tiny convolutional autoencoder on
 * MNIST (the target is the input itself) trains one short epoch in the browser-mode editor;
 * its results show input / target / prediction pictures, and try-it answers a drawing with
 * the picture the model gives back. At 1280×800, in English and Chinese.
 */

const conv = (id: string, filters: number, activation: string, x: number) => ({
  id,
  type: 'Conv2D',
  name: id,
  params: { filters, kernelSize: [3, 3], padding: 'same', activation },
  position: { x, y: 40 },
});

const AUTOENCODER = {
  format: 'nn-designer.graph',
  version: 1,
  name: 'tiny-autoencoder',
  nodes: [
    { id: 'pixels', type: 'Input', name: 'pixels', params: { shape: [28, 28, 1] }, position: { x: 0, y: 40 } },
    conv('encode', 8, 'relu', 320),
    conv('decode', 1, 'sigmoid', 640),
  ],
  edges: [
    { id: 'pixels-encode', source: 'pixels', sourceHandle: 'out', target: 'encode', targetHandle: 'in' },
    { id: 'encode-decode', source: 'encode', sourceHandle: 'out', target: 'decode', targetHandle: 'in' },
  ],
  dataset: { kind: 'builtin', name: 'mnist' },
  training: {
    epochs: 1,
    batchSize: 64,
    learningRate: 0.01,
    optimizer: 'adam',
    loss: 'mse',
    metrics: [],
    validationSplit: 0.1,
    seed: 3,
    outputs: { decode: { target: 'x', loss: 'mse', metrics: ['psnr'] } },
  },
};

const position = { x: 0, y: 0 };
const chain = (ids: string[]) => ids.slice(1).map((id, i) => ({ id: `${ids[i]}-${id}`, source: ids[i]!, sourceHandle: 'out', target: id, targetHandle: 'in' }));

/** Two convolutions and a per-pixel softmax over the four classes of the generated shape scenes. */
const SEGMENTER = {
  format: 'nn-designer.graph',
  version: 1,
  name: 'tiny-segmenter',
  nodes: [
    { id: 'scene', type: 'Input', name: 'scene', params: { shape: [32, 32, 1] }, position },
    { ...conv('features', 16, 'relu', 0), position },
    { ...conv('more', 16, 'relu', 0), position },
    { id: 'mask', type: 'Conv2D', name: 'mask', params: { filters: 4, kernelSize: [1, 1], activation: 'softmax' }, position },
  ],
  edges: chain(['scene', 'features', 'more', 'mask']),
  dataset: { kind: 'shapes', samples: 300, seed: 1 },
  training: { epochs: 3, batchSize: 32, learningRate: 0.01, optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: [], validationSplit: 0.2, seed: 3 },
};

/** The next character at every position of the spam subjects, from that position's character alone. */
const NEXT_CHARACTER = {
  format: 'nn-designer.graph',
  version: 1,
  name: 'next-character',
  nodes: [
    { id: 'chars', type: 'Input', name: 'chars', params: { shape: [32], dtype: 'int32' }, position },
    { id: 'embed', type: 'Embedding', name: 'embed', params: { inputDim: 72, outputDim: 8 }, position },
    { id: 'next', type: 'Dense', name: 'next', params: { units: 72, activation: 'softmax' }, position },
  ],
  edges: chain(['chars', 'embed', 'next']),
  dataset: {
    kind: 'text',
    path: path.join(EXAMPLES_DIR, 'data', 'spam-subjects.csv'),
    textColumn: 'text',
    label: 'label',
    task: 'next-token',
    targetAt: 'every-position',
    tokenizer: 'char',
    vocabularySize: 72,
    maxLength: 32,
    lowercase: true,
    stride: 12,
  },
  training: { epochs: 1, batchSize: 128, learningRate: 0.02, optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: [], validationSplit: 0.1, seed: 3 },
};

/** Two heads on the penguins' measurements: the species (classes) and the body mass (a number), one field each. */
const TWO_HEADS = {
  format: 'nn-designer.graph',
  version: 1,
  name: 'penguins-two-heads',
  nodes: [
    { id: 'measures', type: 'Input', name: 'measures', params: { shape: [8] }, position },
    { id: 'hidden', type: 'Dense', name: 'hidden', params: { units: 16, activation: 'relu' }, position },
    { id: 'species', type: 'Dense', name: 'species', params: { units: 3, activation: 'softmax' }, position },
    { id: 'body_mass_g', type: 'Dense', name: 'body_mass_g', params: { units: 1 }, position },
  ],
  edges: [...chain(['measures', 'hidden', 'species']), ...chain(['hidden', 'body_mass_g'])],
  dataset: { kind: 'builtin', name: 'penguins', labels: ['Species', 'Body Mass (g)'], labelNormalize: 'standardize' },
  training: {
    epochs: 20,
    batchSize: 16,
    learningRate: 0.01,
    optimizer: 'adam',
    loss: 'categoricalCrossentropy',
    metrics: [],
    validationSplit: 0.2,
    seed: 3,
    outputs: { species: { target: 'Species', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }, body_mass_g: { target: 'Body Mass (g)', loss: 'mse' } },
  },
};

/** Opens `document` from a file, trains it and waits for the run to complete. */
async function train(page: Page, folder: string, document: { name: string }): Promise<void> {
  const file = path.join(folder, `${document.name}.nnd.json`);
  await writeFile(file, JSON.stringify(document));
  const open = (await page.locator('[data-testid="start-open"]').count()) ? 'start-open' : 'menu-open';
  await uploadTo(page, () => page.click(`[data-testid="${open}"]`), file);
  await expect.poll(async () => (await currentDocument(page)).name).toBe(document.name);
  await page.locator('[data-testid="layer-node"]').first().waitFor();
  if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
  const phase = () => page.locator('[data-testid="progress"]').getAttribute('data-phase');
  await page.click('[data-testid="topbar-train"]');
  // The previous run's view says completed until this run starts.
  await expect.poll(phase, { timeout: 30_000 }).not.toBe('completed');
  await expect.poll(phase, { timeout: 240_000 }).toMatch(/^(completed|failed|stopped)$/);
  const error = page.locator('[data-testid="training-error"]');
  expect(await phase(), (await error.count()) ? ((await error.textContent()) ?? '') : '').toBe('completed');
}

/** Texts whose own content is cut (wider than their box) or that end beyond the window's right edge. */
function overflowingTexts(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const out = [];
    for (const el of Array.from(document.querySelectorAll('[data-testid="image-samples"] *, [data-testid="token-samples"] *, [data-testid="try-it"] *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim() !== '');
      if (ownText && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push('cut: ' + (el.textContent || '').trim().slice(0, 40));
      if (box.right > window.innerWidth + 0.5) out.push('beyond: ' + el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40));
    }
    return out;
  })()`);
}

/** Whether the `index`-th canvas matching `selector` shows anything but one flat colour (a picture, not a blank). */
function canvasVaries(page: Page, selector: string, index = 0): Promise<boolean> {
  return page.evaluate<boolean>(`(() => {
    const canvas = document.querySelectorAll(${JSON.stringify(selector)})[${index}];
    if (!canvas) return false;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 4; i < data.length; i += 4) if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) return true;
    return false;
  })()`);
}

describe('evaluation views of an image output, in Chromium at 1280×800', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    editor = await startEditor();
    editor.page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('trains an autoencoder and shows input / target / prediction triplets, then the picture it gives back for a drawing', { timeout: 300_000 }, async () => {
    const { page } = editor;
    await page.locator('[data-testid="start-open"]').waitFor();
    await train(page, folder.dir, AUTOENCODER);
    // The chart beside the loss is the figure the run reports (PSNR in dB), not the settings' empty metrics.
    await expect(page.locator('[data-testid="chart-metric-psnr"] figcaption').textContent()).resolves.toBe('PSNR (dB)');
    await expect(page.locator('[data-testid="run-status-figure"]').textContent()).resolves.toMatch(/^PSNR \d+(\.\d)? dB$/);

    const samples = page.locator('[data-testid="image-samples"]');
    await samples.waitFor({ timeout: 20_000 });
    await samples.scrollIntoViewIfNeeded();
    expect(await samples.getAttribute('data-mask')).toBe('false');
    const triplets = samples.locator('[data-testid="image-triplet"]');
    expect(await triplets.count()).toBe(8);
    // Three pictures a sample: the digit read, the same digit as the target, the reconstruction.
    expect(await triplets.first().locator('canvas').count()).toBe(3);
    for (const k of [0, 1, 2]) expect(await canvasVaries(page, '[data-testid="image-triplet"] canvas', k)).toBe(true);
    await expect(samples.locator('[data-testid="image-metrics"]').textContent()).resolves.toMatch(/^MSE \d\.\d{4} · MAE \d\.\d{4} · PSNR \d+(\.\d)? dB$/);

    // Try it: a drawn stroke comes back as a picture, not a list of 784 numbers.
    const pad = page.locator('[data-testid="draw-pad"]');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const at = (row: number, column: number) => ({ x: box.x + (column / 28) * box.width, y: box.y + (row / 28) * box.height });
    await page.mouse.move(at(5, 14).x, at(5, 14).y);
    await page.mouse.down();
    for (let row = 6; row <= 23; row++) await page.mouse.move(at(row, 14).x, at(row, 14).y);
    await page.mouse.up();
    const output = page.locator('[data-testid="try-it-output-image"]');
    await output.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="try-it-result"]').count()).toBe(0);
    expect(await canvasVaries(page, '[data-testid="try-it-output-image"]')).toBe(true);

    // An uploaded picture (here a screenshot of the first target digit) is answered the same way.
    const picture = path.join(folder.dir, 'digit.png');
    await samples.locator('[data-testid="image-triplet"] canvas').nth(1).screenshot({ path: picture });
    const outputPixels = () => page.evaluate<string>(`document.querySelector('[data-testid="try-it-output-image"]').toDataURL()`);
    const afterStroke = await outputPixels();
    await uploadTo(page, () => page.click('[data-testid="draw-upload"]'), picture);
    await expect.poll(outputPixels, { timeout: 20_000 }).not.toBe(afterStroke);
    expect(await page.locator('[data-testid="try-it"] .field-error').count()).toBe(0);

    await page.locator('[data-testid="try-it"]').scrollIntoViewIfNeeded();
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-try-it-image-en');
    await samples.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'evaluation-images-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(samples.locator('.eval-head b').textContent()).resolves.toBe('输入、目标与预测');
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-images-zh');
    await page.locator('[data-testid="try-it"]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'evaluation-try-it-image-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('segments generated shapes: target and predicted masks over the scene in class colours, with a legend', { timeout: 300_000 }, async () => {
    const { page } = editor;
    await train(page, folder.dir, SEGMENTER);
    const samples = page.locator('[data-testid="image-samples"]');
    await samples.waitFor({ timeout: 20_000 });
    await samples.scrollIntoViewIfNeeded();
    expect(await samples.getAttribute('data-mask')).toBe('true');
    expect(await samples.locator('[data-testid="image-triplet"]').count()).toBe(8);
    for (const k of [0, 1, 2]) expect(await canvasVaries(page, '[data-testid="image-triplet"] canvas', k)).toBe(true);
    await expect(samples.locator('[data-testid="image-metrics"]').textContent()).resolves.toMatch(/^Pixel accuracy \d+(\.\d)?\s?% · Mean IoU 0\.\d{3}$/);
    const legend = (await samples.locator('[data-testid="mask-legend"] .legend-entry').allTextContents()).map((t) => t.trim());
    expect(legend[0]).toBe('background');
    expect(legend.length).toBeGreaterThan(1);
    expect(legend.every((name) => ['background', 'circle', 'square', 'triangle'].includes(name))).toBe(true);
    await samples.evaluate((block) => block.scrollIntoView({ block: 'start' }));
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-masks-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(samples.locator('.eval-head b').textContent()).resolves.toBe('掩码：目标与预测叠加在输入上');
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-masks-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('marks each predicted next character right or wrong, padding left out', { timeout: 300_000 }, async () => {
    const { page } = editor;
    await train(page, folder.dir, NEXT_CHARACTER);
    const samples = page.locator('[data-testid="token-samples"]');
    await samples.waitFor({ timeout: 20_000 });
    await samples.scrollIntoViewIfNeeded();
    const rows = samples.locator('[data-testid="token-row"]');
    expect(await rows.count()).toBe(8);
    const right = await samples.locator('[data-testid="token-right"]').count();
    const wrong = await samples.locator('[data-testid="token-wrong"]').count();
    // One epoch of a model that sees one character at a time: some next characters right, many wrong.
    expect(right).toBeGreaterThan(0);
    expect(wrong).toBeGreaterThan(0);
    await expect(samples.locator('[data-testid="token-metrics"]').textContent()).resolves.toMatch(/^Token accuracy \d+(\.\d)?\s?% · Whole sequences right \d+(\.\d)?\s?%$/);
    expect(await samples.locator('[data-testid="token-wrong"]').first().getAttribute('title')).toMatch(/^Wrong: expected ./);
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-tokens-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(samples.locator('.eval-head b').textContent()).resolves.toBe('预测的词元');
    expect(await overflowingTexts(page)).toEqual([]);
    await saveScreenshot(page, 'evaluation-tokens-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('gives each head of a two-output model its own section: a confusion matrix for the species, a scatter for the mass', { timeout: 300_000 }, async () => {
    const { page } = editor;
    await train(page, folder.dir, TWO_HEADS);
    // Charts of what the run reports: the weighted total, then each head's loss and metrics.
    const charts = page.locator('.chart-row [data-testid^="chart-metric-"]');
    expect(await charts.evaluateAll((all) => all.map((el) => [el.getAttribute('data-testid'), el.querySelector('figcaption')!.textContent]))).toEqual([
      ['chart-metric-species_loss', 'species · Loss'],
      ['chart-metric-species_acc', 'species · Accuracy'],
      ['chart-metric-body_mass_g_loss', 'body_mass_g · Loss'],
    ]);
    expect(Number(await charts.nth(1).getAttribute('data-points'))).toBeGreaterThan(5);
    await expect(page.locator('[data-testid="chart-loss"] figcaption span').first().textContent()).resolves.toBe('Loss (all outputs, weighted)');
    const figure = page.locator('[data-testid="run-status-figure"]');
    expect(await figure.getAttribute('data-key')).toBe('species_acc');
    await expect(figure.textContent()).resolves.toMatch(/^\d+(\.\d)?%$/);
    expect(await figure.getAttribute('title')).toBe('species · Accuracy');
    await page.locator('[data-testid="chart-metric-species_loss"]').evaluate((chart) => chart.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'training-charts-two-outputs-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(charts.nth(1).locator('figcaption').textContent()).resolves.toBe('species：准确率');
    expect(await figure.getAttribute('title')).toBe('species：准确率');
    await saveScreenshot(page, 'training-charts-two-outputs-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    const sections = page.locator('[data-testid="output-section"]');
    await sections.first().waitFor({ timeout: 20_000 });
    expect(await sections.evaluateAll((all) => all.map((el) => el.getAttribute('data-output')))).toEqual(['species', 'body_mass_g']);
    await expect(sections.nth(0).locator('.output-title').textContent()).resolves.toBe('Output species');
    expect(await sections.nth(0).locator('[data-testid="confusion-matrix"]').count()).toBe(1);
    await sections.nth(1).locator('[data-testid="regression-plot"] .recharts-scatter-symbol').first().waitFor({ timeout: 20_000 });
    await sections.first().evaluate((section) => section.scrollIntoView({ block: 'start' }));
    await saveScreenshot(page, 'evaluation-two-outputs-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(sections.nth(1).locator('.output-title').textContent()).resolves.toBe('输出 body_mass_g');
    await saveScreenshot(page, 'evaluation-two-outputs-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });
});
