/**
 * Issue #10's engine benchmark: the five reference models (bench/engine/models.ts) trained
 * through our worker exactly as the app trains them (startTraining → worker process →
 * the fastest backend that loads), and the same models in PyTorch (reference_torch.py,
 * /usr/bin/python3, 2 threads), on the same data files, in one run. Both sides train whole
 * epochs — Adam, batch 64 (the GCN: full batch), validation off — and only the epochs after
 * a first, untimed one count. Ours and PyTorch alternate --repeat times; the best of each
 * is kept (a neighbour's burst on a shared machine slows a run, never speeds it up).
 * The GCN's graph is synthetic at Cora's size (2,708 nodes, 1,433 sparse 0/1 features,
 * 7 classes, 5,278 undirected = 10,556 directed edges); its unit is epochs/s on both sides.
 * The last line is `engine ratios: mlp=R cnn=R lstm=R transformer=R gcn=R` (ours / PyTorch).
 * `--wasm-threads 2` trains ours on tfjs's multi-threaded wasm build with 2 threads (the
 * worker reads NND_WASM_THREADS); a list, `--wasm-threads 0,2`, alternates the builds inside
 * each repeat (A, B, A, B: both see the same neighbours) and adds a line of their speed ratios.
 * `--skip-torch` leaves PyTorch out (an A/B of our builds alone).
 * Run: npm run bench:engine [-- --models mlp,cnn,lstm,transformer,gcn --epochs 3 --gcn-epochs 30 --repeat 2 --torch-threads 2 --wasm-threads 0,2 --skip-torch --quick]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startTraining } from '../../electron/host/training-session';
import { TORCH_PYTHON, torchAvailability } from '../../electron/torch/run-torch';
import { createRandom } from '../../shared/data/dataset';
import { encodeNpy } from '../../shared/data/numpy';
import type { DatasetReference } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import type { EpochEvent, ReadyEvent } from '../../shared/training/protocol';
import { WASM_THREADS_ENV } from '../../electron/worker/wasm-threads';
import { table } from '../stats';
import { BATCH, CLASSES, CORA_SIZE, gcnDocument, SAMPLE_MODELS } from './models';

export const MODEL_KEYS = ['mlp', 'cnn', 'lstm', 'transformer', 'gcn'] as const;
type ModelKey = (typeof MODEL_KEYS)[number];

/** Samples per epoch: about 2–4 s of one of our epochs on a quiet 2-core machine. */
const SAMPLES: Record<Exclude<ModelKey, 'gcn'>, number> = { mlp: 8192, cnn: 1024, lstm: 2048, transformer: 1024 };
const QUICK_SAMPLES = 128;
const QUICK_GCN_NODES = 400;

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: MODEL_KEYS.join(',') },
    epochs: { type: 'string', default: '3' },
    'gcn-epochs': { type: 'string', default: '30' },
    repeat: { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
    /** 2 is #10's comparison; 1 shows how much of PyTorch's lead is its second thread (and suffers less from a loaded machine). */
    'torch-threads': { type: 'string', default: '2' },
    /** Threads of our wasm build per variant, e.g. `2` or `0,2`; unset: whatever NND_WASM_THREADS says. */
    'wasm-threads': { type: 'string' },
    'skip-torch': { type: 'boolean', default: false },
  },
});
const quick = values.quick;
const wanted = values.models.split(',').map((k) => k.trim());
const unknown = wanted.filter((k) => !(MODEL_KEYS as readonly string[]).includes(k));
if (unknown.length) {
  console.error(`unknown model ${unknown.join(', ')}: choose from ${MODEL_KEYS.join(', ')}`);
  process.exit(2);
}
const keys = MODEL_KEYS.filter((k) => wanted.includes(k));
/** Our variants, run in turn in every repeat; undefined: the environment's NND_WASM_THREADS as it is. */
const wasmVariants: (number | undefined)[] = values['wasm-threads'] === undefined ? [undefined] : values['wasm-threads'].split(',').map((t) => Number(t.trim()));
if (wasmVariants.some((t) => t !== undefined && !(Number.isInteger(t) && t >= 0))) {
  console.error(`--wasm-threads ${values['wasm-threads']}: give thread counts, e.g. 2 or 0,2 (0 is the single-threaded build)`);
  process.exit(2);
}
const timedEpochs = quick ? 1 : Math.max(1, Number(values.epochs));
const timedGcnEpochs = quick ? 2 : Math.max(1, Number(values['gcn-epochs']));
const repeat = quick ? 1 : Math.max(1, Number(values.repeat));
const TORCH_SCRIPT = fileURLToPath(new URL('./reference_torch.py', import.meta.url));

