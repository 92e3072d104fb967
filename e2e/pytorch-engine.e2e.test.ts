import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonForTests } from '../electron/pytorch/testing';
import { saveScreenshot, startEditor, type EditorSession } from './harness';
import { watchRunFill } from './editor-helpers';

/**
 * Issue 9 from the canvas: choose the PyTorch engine in the training form, train the spirals
 * template, and the live charts, the confusion matrix and the run history fill as they do
 * with tfjs — the events come from train.py through the same protocol.
 */
describe('training with the PyTorch engine in Chromium', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let editor: EditorSession;
  const phase = () => editor.page.locator('[data-testid="progress"]').getAttribute('data-phase');

  beforeAll(async () => {
    if (python) editor = await startEditor();
  });
  afterAll(async () => {
    await editor?.stop();
  });

  it.skipIf(!python)('trains the spirals template with live charts and a confusion matrix', async () => {
    const { page } = editor;
    await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await page.locator('[data-testid="training-panel"]').waitFor();

    await page.selectOption('[data-testid="train-field-engine"]', 'pytorch');
    await expect(page.locator('[data-testid="pytorch-engine-hint"]').textContent()).resolves.toContain('python3-torch');
    // Smaller batches: PyTorch trains this MLP in a second or two, too fast to watch otherwise.
    await page.fill('[data-testid="train-field-batchSize"]', '8');
    await page.press('[data-testid="train-field-batchSize"]', 'Enter');
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
    expect(record.epochPoints).toHaveLength(60);
    const epochLoss = record.epochPoints.map((p) => p.logs.loss!);
    expect(epochLoss.at(-1)!).toBeLessThan(epochLoss[0]! * 0.5);
    await saveScreenshot(page, 'training-pytorch-done');
    expect(editor.pageErrors).toEqual([]);
  }, 300_000);
});
