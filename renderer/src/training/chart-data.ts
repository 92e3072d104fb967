import { validationSize } from '../../../shared/data/dataset';
import { stepsPerEpoch, stepsTaken } from '../../../shared/graph/training-config';
import { parseLogKey } from '../../../shared/training/log-keys';
import type { RunBatchPoint, RunEpochPoint } from '../../../shared/training/run-record';

/**
 * Chart helpers. Every point a run produced stays in the store; a chart draws at most a few
 * hundred, chosen so the curve keeps its shape: the first and last points and, in each
 * bucket, the lowest and the highest.
 */
export function downsample<T>(points: readonly T[], maxPoints: number, value: (point: T) => number): T[] {
  if (points.length <= maxPoints || maxPoints < 4) return points.slice();
  // Two points (min and max) per bucket, plus the ends.
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const inner = points.length - 2;
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let min = start;
    let max = start;
    for (let i = start; i < end; i++) {
      const v = value(points[i]!);
      if (v < value(points[min]!)) min = i;
      if (v > value(points[max]!)) max = i;
    }
    if (min === max) keep.push(min);
    else keep.push(Math.min(min, max), Math.max(min, max));
  }
  keep.push(points.length - 1);
  return keep.map((i) => points[i]!);
}

/**
 * TensorBoard's smoothing: an exponential moving average with the bias of its zero start
 * removed, so the first points are not pulled towards 0. `weight` 0 leaves the values as they are.
 */
export function smooth(values: readonly number[], weight: number): number[] {
  const out = new Array<number>(values.length);
  let last = 0;
  let kept = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    kept++;
    const debias = weight === 0 ? 1 : 1 - Math.pow(weight, kept);
    out[i] = last / debias;
  }
  return out;
}

export interface LossPoint {
  step: number;
  epoch: number;
  loss: number;
  smoothed: number;
}

/** The batch loss curve as drawn: smoothed over every point, then thinned for display. */
export function lossSeries(points: readonly RunBatchPoint[], smoothing: number, maxPoints: number): LossPoint[] {
  const smoothed = smooth(
    points.map((p) => p.loss),
    smoothing,
  );
  const all = points.map((p, i) => ({ step: p.step, epoch: p.epoch, loss: p.loss, smoothed: smoothed[i]! }));
  return downsample(all, maxPoints, (p) => p.loss);
}

/** One metric (`acc`, `mae`, …) per batch, thinned for display. */
export function metricSeries(points: readonly RunBatchPoint[], key: string, maxPoints: number): { step: number; epoch: number; value: number }[] {
  const all = points.filter((p) => p.metrics[key] !== undefined).map((p) => ({ step: p.step, epoch: p.epoch, value: p.metrics[key]! }));
  return downsample(all, maxPoints, (p) => p.value);
}

export function learningRateSeries(points: readonly RunBatchPoint[], maxPoints: number): { step: number; epoch: number; value: number }[] {
  return downsample(
    points.map((p) => ({ step: p.step, epoch: p.epoch, value: p.learningRate })),
    maxPoints,
    (p) => p.value,
  );
}

/** One chart beside the total loss: a figure the run reports (an output's own loss, or a metric). */
export interface MetricPanel {
  /** The training key in the logs (`acc`, `species_loss`); validation reads `val_` + key. */
  key: string;
  /** The output it belongs to in a run of several outputs; null in a one-output run. */
  output: string | null;
  /** `loss`, `acc`, `mae`, … (the key itself for a figure no engine names). */
  metric: string;
  known: boolean;
}

/**
 * The charts a run's points call for, read from the keys the run reported (not from the
 * settings, which may have changed since, and which several outputs replace): per output,
 * its loss then its metrics, in the order the run reports them. The total `loss` has its own
 * chart. Keys do not change within a run, so the first and last batch and the epochs suffice.
 */
