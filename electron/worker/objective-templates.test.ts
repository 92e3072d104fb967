import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainTemplate, type TemplateRun } from './template-run';

/**
 * The templates that train something other than one label per sample reach the quality their
 * descriptions state, in full: the template's own dataset, bindings, settings and seed, trained
 * as the worker trains them. Each description states its figure and its time on a 2-core CPU
 * (the single-threaded wasm backend uses one of them); the time is checked in CPU seconds, which
 * other processes on the machine stretch far less than the wall clock, with room for a slower one.
 */
beforeAll(() => {
  tf.enableProdMode();
});

async function trained(file: string): Promise<TemplateRun & { cpuSeconds: number }> {
  const before = process.cpuUsage();
  const run = await trainTemplate(file);
  const cpuSeconds = process.cpuUsage(before).user / 1e6;
  run.compiled.model.dispose();
  console.log(`${file}: ${JSON.stringify(run.outcome.metrics)} in ${run.seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU)`);
  return { ...run, cpuSeconds };
}

describe('templates with objectives reach the quality their descriptions state', () => {
  it('denoising-autoencoder-mnist: validation PSNR above 18.5 dB after its 4 epochs (about 40 s)', async () => {
    const run = await trained('denoising-autoencoder-mnist.nnd.json');
    expect(run.bindings.inputs).toEqual([{ index: 0, field: 'x', noise: { kind: 'gaussian', std: 0.3 } }]);
    expect(run.bindings.outputs.map((o) => [o.field, o.loss, o.metrics])).toEqual([['x', 'mse', ['psnr']]]);
    expect(run.outcome.epochs).toBe(4);
    // The noisy input itself scores 10·log10(1 / 0.3²) ≈ 10.5 dB against the clean digit.
    expect(run.outcome.metrics.val_psnr).toBeGreaterThan(18.5);
    expect(run.cpuSeconds).toBeLessThan(80);
  }, 600_000);

  it('unet-shapes: validation mean IoU above 0.85 after its 30 epochs (about 40 s)', async () => {
    const run = await trained('unet-shapes.nnd.json');
    expect(run.data.fields?.y?.classNames).toEqual(['background', 'circle', 'square', 'triangle']);
    expect(run.bindings.outputs.map((o) => [o.field, o.loss, o.metrics])).toEqual([['y', 'sparseCategoricalCrossentropy', ['iou', 'accuracy']]]);
    expect(run.outcome.epochs).toBe(30);
    expect(run.outcome.metrics.val_iou).toBeGreaterThan(0.85);
    expect(run.outcome.metrics.val_acc).toBeGreaterThan(0.97);
    expect(run.cpuSeconds).toBeLessThan(80);
  }, 600_000);

  it('penguins-two-heads: at least 95 % species accuracy and a body-mass MAE under 0.35 σ (about 230 g) after its 30 epochs', async () => {
    const run = await trained('penguins-two-heads.nnd.json');
    expect(run.bindings.outputs.map((o) => [o.name, o.field, o.loss, o.weight])).toEqual([
      ['species', 'species', 'categoricalCrossentropy', 1],
      ['body_mass_g', 'body_mass_g', 'mse', 0.5],
    ]);
    const logs = run.outcome.metrics;
    // The total is what the run minimizes: the weighted sum of the heads' losses.
    expect(logs.val_loss).toBeCloseTo(logs.val_species_loss! + 0.5 * logs.val_body_mass_g_loss!, 4);
    expect(logs.val_species_acc).toBeGreaterThanOrEqual(0.95);
    expect(logs.val_body_mass_g_mae).toBeLessThan(0.35);
    // The description's grams: the MAE in standard deviations times the column's spread.
    const spread = run.data.fields!.body_mass_g!.normalization!.scale;
    expect(spread).toBeCloseTo(789, 0);
    expect(logs.val_body_mass_g_mae! * spread).toBeLessThan(260);
    expect(run.cpuSeconds).toBeLessThan(20);
  }, 120_000);
});
