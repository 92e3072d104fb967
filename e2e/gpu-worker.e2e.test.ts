import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, startEditor, type EditorSession } from './harness';

/**
 * Issue 10, scope 4: the GPU worker page (renderer/gpu-worker.html) opened in a tab against
 * `nnd serve`, on Chromium's WebGL — SwiftShader here, a software renderer, so calibration
 * must give the run to the wasm worker and say why. Then, with the GPU forced in the training
 * settings, the spirals MLP trains in that tab on WebGL and the host writes its weights.
 */
describe('the GPU worker page in Chromium', () => {
  let editor: EditorSession;
  let worker: Page;
  const workerErrors: string[] = [];
  const phase = () => editor.page.locator('[data-testid="progress"]').getAttribute('data-phase');
  const deviceLine = () => editor.page.locator('[data-testid="device-choice"]');

  beforeAll(async () => {
    editor = await startEditor();
    worker = await editor.context.newPage();
    worker.on('pageerror', (error) => workerErrors.push(`uncaught: ${error.message}`));
    worker.on('console', (message) => {
      if (message.type() === 'error') workerErrors.push(`console.error: ${message.text()}`);
    });
    await worker.goto(new URL('gpu-worker.html', editor.url).toString());
  });

  afterAll(async () => {
    await editor?.stop();
  });

  async function setField(page: Page, name: string, value: string) {
    await page.fill(`[data-testid="train-field-${name}"]`, value);
    await page.press(`[data-testid="train-field-${name}"]`, 'Enter');
  }

  it('connects on WebGL and recognises SwiftShader as a software renderer', async () => {
    const status = worker.locator('[data-testid="gpu-worker-status"]');
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toMatch(/^ready on webgl/);
    expect(await status.textContent()).toMatch(/SwiftShader/i);
  });

  it('calibrates both sides and trains on wasm, saying the GPU is a slower software renderer', async () => {
    const { page } = editor;
    await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await page.locator('[data-testid="training-panel"]').waitFor();
    await expect(page.locator('[data-testid="train-field-device"]').inputValue()).resolves.toBe('auto');
    await setField(page, 'epochs', '30');
    await page.click('[data-testid="train-button"]');

    await deviceLine().waitFor({ timeout: 60_000 });
    await expect.poll(phase, { timeout: 120_000 }).toBe('completed');
    expect(await deviceLine().getAttribute('data-device')).toBe('cpu');
    expect(['software-renderer', 'cpu-faster']).toContain(await deviceLine().getAttribute('data-reason'));
    const text = (await deviceLine().textContent()) ?? '';
    expect(text).toMatch(/^Device: wasm \(CPU\) — the GPU \(SwiftShader, software\) ran [\d,]+ samples\/s against [\d,]+ on the CPU$/);

    const [run] = await editor.host.listRuns();
    const record = await editor.host.getRun({ runId: run!.id });
    const choice = record.device!;
    console.log(`calibration in Chromium: ${choice.gpu?.backend} (${choice.gpu?.adapter}) ${choice.gpuSamplesPerSecond?.toFixed(0)} samples/s, ${choice.backend} worker ${choice.cpuSamplesPerSecond?.toFixed(0)} samples/s → ${choice.device} (${choice.reason})`);
    expect(choice).toMatchObject({ device: 'cpu', backend: 'wasm', gpu: { backend: 'webgl', software: true } });
    expect(choice.cpuSamplesPerSecond!).toBeGreaterThan(choice.gpuSamplesPerSecond!);
    expect(record).toMatchObject({ backend: 'wasm', status: 'completed', epochs: 30 });

    await saveScreenshot(page, 'gpu-worker-choice');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect.poll(() => deviceLine().textContent()).toMatch(/^计算设备: wasm（CPU）— GPU（SwiftShader，软件渲染）每秒 [\d,]+ 个样本，CPU 每秒 [\d,]+ 个$/);
    await saveScreenshot(page, 'gpu-worker-choice-zh');
    await page.selectOption('[data-testid="language"]', 'en');
  });

  it('trains the spirals MLP on WebGL in the page when the settings force the GPU, and the host keeps its weights', { timeout: 300_000 }, async () => {
    const { page } = editor;
    await page.selectOption('[data-testid="train-field-device"]', 'gpu');
    await setField(page, 'epochs', '25');
    await page.click('[data-testid="train-button"]');
    await expect.poll(() => deviceLine().getAttribute('data-device'), { timeout: 60_000 }).toBe('gpu');
    expect(await deviceLine().getAttribute('data-reason')).toBe('user-chose');
    await expect.poll(phase, { timeout: 280_000, interval: 1000 }).toBe('completed');

    const runs = await editor.host.listRuns();
    const record = await editor.host.getRun({ runId: runs[0]!.id });
    expect(record).toMatchObject({ backend: 'webgl', status: 'completed', epochs: 25, hasWeights: true, weights: { final: 'final' }, device: { device: 'gpu', reason: 'user-chose' } });
    const losses = record.epochPoints.map((p) => p.logs.loss!);
    console.log(`spirals on webgl: loss ${losses[0]!.toFixed(3)} → ${losses.at(-1)!.toFixed(3)}, ${record.batchPoints.at(-1)?.samplesPerSecond.toFixed(0)} samples/s, ${(record.durationMs / 1000).toFixed(1)} s`);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.7);
    expect(record.evaluation?.kind).toBe('classification');
    // The weights the page handed over were written by the host: the host loads them to predict.
    const prediction = await editor.host.predict({ runId: record.id, inputs: [[0.05, 0.02]] });
    expect(prediction.outputs[0]).toHaveLength(2);
    expect(prediction.outputs[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // The page went back to idle without keeping the run's tensors.
    await expect.poll(() => worker.locator('[data-testid="gpu-worker-status"]').textContent()).toMatch(/ready on webgl .*; 0 tensors kept/);
    await saveScreenshot(page, 'gpu-worker-trained');
    expect(workerErrors).toEqual([]);
    expect(editor.pageErrors).toEqual([]);
  });
});
