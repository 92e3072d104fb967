import { execFile } from 'node:child_process';
import { expect } from 'vitest';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import type { Dataset } from '../../shared/data/dataset';
import { pytorchExport } from '../../shared/export/pytorch/export';
import type { GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { TrainingEventSchema, type GanPlaneEvent, type GanSamplesEvent, type MetricLogs, type TrainingEvent } from '../../shared/training/protocol';
import { adversarialRun, trainAdversarially } from '../../shared/training/adversarial';
import { tableBindings } from '../../shared/training/runner';
import { trainModel } from '../../shared/training/train';
import { writeExportFiles } from './python';
import { findPythonWithTorch, type PythonWithTorch } from './python';

/**
 * The Python with torch that tests run against. With CI=true a missing torch is a failure
 * (CI installs Debian's python3-torch); elsewhere the tests skip and say why.
 */
export async function pythonForTests(): Promise<{ python: PythonWithTorch | null; skipReason: string | null }> {
  const probe = await findPythonWithTorch();
  if (probe.ok) return { python: probe.found, skipReason: null };
  if (process.env.CI === 'true') throw new Error(`CI=true but ${probe.message}`);
  return { python: null, skipReason: probe.message };
}

export function runPython(python: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_NUM_THREADS: '2', ...options.env } },
      (err, stdout, stderr) => (err ? reject(new Error(`${python} ${args.join(' ')} failed: ${err.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}

/** The same log keys in both engines, each value finite and within `tolerance` relative (absolute below 1). */
export function expectSameLogs(logs: { tfjs: MetricLogs; torch: MetricLogs }, keys: string[], tolerance = 1e-4): void {
  expect(Object.keys(logs.torch).sort()).toEqual([...keys].sort());
  expect(Object.keys(logs.tfjs).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    const [a, b] = [logs.tfjs[key]!, logs.torch[key]!];
    expect(Number.isFinite(a)).toBe(true);
    const close = Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a));
    expect([key, close ? 'close' : `tfjs ${a}, torch ${b}`]).toEqual([key, 'close']);
  }
}

/** What train.py printed, one event a line. */
export function trainPyEvents(stdout: string): TrainingEvent[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => TrainingEventSchema.parse(JSON.parse(line)));
}

/**
 * One epoch of `doc` on `data` in tfjs (the worker's own bindings and loop) and in its exported
 * train.py (written to `dir`), from the same initial weights. With one batch an epoch, the
 * training logs are the loss and metrics of the same weights on the same batch, and the
 * validation logs those after the same optimizer step.
 */
export async function oneEpochInBothEngines(
  python: string,
  dir: string,
  doc: GraphDocument,
  data: Dataset,
  options: { setWeights?: (compiled: CompiledModel) => void; threads?: number; timeoutMs?: number; backend?: string } = {},
): Promise<{ tfjs: MetricLogs; torch: MetricLogs }> {
  const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
  options.setWeights?.(compiled);
  await writeExportFiles(dir, pytorchExport(doc, compiled, catalog, { weightsFrom: 'initial', dataset: data }).files);
  const bindings = tableBindings(doc, compiled.analysis, compiled.model, data, doc.training);
  const outcome = await trainModel(compiled.model, data, doc.training, { backend: options.backend ?? 'test' }, bindings);
  compiled.model.dispose();
  const run = trainPyEvents((await runPython(python, ['train.py', '--threads', String(options.threads ?? 1)], { cwd: dir, timeoutMs: options.timeoutMs ?? 120_000 })).stdout);
  const epoch = run.find((e) => e.type === 'epoch');
  if (epoch?.type !== 'epoch') throw new Error(`train.py reported no epoch: ${JSON.stringify(run.at(-1))}`);
  return { tfjs: outcome.metrics, torch: epoch.logs };
}

export interface GanRunInBothEngines {
  /** Each epoch's logs. */
  epochs: { tfjs: MetricLogs[]; torch: MetricLogs[] };
  /** The gan-samples events (epoch 0, then one per epoch). */
  samples: { tfjs: GanSamplesEvent[]; torch: GanSamplesEvent[] };
  /** The gan-plane events of a 2-D GAN (epoch 0, after every epoch, and about once a second between). */
  planes: { tfjs: GanPlaneEvent[]; torch: GanPlaneEvent[] };
}

/**
 * `doc` trained adversarially in tfjs (the loop NN Designer runs) and by its exported train.py
 * (written to `dir`), both from the project's seeded initial weights: what each sent.
 */
export async function ganInBothEngines(python: string, dir: string, doc: GraphDocument, data: Dataset): Promise<GanRunInBothEngines> {
  const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
  await writeExportFiles(dir, pytorchExport(doc, compiled, catalog, { weightsFrom: 'initial', dataset: data }).files);
  const tfjs: TrainingEvent[] = [];
  await trainAdversarially(compiled.model, adversarialRun(doc, compiled, data, doc.training.gan!), data, doc.training, { backend: 'test', onEvent: (event) => void tfjs.push(event) });
  compiled.model.dispose();
  const torch = trainPyEvents((await runPython(python, ['train.py', '--threads', '1'], { cwd: dir })).stdout);
  const epochs = (events: TrainingEvent[]) => events.flatMap((e) => (e.type === 'epoch' ? [e.logs] : []));
  const samples = (events: TrainingEvent[]) => events.filter((e): e is GanSamplesEvent => e.type === 'gan-samples');
  const planes = (events: TrainingEvent[]) => events.filter((e): e is GanPlaneEvent => e.type === 'gan-plane');
  return { epochs: { tfjs: epochs(tfjs), torch: epochs(torch) }, samples: { tfjs: samples(tfjs), torch: samples(torch) }, planes: { tfjs: planes(tfjs), torch: planes(torch) } };
}