export function metricPanels(batchPoints: readonly RunBatchPoint[], epochPoints: readonly RunEpochPoint[]): MetricPanel[] {
  const reported: string[] = [];
  const note = (key: string) => !reported.includes(key) && reported.push(key);
  for (const p of [batchPoints[0], batchPoints.at(-1)]) if (p) Object.keys(p.metrics).forEach(note);
  for (const p of epochPoints) Object.keys(p.logs).forEach(note);
  const trainingKeys = reported.filter((key) => key !== 'loss' && !(key.startsWith('val_') && (reported.includes(key.slice(4)) || key === 'val_loss')));
  const panels = trainingKeys.map((key) => ({ key, ...parseLogKey(key) }));
  const outputs = [...new Set(panels.map((p) => p.output))];
  // Each output's loss first, then its metrics; outputs in the order the run names them.
  const rank = (p: MetricPanel) => outputs.indexOf(p.output) * 2 + (p.metric === 'loss' ? 0 : 1);
  return panels
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => ({ key: p.key, output: p.output, metric: p.metric, known: p.known }));
}

/** Figures that live between 0 and 1, drawn on that axis. */
export function isFraction(metric: string): boolean {
  return metric === 'acc' || metric === 'iou' || metric === 'dice';
}

/** Epoch figures placed at the step that ended the epoch, to share the batch charts' x axis. */
export function epochSeries(points: readonly RunEpochPoint[], batchesPerEpoch: number, key: string): { step: number; epoch: number; value: number }[] {
  return points.filter((p) => Number.isFinite(p.logs[key])).map((p) => ({ step: stepsTaken(p.epoch, batchesPerEpoch, batchesPerEpoch), epoch: p.epoch, value: p.logs[key]! }));
}

function csvCell(value: number | string | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Every point of a run as one CSV table: a row per batch point and a row per epoch (kind
 * `batch` or `epoch`), with a column per metric seen anywhere in the run.
 */
export function metricsCsv(batchPoints: readonly RunBatchPoint[], epochPoints: readonly RunEpochPoint[]): string {
  const keys = new Set<string>();
  for (const p of batchPoints) for (const k of Object.keys(p.metrics)) keys.add(k);
  for (const p of epochPoints) for (const k of Object.keys(p.logs)) if (k !== 'loss') keys.add(k);
  const metricKeys = [...keys].sort();
  const header = ['kind', 'epoch', 'batch', 'step', 'loss', ...metricKeys, 'learning_rate', 'samples_per_second', 'elapsed_ms'];
  const rows = [header.join(',')];
  for (const p of batchPoints)
    rows.push(['batch', p.epoch, p.batch, p.step, p.loss, ...metricKeys.map((k) => p.metrics[k]), p.learningRate, p.samplesPerSecond, undefined].map(csvCell).join(','));
  for (const p of epochPoints)
    rows.push(['epoch', p.epoch, undefined, undefined, p.logs.loss, ...metricKeys.map((k) => p.logs[k]), p.learningRate, undefined, p.elapsedMs].map(csvCell).join(','));
  return rows.join('\n') + '\n';
}

/** Optimizer steps per epoch for `samples` rows, after the validation split the worker makes. */
export function plannedSteps(samples: number, validationSplit: number, batchSize: number, epochs: number): { trainSamples: number; stepsPerEpoch: number; totalSteps: number } {
  const trainSamples = samples - validationSize(samples, validationSplit);
  const steps = stepsPerEpoch(trainSamples, batchSize);
  return { trainSamples, stepsPerEpoch: steps, totalSteps: stepsTaken(epochs, steps, steps) };
}

/**
 * The charts' step axis: from 0 to a round number at or above the last step, with ticks at
 * round intervals (1, 2 or 5 × 10ⁿ), so a run of 1,250 steps reads 0, 250, 500, … and not
 * 7, 143, 279.
 */
export function stepAxis(lastStep: number, targetTicks = 6): { domain: [number, number]; ticks: number[] } {
  const max = Math.max(1, lastStep);
  const raw = max / targetTicks;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const interval = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!);
  const top = Math.ceil(max / interval) * interval;
  const ticks: number[] = [];
  for (let tick = 0; tick <= top; tick += interval) ticks.push(tick);
  return { domain: [0, top], ticks };
}
