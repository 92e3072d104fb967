import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { downloadOf, watchRunFill } from './editor-helpers';

/**
 * Issue 4 from the canvas: open the MLP spirals template, train it in the worker, watch the
 * charts fill while it runs, read the confusion matrix, export the model (a download in
 * browser mode) and load it in tfjs; then stop a run in the middle of an epoch and time how fast the panel says so.
 */
describe('training from the canvas in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };
  const panel = () => editor.page.locator('[data-testid="training-panel"]');
  const phase = () => editor.page.locator('[data-testid="progress"]').getAttribute('data-phase');
  const lossPoints = async () => Number(await editor.page.locator('[data-testid="chart-loss"]').getAttribute('data-points'));

  beforeAll(async () => {
    folder = await temporaryFolder();
    editor = await startEditor();
    editor.page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('trains the spirals MLP with live charts, reaches 95 % accuracy and shows the confusion matrix', async () => {
    const { page } = editor;
    await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await panel().waitFor();
    // The seed's arithmetic for 600 samples, a 0.2 validation split and batches of 32.
    await expect(page.locator('[data-testid="steps-per-epoch"]').textContent()).resolves.toContain('= 15');

    // The template's 60 epochs now take well under a second, and 200 about two — less than the
    // charts' redraws (one a second) this test needs to see; 600 epochs keep the run going
    // long enough to watch it fill.
    await page.fill('[data-testid="train-field-epochs"]', '600');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await page.click('[data-testid="train-button"]');
    // Points arrive while the run is still going: sample the chart's point count and the phase together.
    const { whileRunning, shot } = await watchRunFill(page, 'training-running', 40_000, 150);
    expect(new Set(whileRunning).size, `loss points seen while running: ${whileRunning.join(', ')}`).toBeGreaterThanOrEqual(3);
    expect(shot).toBe(true);

    await expect.poll(phase, { timeout: 60_000 }).toBe('completed');
    const matrix = page.locator('[data-testid="confusion-matrix"]');
    await matrix.waitFor();
    await expect(matrix.locator('tbody tr').count()).resolves.toBe(2);
    const accuracyText = (await page.locator('[data-testid="eval-accuracy"]').textContent()) ?? '';
    const accuracy = Number(/([\d.]+)%/.exec(accuracyText)?.[1]) / 100;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);

    // The loss fell: the last epoch's loss is well below the first's (the run record has them all).
    const [run] = await editor.host.listRuns();
    const record = await editor.host.getRun({ runId: run!.id });
    const epochLoss = record.epochPoints.map((p) => p.logs.loss!);
    expect(epochLoss.at(-1)!).toBeLessThan(epochLoss[0]! * 0.5);
    expect(record.finalMetrics.val_acc).toBeGreaterThanOrEqual(0.95);
    expect(await page.locator('[data-testid="chart-metric-accuracy"]').getAttribute('data-points').then(Number)).toBeGreaterThan(10);

    // Try it: a point near the centre of the spirals gets a class and a probability.
    await page.fill('[data-testid="try-it-0"]', '0.05');
    await page.fill('[data-testid="try-it-1"]', '0.02');
    await page.click('[data-testid="try-it-run"]');
    await expect(page.locator('[data-testid="try-it-result"]').textContent()).resolves.toMatch(/%/);

    await page.locator('[data-testid="confusion-matrix"]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'training-done');
    // Issue 11: the same panel in Chinese, switched without a reload.
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="train-button"]').textContent()).resolves.toContain('训练');
    await saveScreenshot(page, 'training-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('exports the trained model as a zip the browser downloads, and its model.json loads in tfjs', async () => {
    const { page } = editor;
    await page.click('[data-testid="export-model"]');
    // TensorFlow.js is the format the dialog starts with.
    await expect(page.locator('[data-testid="export-format-tfjs"]').isChecked()).resolves.toBe(true);
    // Browser mode: nothing is written on the server's disk; the page downloads one archive.
    await expect(page.locator('[data-testid="export-confirm"]').textContent()).resolves.toBe('Download');
    await saveScreenshot(page, 'export-dialog-en');
    const zip = path.join(folder.dir, 'spirals-model.zip');
    expect(await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), zip)).toMatch(/-tfjs\.zip$/);
    await expect(page.locator('[data-testid="export-done"]').getAttribute('data-files')).resolves.toBe('2');
    await expect(page.locator('[data-testid="export-done"]').textContent()).resolves.toContain('model.json');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="export-confirm"]').textContent()).resolves.toBe('下载');
    await saveScreenshot(page, 'export-dialog-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    await page.click('[data-testid="export-close"]');
    const archive = unzipSync(await readFile(zip));
    expect(Object.keys(archive).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(new TextDecoder().decode(archive['model.json'])) as tf.io.ModelJSON;
    const weightFiles = modelJson.weightsManifest.flatMap((group) => group.paths);
    const weightData = Buffer.concat(weightFiles.map((file) => archive[file]!));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
      }),
    );
    const out = model.predict(tf.tensor2d([[0.1, 0.2]])) as tf.Tensor;
    expect(out.shape).toEqual([1, 2]);
    const sum = Array.from(await out.data()).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 4);
  });

  it('stops in the middle of an epoch within a second of the click', async () => {
    const { page } = editor;
    // Many small batches so the run is surely inside an epoch when Stop is pressed.
    await page.fill('[data-testid="train-field-epochs"]', '1000');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await page.fill('[data-testid="train-field-batchSize"]', '4');
    await page.press('[data-testid="train-field-batchSize"]', 'Enter');
    await page.click('[data-testid="train-button"]');
    await expect.poll(phase, { timeout: 20_000 }).toBe('running');
    await expect.poll(lossPoints, { timeout: 20_000 }).toBeGreaterThan(3);

    // Timed in the page, from the click event on Stop to the progress bar saying "stopped".
    await page.evaluate(`(() => {
      const timing = (window.stopTiming = {});
      const progress = document.querySelector('[data-testid="progress"]');
      document.querySelector('[data-testid="stop-button"]').addEventListener('click', () => (timing.clicked = performance.now()), { capture: true });
      new MutationObserver(() => {
        if (progress.getAttribute('data-phase') === 'stopped' && timing.stopped === undefined) timing.stopped = performance.now();
      }).observe(progress, { attributes: true, attributeFilter: ['data-phase'] });
    })()`);
    const epochAtStop = Number(await page.locator('[data-testid="progress"]').getAttribute('data-epoch'));
    await page.click('[data-testid="stop-button"]');
    await page.locator('[data-testid="progress"][data-phase="stopped"]').waitFor({ timeout: 5_000 });
    const timing = await page.evaluate<{ clicked: number; stopped: number }>('window.stopTiming');
    const took = timing.stopped - timing.clicked;
    console.log(`stop: ${took.toFixed(0)} ms from the click to the panel showing stopped`);
    expect(took).toBeLessThanOrEqual(1_000);
    // It stopped inside the 1000-epoch run, not at its end.
    expect(epochAtStop).toBeLessThan(1000);
    expect(Number(await page.locator('[data-testid="progress"]').getAttribute('data-epoch'))).toBeLessThan(1000);
    // The points recorded so far stay on the chart.
    expect(await lossPoints()).toBeGreaterThan(3);
    expect(editor.pageErrors).toEqual([]);
  });

  it('ends an exploding run (the spirals template at learning rate 100) with the divergence advice, keeping the project', async () => {
    const { page } = editor;
    // Adam at rate 100 kills the ReLUs and the softmax answers one class for everything; the
    // clipped crossentropy never reaches NaN, so the run must be caught by its stuck-high loss.
    await page.goto(editor.url);
    await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await page.fill('[data-testid="train-field-learningRate"]', '100');
    await page.press('[data-testid="train-field-learningRate"]', 'Enter');
    const before = await page.evaluate<number>('window.nndEditor.document().nodes.length');
    await page.click('[data-testid="train-button"]');
    await expect.poll(phase, { timeout: 30_000 }).toBe('failed');
    const message = (await page.locator('[data-testid="training-error"]').textContent()) ?? '';
    expect(message).toMatch(/the loss (became (NaN|-?Infinity)|rose from [\d.]+ to about [\d.]+)/);
    expect(message).toMatch(/training diverged; lower the learning rate \(now 100\)/);
    expect(await page.evaluate<number>('window.nndEditor.document().nodes.length')).toBe(before);
    // Another run can start after the failure.
    await expect(page.locator('[data-testid="train-button"]').isEnabled()).resolves.toBe(true);
    expect(editor.pageErrors).toEqual([]);
  });
});
