import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonForTests } from '../electron/pytorch/testing';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { downloadOf, watchRunFill } from './editor-helpers';

/**
 * Issue 9 from the canvas: choose the PyTorch engine in the training form, train the spirals
 * template, and the live charts, the confusion matrix and the run history fill as they do
 * with tfjs — the events come from train.py through the same protocol.
 */
describe('training with the PyTorch engine in Chromium', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };
  const phase = () => editor.page.locator('[data-testid="progress"]').getAttribute('data-phase');

  beforeAll(async () => {
    if (!python) return;
    folder = await temporaryFolder();
    editor = await startEditor();
  });
  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it.skipIf(!python)('trains the spirals template with live charts and a confusion matrix', async () => {
    const { page } = editor;
    await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await page.locator('[data-testid="training-panel"]').waitFor();

    await page.selectOption('[data-testid="train-field-engine"]', 'pytorch');
    await expect(page.locator('[data-testid="pytorch-engine-hint"]').textContent()).resolves.toContain('python3-torch');
    // Smaller batches and more epochs: PyTorch trains the template's 60 epochs of this MLP in about
    // a second on a fast CPU, and the charts redraw once a second — too fast to watch them fill.
    await page.fill('[data-testid="train-field-batchSize"]', '8');
    await page.press('[data-testid="train-field-batchSize"]', 'Enter');
    await page.fill('[data-testid="train-field-epochs"]', '300');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await page.click('[data-testid="train-button"]');

    const { whileRunning } = await watchRunFill(page, 'training-pytorch-running', 120_000, 100);
    expect(new Set(whileRunning).size, `loss points seen while running: ${whileRunning.join(', ')}`).toBeGreaterThanOrEqual(3);

    await expect.poll(phase, { timeout: 60_000 }).toBe('completed');
    const matrix = page.locator('[data-testid="confusion-matrix"]');
    await matrix.waitFor();
    await expect(matrix.locator('tbody tr').count()).resolves.toBe(2);
    const accuracyText = (await page.locator('[data-testid="eval-accuracy"]').textContent()) ?? '';
    expect(Number(/([\d.]+)%/.exec(accuracyText)?.[1]) / 100).toBeGreaterThanOrEqual(0.9);
    expect(await page.locator('[data-testid="chart-metric-accuracy"]').getAttribute('data-points').then(Number)).toBeGreaterThan(10);

    // The run history has it as any run: every epoch, the engine it ran on, the loss falling.
    const [run] = await editor.host.listRuns();
    const record = await editor.host.getRun({ runId: run!.id });
    expect(record.backend).toMatch(/^pytorch/);
    expect(record.epochPoints).toHaveLength(300);
    const epochLoss = record.epochPoints.map((p) => p.logs.loss!);
    expect(epochLoss.at(-1)!).toBeLessThan(epochLoss[0]! * 0.5);
    await saveScreenshot(page, 'training-pytorch-done');
    expect(editor.pageErrors).toEqual([]);
  }, 300_000);

  it.skipIf(!python)('exports the trained run as PyTorch code from the Export dialog: model.py, its weights and train.py with the data', async () => {
    const { page } = editor;
    await page.click('[data-testid="export-model"]');
    await page.locator('[data-testid="export-dialog"]').waitFor();
    await expect(page.locator('[data-testid="export-weights"]').textContent()).resolves.toContain('trained weights of this run');
    await page.check('[data-testid="export-format-pytorch"]');
    await saveScreenshot(page, 'export-dialog-pytorch');
    // Browser mode: the export downloads as one zip.
    const pytorchZip = path.join(folder.dir, 'spirals-pytorch.zip');
    expect(await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), pytorchZip)).toMatch(/-pytorch\.zip$/);
    await expect(page.locator('[data-testid="export-done"]').textContent()).resolves.toContain('model.py');
    const archive = unzipSync(await readFile(pytorchZip));
    for (const file of ['model.py', 'weights.bin', 'weights.json', 'train.py', 'train_config.json', 'data/x.bin']) expect(Object.keys(archive)).toContain(file);
    expect(JSON.parse(new TextDecoder().decode(archive['weights.json']))).toMatchObject({ source: 'trained' });
    // The same from the top bar, as the desktop menu's File › Export Model…: here Keras.
    await page.click('[data-testid="export-close"]');
    await page.click('[data-testid="menu-export"]');
    await page.check('[data-testid="export-format-keras"]');
    const kerasZip = path.join(folder.dir, 'spirals-keras.zip');
    expect(await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), kerasZip)).toMatch(/-keras\.zip$/);
    expect(Object.keys(unzipSync(await readFile(kerasZip)))).toContain('model.py');
    expect(editor.pageErrors).toEqual([]);
  }, 120_000);
});