interface Job {
  key: ModelKey;
  label: string;
  document: GraphDocument;
  dataset: DatasetReference;
  learningRate: number;
  /** Epochs including the untimed first one. */
  epochs: number;
  /** Samples (or nodes, for the GCN) one epoch goes through. */
  items: number;
  unit: 'samples/s' | 'epochs/s';
}

/** Uniform features and a random class per sample, as .npy files both sides read. */
async function writeSamples(dir: string, key: Exclude<ModelKey, 'gcn'>, shape: number[], samples: number): Promise<DatasetReference> {
  const random = createRandom(samples);
  const features = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: samples * features }, () => random());
  const y = Int32Array.from({ length: samples }, () => Math.floor(random() * CLASSES));
  const xPath = path.join(dir, `${key}.x.npy`);
  const yPath = path.join(dir, `${key}.y.npy`);
  await writeFile(xPath, encodeNpy(x, [samples, ...shape]));
  await writeFile(yPath, encodeNpy(y, [samples]));
  return { kind: 'numpy', path: xPath, labelPath: yPath, labelEncoding: 'onehot' };
}

/**
 * A Cora-size graph: nodes in 7 communities, about 80 % of the (distinct, loop-free) edges
 * inside a community, and ~18 words of a 1,433-word vocabulary per node, drawn mostly from
 * its community's share of the vocabulary. Written as the nodes + edges CSVs a user imports
 * (ours) and as .npy (PyTorch), the edges both ways as the undirected reader makes them.
 */
async function writeGraph(dir: string, nodes: number): Promise<DatasetReference> {
  const { features, classes } = CORA_SIZE;
  const undirected = Math.round((CORA_SIZE.undirectedEdges * nodes) / CORA_SIZE.nodes);
  const random = createRandom(7);
  const label = Int32Array.from({ length: nodes }, () => Math.floor(random() * classes));
  const byClass = Array.from({ length: classes }, (_, c) => [...label.keys()].filter((i) => label[i] === c));
  const pick = (list: number[]) => list[Math.floor(random() * list.length)]!;
  const seen = new Set<number>();
  const edges: number[] = [];
  while (edges.length < undirected * 2) {
    const a = Math.floor(random() * nodes);
    const b = random() < 0.8 ? pick(byClass[label[a]!]!) : Math.floor(random() * nodes);
    if (a === b || seen.has(a * nodes + b) || seen.has(b * nodes + a)) continue;
    seen.add(a * nodes + b);
    edges.push(a, b);
  }
  const x = new Float32Array(nodes * features);
  const slice = Math.floor(features / classes);
  for (let i = 0; i < nodes; i++)
    for (let w = 0; w < 18; w++) {
      const word = random() < 0.6 ? label[i]! * slice + Math.floor(random() * slice) : Math.floor(random() * features);
      x[i * features + word] = 1;
    }
  const header = ['id', 'label', ...Array.from({ length: features }, (_, j) => `w${j}`)].join(',');
  const rows = Array.from({ length: nodes }, (_, i) => [i, `c${label[i]}`, ...x.subarray(i * features, (i + 1) * features)].join(','));
  const nodesCsv = path.join(dir, 'gcn.nodes.csv');
  const edgesCsv = path.join(dir, 'gcn.edges.csv');
  await writeFile(nodesCsv, [header, ...rows].join('\n') + '\n');
  const edgeRows: string[] = ['source,target'];
  for (let e = 0; e < edges.length; e += 2) edgeRows.push(`${edges[e]},${edges[e + 1]}`);
  await writeFile(edgesCsv, edgeRows.join('\n') + '\n');

  const both = new Int32Array(edges.length * 2);
  both.set(edges);
  for (let e = 0; e < edges.length; e += 2) {
    both[edges.length + e] = edges[e + 1]!;
    both[edges.length + e + 1] = edges[e]!;
  }
  await writeFile(path.join(dir, 'gcn.x.npy'), encodeNpy(x, [nodes, features]));
  await writeFile(path.join(dir, 'gcn.edges.npy'), encodeNpy(both, [both.length / 2, 2]));
  // Class indices in the order the CSV reader numbers them (c0 … c6 sorted).
  await writeFile(path.join(dir, 'gcn.y.npy'), encodeNpy(label, [nodes]));
  // Every node trains (validation off, no test nodes), on both sides.
  await writeFile(path.join(dir, 'gcn.train.npy'), encodeNpy(Int32Array.from({ length: nodes }, (_, i) => i), [nodes]));
  await writeFile(path.join(dir, 'gcn.json'), JSON.stringify({ hidden: CORA_SIZE.hidden, classes }));
  return { kind: 'graph', source: 'csv', path: nodesCsv, edgesPath: edgesCsv, label: 'label', idColumn: 'id', undirected: true, trainFraction: 1, validationFraction: 0, seed: 1 } as DatasetReference;
}

