import { describe, expect, it } from 'vitest';
import type { RunBatchPoint, RunEpochPoint } from '../../../shared/training/run-record';
import { downsample, lossSeries, metricPanels, metricsCsv, plannedSteps, smooth, stepAxis } from './chart-data';

const batch = (step: number, loss: number): RunBatchPoint => ({ epoch: 1 + Math.floor((step - 1) / 10), batch: 1 + ((step - 1) % 10), step, loss, metrics: { acc: 0.5 }, learningRate: 0.01, samplesPerSecond: 1000 });

describe('downsample', () => {
  it('leaves a short series as it is', () => {
    expect(downsample([3, 1, 2], 10, (v) => v)).toEqual([3, 1, 2]);
  });

  it('thins 100,000 points to the limit and keeps the first, the last and the extremes', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 500) + (i % 7) * 0.01);
    values[12_345] = 50;
    values[87_654] = -50;
    const indices = values.map((_, i) => i);
    const started = performance.now();
    const kept = downsample(indices, 600, (i) => values[i]!);
    expect(performance.now() - started).toBeLessThan(200);
    expect(kept.length).toBeLessThanOrEqual(600);
    expect(kept.length).toBeGreaterThan(500);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(99_999);
    expect(kept).toContain(12_345);
    expect(kept).toContain(87_654);
    // In order, without repeats.
    expect(kept.every((v, i) => i === 0 || v > kept[i - 1]!)).toBe(true);
  });
});

describe('smooth', () => {
  it('is the identity at weight 0 and starts at the first value (no pull towards 0)', () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = smooth([2, 2, 2, 2], 0.9);
    for (const v of s) expect(v).toBeCloseTo(2, 10);
  });

  it('damps noise', () => {
    const noisy = Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : 0));
    const s = smooth(noisy, 0.9);
    expect(Math.abs(s[199]! - s[198]!)).toBeLessThan(0.2);
  });
});

describe('lossSeries', () => {
  it('smooths over every point before thinning', () => {
    const points = Array.from({ length: 5000 }, (_, i) => batch(i + 1, 1 / (i + 1)));
    const series = lossSeries(points, 0.6, 300);
    expect(series.length).toBeLessThanOrEqual(300);
    expect(series[0]!.step).toBe(1);
    expect(series.at(-1)!.step).toBe(5000);
    expect(series[0]!.smoothed).toBeCloseTo(1);
  });
});

describe('metricsCsv', () => {
  it('writes a row per batch and per epoch with a column per metric', () => {
    const csv = metricsCsv([batch(1, 0.9), batch(2, 0.8)], [{ epoch: 1, logs: { loss: 0.85, acc: 0.6, val_loss: 0.9, val_acc: 0.55 }, learningRate: 0.01, elapsedMs: 120 }]);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('kind,epoch,batch,step,loss,acc,val_acc,val_loss,learning_rate,samples_per_second,elapsed_ms');
    expect(lines[1]).toBe('batch,1,1,1,0.9,0.5,,,0.01,1000,');
    expect(lines[3]).toBe('epoch,1,,,0.85,0.6,0.55,0.9,0.01,,120');
  });
});

describe('plannedSteps', () => {
  it('counts ceil(training samples / batch size) steps per epoch, as the worker splits', () => {
    expect(plannedSteps(600, 0.2, 32, 60)).toEqual({ trainSamples: 480, stepsPerEpoch: 15, totalSteps: 900 });
    expect(plannedSteps(100, 0, 32, 2)).toEqual({ trainSamples: 100, stepsPerEpoch: 4, totalSteps: 8 });
  });
});

describe('the step axis', () => {
  it('starts at 0 and ticks at round steps', () => {
    expect(stepAxis(1250)).toEqual({ domain: [0, 1500], ticks: [0, 500, 1000, 1500] });
    expect(stepAxis(250).ticks).toEqual([0, 50, 100, 150, 200, 250]);
    expect(stepAxis(3)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(stepAxis(0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('metricPanels', () => {
  const point = (metrics: Record<string, number>): RunBatchPoint => ({ epoch: 1, batch: 1, step: 1, loss: 1, metrics, learningRate: 0.01, samplesPerSecond: 1 });
  const epoch = (logs: Record<string, number>): RunEpochPoint => ({ epoch: 1, logs, learningRate: 0.01, elapsedMs: 1 });

  it('shows an old one-output run as before: its accuracy beside the loss', () => {
    expect(metricPanels([point({ acc: 0.5 })], [epoch({ loss: 1, acc: 0.5, val_loss: 1.2, val_acc: 0.4 })])).toEqual([{ key: 'acc', output: null, metric: 'acc', known: true }]);
  });

  it('shows per output its loss then its metrics, from the keys the run reported, validation read beside them', () => {
    const logs = { loss: 2, species_loss: 1, species_acc: 0.8, body_mass_g_loss: 1, body_mass_g_mae: 0.3 };
    const panels = metricPanels([point({ species_acc: 0.8, species_loss: 1, body_mass_g_mae: 0.3, body_mass_g_loss: 1 })], [epoch({ ...logs, ...Object.fromEntries(Object.entries(logs).map(([k, v]) => [`val_${k}`, v])) })]);
    expect(panels.map((p) => [p.output, p.metric, p.key])).toEqual([
      ['species', 'loss', 'species_loss'],
      ['species', 'acc', 'species_acc'],
      ['body_mass_g', 'loss', 'body_mass_g_loss'],
      ['body_mass_g', 'mae', 'body_mass_g_mae'],
    ]);
  });

  it('charts the new figures of one output, and a key no engine names as it is', () => {
    const panels = metricPanels([point({ iou: 0.3, dice: 0.4, psnr: 20, perplexity: 9, f1: 0.5 })], []);
    expect(panels.map((p) => [p.metric, p.known])).toEqual([
      ['iou', true],
      ['dice', true],
      ['psnr', true],
      ['perplexity', true],
      ['f1', false],
    ]);
  });

  it('shows no metric chart before a run reported anything', () => {
    expect(metricPanels([], [])).toEqual([]);
  });
});
