/**
 * Long use without leaks (issue #22): many short runs in a row.
 *  1. The job runner (the worker's own code, shared/training/runner.ts) runs N short jobs in
 *     this process: tfjs's tensor count is read at every epoch event and after every run; it
 *     must not grow from run to run.
 *  2. The host starts N short runs through real worker processes (startTraining, as the app
 *     does) one after another: its resident memory after the runs, against after the first few.
 * Prints one line per part and `soak: runner tensors … host rss …`; exits 1 on a leak.
 * Run: npm run soak [-- --runs 100 --host-runs 100]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { startTraining } from '../electron/host/training-session';
import { selectBackend } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { generateDataset } from '../shared/data/generated';
import { GeneratedDatasetSchema, type GeneratedDatasetReference } from '../shared/data/reference';
import { addNode, connect } from '../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../shared/graph/document';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import type { TrainingEvent } from '../shared/training/protocol';
import { createTrainingRunner } from '../shared/training/runner';

export const SOAK_DATASET: GeneratedDatasetReference = GeneratedDatasetSchema.parse({ kind: 'generated', name: 'spirals', samples: 128 });

export function soakDocument(): GraphDocument {
  let doc = emptyDocument('soak');
  doc = addNode(doc, { type: 'Input', params: { shape: [2] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 16, activation: 'relu' } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  doc = connect(doc, { source: 'dense_1', target: 'dense_2' });
  return { ...doc, dataset: SOAK_DATASET, training: TrainingConfigSchema.parse({ epochs: 3, batchSize: 32, loss: 'categoricalCrossentropy', validationSplit: 0.25 }) };
}

export interface RunnerSoak {
  /** tfjs tensors alive after each run. */
  tensorsAfterRun: number[];
  /** Within each run, the tensor counts at its epoch events. */
  tensorsPerEpoch: number[][];
}

/** `runs` short jobs through the job runner in this process, reading tfjs's tensor count. */
export async function soakRunner(runs: number): Promise<RunnerSoak> {
  const doc = soakDocument();
  const result: RunnerSoak = { tensorsAfterRun: [], tensorsPerEpoch: [] };
  for (let run = 0; run < runs; run++) {
    const epochs: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const runner = createTrainingRunner({
        selectBackend: async () => {
          await registerFastPath();
          await selectBackend('wasm');
          return 'wasm';
        },
        loadData: async (job) => generateDataset(job.dataset as GeneratedDatasetReference),
        saveModel: async () => {},
        send: async (event) => {
          const e = event as TrainingEvent;
          if (e.type === 'epoch') epochs.push(tf.memory().numTensors);
          if (e.type === 'error') reject(new Error(e.message));
        },
        finished: () => resolve(),
      });
      runner.handle({ type: 'start', document: doc, dataset: doc.dataset, training: doc.training, evaluate: true });
    });
    result.tensorsPerEpoch.push(epochs);
    result.tensorsAfterRun.push(tf.memory().numTensors);
  }
  return result;
}

export interface HostSoak {
  runs: number;
  /** The host's resident memory (MB) after each run. */
  rssMb: number[];
}

/** `runs` short runs through worker processes, one after another, as the app starts them. */
export async function soakHost(runs: number): Promise<HostSoak> {
  const doc = soakDocument();
  const rssMb: number[] = [];
  for (let run = 0; run < runs; run++) {
    const events: TrainingEvent[] = [];
    const handle = startTraining({ document: doc, evaluate: true }, (event) => events.push(event));
    await handle.done;
    globalThis.gc?.();
    rssMb.push(process.memoryUsage().rss / 2 ** 20);
  }
  return { runs, rssMb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '100' }, 'host-runs': { type: 'string', default: '100' } } });
  const started = performance.now();
  const runner = await soakRunner(Number(values.runs));
  const growth = runner.tensorsAfterRun[runner.tensorsAfterRun.length - 1]! - runner.tensorsAfterRun[0]!;
  const epochSpread = Math.max(...runner.tensorsPerEpoch.map((e) => Math.max(...e) - Math.min(...e)));
  console.log(`runner: ${runner.tensorsAfterRun.length} runs; tensors after run 1: ${runner.tensorsAfterRun[0]}, after the last: ${runner.tensorsAfterRun.at(-1)} (growth ${growth}); largest spread between epochs of one run: ${epochSpread}`);
  const host = await soakHost(Number(values['host-runs']));
  const early = median(host.rssMb.slice(0, 5));
  const late = median(host.rssMb.slice(-5));
  console.log(`host: ${host.runs} runs through worker processes; rss ${early.toFixed(0)} MB after the first five, ${late.toFixed(0)} MB after the last five (growth ${(late - early).toFixed(1)} MB)`);
  const leak = growth > 0 || epochSpread > 0 || late - early > 50;
  console.log(`soak: runner tensors +${growth} over ${runner.tensorsAfterRun.length} runs (per-epoch spread ${epochSpread}), host rss ${late - early >= 0 ? '+' : ''}${(late - early).toFixed(1)} MB over ${host.runs} runs, in ${((performance.now() - started) / 60_000).toFixed(1)} min${leak ? ' — LEAK' : ''}`);
  process.exitCode = leak ? 1 : 0;
}