async function prepare(dir: string, key: ModelKey): Promise<Job> {
  if (key === 'gcn') {
    const nodes = quick ? QUICK_GCN_NODES : CORA_SIZE.nodes;
    return {
      key,
      label: `GCN 2-layer ${CORA_SIZE.features}-${CORA_SIZE.hidden}-${CORA_SIZE.classes}, ${nodes.toLocaleString('en-US')} nodes, full batch`,
      document: gcnDocument(CORA_SIZE.features, CORA_SIZE.hidden, CORA_SIZE.classes),
      dataset: await writeGraph(dir, nodes),
      learningRate: 0.01,
      epochs: timedGcnEpochs + 1,
      items: nodes,
      unit: 'epochs/s',
    };
  }
  const spec = SAMPLE_MODELS.find((m) => m.key === key)!;
  const samples = quick ? QUICK_SAMPLES : SAMPLES[key];
  return {
    key,
    label: spec.label,
    document: spec.document(),
    dataset: await writeSamples(dir, key, spec.inputShape, samples),
    learningRate: 0.001,
    epochs: timedEpochs + 1,
    items: samples,
    unit: 'samples/s',
  };
}

/** Items (samples or nodes) per second over the epochs after the first. */
function rate(items: number, epochSeconds: number[]): number {
  const timed = epochSeconds.slice(1);
  return (items * timed.length) / timed.reduce((a, b) => a + b, 0);
}

async function ours(job: Job, wasmThreads: number | undefined): Promise<{ perSecond: number; backend: string }> {
  // The forked worker inherits this process's environment as it is at the fork.
  if (wasmThreads !== undefined) process.env[WASM_THREADS_ENV] = String(wasmThreads);
  const training = TrainingConfigSchema.parse({
    optimizer: 'adam',
    learningRate: job.learningRate,
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    epochs: job.epochs,
    batchSize: BATCH,
    validationSplit: 0,
    seed: 1,
  });
  let ready: ReadyEvent | undefined;
  const epochs: EpochEvent[] = [];
  const handle = startTraining({ document: { ...job.document, training }, dataset: job.dataset, training }, (event) => {
    if (event.type === 'ready') ready = event;
    if (event.type === 'epoch') epochs.push(event);
  });
  const done = await handle.done;
  if (!ready || epochs.length !== job.epochs) throw new Error(`${job.key}: the worker ran ${epochs.length} of ${job.epochs} epochs (${done.reason})`);
  const items = job.unit === 'epochs/s' ? job.items : ready.trainSamples;
  const seconds = epochs.map((e, i) => (e.elapsedMs - (i > 0 ? epochs[i - 1]!.elapsedMs : 0)) / 1000);
  return { perSecond: rate(items, seconds), backend: done.backend };
}

let torchVersion = '';
let torchThreads = 0;

async function pytorch(dir: string, job: Job): Promise<number> {
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(TORCH_PYTHON, [TORCH_SCRIPT, dir, job.key, String(job.epochs), values['torch-threads']], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`reference_torch.py ${job.key} exited ${code}: ${err.trim()}`))));
  });
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number[]; items: number; threads: number; torch: string };
  torchVersion = result.torch;
  torchThreads = result.threads;
  return rate(result.items, result.seconds);
}

function figure(perSecond: number, unit: Job['unit'], items: number): string {
  const value = unit === 'epochs/s' ? perSecond / items : perSecond;
  return value < 100 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US');
}

const loadAtStart = loadavg();
const torch = values['skip-torch'] ? { available: false as const, reason: '--skip-torch' } : torchAvailability();
if (!torch.available) console.log(`PyTorch skipped: ${torch.reason}`);
const dir = await mkdtemp(path.join(tmpdir(), 'nnd-bench-engine-'));
const rows: (string | number)[][] = [['model', 'unit', 'ours', `PyTorch (${values['torch-threads']} thread${values['torch-threads'] === '1' ? '' : 's'})`, 'ours / PyTorch']];
const ratios: string[] = [];
const buildRatios: string[] = [];
const backends = new Set<string>();
const variantKey = (key: string, threads: number | undefined) => (wasmVariants.length > 1 && threads ? `${key}@${threads}t` : key);
try {
  for (const key of keys) {
    const job = await prepare(dir, key);
    const best = wasmVariants.map(() => 0);
    const labels = wasmVariants.map(() => '');
    let reference = 0;
    for (let i = 0; i < repeat; i++) {
      for (const [v, threads] of wasmVariants.entries()) {
        process.stderr.write(`${key}: run ${i + 1} of ${repeat}${threads === undefined ? '' : `, ${threads} wasm thread${threads === 1 ? '' : 's'}`}, load ${loadavg()[0]!.toFixed(2)}… `);
        const run = await ours(job, threads);
        process.stderr.write(`${figure(run.perSecond, job.unit, job.items)} ${job.unit}\n`);
        backends.add(run.backend);
        labels[v] = run.backend;
        best[v] = Math.max(best[v]!, run.perSecond);
      }
      if (torch.available) reference = Math.max(reference, await pytorch(dir, job));
    }
    for (const [v, threads] of wasmVariants.entries()) {
      const ratio = torch.available ? (best[v]! / reference).toFixed(2) : 'n/a';
      ratios.push(`${variantKey(key, threads)}=${ratio}`);
      const label = wasmVariants.length > 1 ? `${job.label} — ${labels[v]}` : job.label;
      rows.push([label, job.unit, figure(best[v]!, job.unit, job.items), torch.available ? figure(reference, job.unit, job.items) : '—', ratio]);
    }
    const single = wasmVariants.indexOf(0);
    if (single >= 0)
      for (const [v, threads] of wasmVariants.entries()) if (threads) buildRatios.push(`${key}@${threads}t=${(best[v]! / best[single]!).toFixed(2)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const backend = [...backends].join(', ');
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
console.log(
  `bench:engine${quick ? ' --quick' : ''}: batch ${BATCH} (GCN full batch), Adam, validation off; epochs 2..${timedEpochs + 1} timed (GCN 2..${timedGcnEpochs + 1}), best of ${repeat}; ` +
    `ours through the worker on ${backend}; PyTorch ${torchVersion || '—'} (${TORCH_PYTHON}, ${torchThreads || values['torch-threads']} threads)`,
);
console.log(`load average (1/5/15 min): ${load(loadAtStart)} at start, ${load(loadavg())} at end`);
console.log(table(rows));
if (buildRatios.length) console.log(`multi-threaded / single-threaded wasm: ${buildRatios.join(' ')}`);
console.log(`engine ratios: ${ratios.join(' ')}`);
