/**
 * The two training engines side by side, for the MLP 784-256-128-10, the CNN
 * conv16-pool-conv32-pool-dense on 28×28×1 and the LSTM(64) over 32×16 of bench:train, batch 64:
 *  - tfjs: the app's tfjs worker (fastest backend that loads), through startTraining;
 *  - pytorch engine: the same project with engine: pytorch, through startTraining (worker
 *    protocol, model.py + train.py run by the local Python);
 *  - hand-written PyTorch: a plain loop over the same shapes (randperm, forward, loss,
 *    backward, Adam step, loss.item()), as a person would write it.
 * Samples/s over whole epochs after a first, untimed one (validation off), so start-up does
 * not count. Target: the PyTorch engine ≥ 0.95× the hand-written loop.
 * PyTorch runs alternate between the engine and the hand-written loop, best of --repeat each.
 * Run: npm run bench:engines [-- --models mlp,cnn,lstm --epochs 3 --tfjs-samples 1024 --torch-samples 4096 --repeat 2]
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRandom } from '../shared/data/dataset';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import type { EpochEvent, ReadyEvent } from '../shared/training/protocol';
import { startTraining } from '../electron/host/training-session';
import { findPythonWithTorch } from '../electron/pytorch/python';
import { BATCH, CLASSES, CNN, LSTM, MLP, type SampleModel } from './engine/models';
import { table } from './stats';

/** The hand-written loop's models are reference_torch.py's, bench:engine's PyTorch side. */
const ENGINE_DIR = fileURLToPath(new URL('./engine/', import.meta.url));
const MODELS: SampleModel[] = [MLP, CNN, LSTM];

const HAND_WRITTEN = String.raw`
import json, sys, time
import torch
from torch import nn
import torch.nn.functional as F
torch.manual_seed(1)  # threads: torch's default, as train.py runs with it
sys.path.insert(0, sys.argv[5])
from reference_torch import build_model

model = build_model(sys.argv[1])
shape, samples, epochs = json.loads(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = torch.rand(samples, *shape)
y = torch.randint(0, 10, (samples,))
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
seconds = []
for epoch in range(epochs):
    start = time.perf_counter()
    order = torch.randperm(samples)
    for i in range(0, samples, 64):
        rows = order[i:i + 64]
        loss = F.cross_entropy(model(x[rows]), y[rows])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()
    seconds.append(time.perf_counter() - start)
print(json.dumps({'seconds': seconds, 'threads': torch.get_num_threads()}))
`;

const { values } = parseArgs({
  options: {
    models: { type: 'string', default: MODELS.map((m) => m.key).join(',') },
    epochs: { type: 'string', default: '3' },
    'tfjs-samples': { type: 'string', default: '1024' },
    'torch-samples': { type: 'string', default: '4096' },
    repeat: { type: 'string', default: '2' },
  },
});
const epochs = Math.max(2, Number(values.epochs));

/** Uniform features and a random class per row, as CSV: the engines read the same file. */
async function writeCsv(dir: string, spec: SampleModel, samples: number): Promise<string> {
  const random = createRandom(samples);
  const features = spec.inputShape.reduce((a, b) => a * b, 1);
  const header = [...Array.from({ length: features }, (_, i) => `f${i}`), 'label'].join(',');
  const rows = Array.from({ length: samples }, () => [...Array.from({ length: features }, () => random().toFixed(3)), `c${Math.floor(random() * CLASSES)}`].join(','));
  const file = path.join(dir, `${spec.key}-${samples}.csv`);
  await writeFile(file, [header, ...rows].join('\n') + '\n');
  return file;
}

/** Samples per second over the epochs after the first, through the app's training session. */
async function throughEngine(spec: SampleModel, engine: 'tfjs' | 'pytorch', csv: string): Promise<{ samplesPerSecond: number; backend: string }> {
  const doc = spec.document();
  const training = TrainingConfigSchema.parse({ engine, optimizer: 'adam', learningRate: 0.001, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs, batchSize: BATCH, validationSplit: 0, seed: 1 });
  let ready: ReadyEvent | null = null;
  const epochEvents: EpochEvent[] = [];
  const handle = startTraining({ document: { ...doc, training }, dataset: { kind: 'csv', path: csv, columns: {}, label: 'label', labelEncoding: 'onehot', normalize: 'none' }, training }, (event) => {
    if (event.type === 'ready') ready = event;
    if (event.type === 'epoch') epochEvents.push(event);
  });
  const done = await handle.done;
  const perEpochMs = epochEvents.slice(1).map((e, i) => e.elapsedMs - epochEvents[i]!.elapsedMs);
  const meanMs = perEpochMs.reduce((a, b) => a + b, 0) / perEpochMs.length;
  return { samplesPerSecond: (ready as ReadyEvent | null)!.trainSamples / (meanMs / 1000), backend: done.backend };
}

let torchThreads = 0;

/** The hand-written loop in the environment train.py gets (same Python, same thread defaults). */
async function handWritten(python: string, spec: SampleModel, samples: number): Promise<number> {
  const shape = spec.inputShape.length === 3 ? [spec.inputShape[2], spec.inputShape[0], spec.inputShape[1]] : spec.inputShape;
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(python, ['-c', HAND_WRITTEN, spec.key, JSON.stringify(shape), String(samples), String(epochs), ENGINE_DIR], { timeout: 600_000 }, (err, out, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(out),
    ),
  );
  const result = JSON.parse(stdout) as { seconds: number[]; threads: number };
  torchThreads = result.threads;
  const seconds = result.seconds.slice(1);
  return samples / (seconds.reduce((a, b) => a + b, 0) / seconds.length);
}

const probe = await findPythonWithTorch();
if (!probe.ok) {
  console.error(`bench:engines needs PyTorch: ${probe.message}`);
  process.exit(1);
}
const dir = await mkdtemp(path.join(tmpdir(), 'nnd-bench-engines-'));
const rows: (string | number)[][] = [['model', 'tfjs engine', 'PyTorch engine', 'hand-written PyTorch', 'engine / hand-written']];
try {
  for (const spec of MODELS.filter((m) => values.models.split(',').includes(m.key))) {
    const tfjs = await throughEngine(spec, 'tfjs', await writeCsv(dir, spec, Number(values['tfjs-samples'])));
    const torchCsv = await writeCsv(dir, spec, Number(values['torch-samples']));
    // Alternated and the best of each kept: on a shared machine a neighbour's burst slows one run, never speeds it up.
    let engine = { samplesPerSecond: 0, backend: '' };
    let hand = 0;
    for (let i = 0; i < Math.max(1, Number(values.repeat)); i++) {
      const run = await throughEngine(spec, 'pytorch', torchCsv);
      if (run.samplesPerSecond > engine.samplesPerSecond) engine = run;
      hand = Math.max(hand, await handWritten(probe.found.python, spec, Number(values['torch-samples'])));
    }
    rows.push([spec.label, `${Math.round(tfjs.samplesPerSecond).toLocaleString('en-US')} (${tfjs.backend})`, Math.round(engine.samplesPerSecond).toLocaleString('en-US'), Math.round(hand).toLocaleString('en-US'), (engine.samplesPerSecond / hand).toFixed(2)]);
    console.error(`${spec.key} done`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log(`samples/s, batch ${BATCH}, Adam, epochs 2..${epochs} of each run; torch ${probe.found.torchVersion} (${probe.found.python}, ${torchThreads} thread${torchThreads === 1 ? '' : 's'}); load average ${loadavg()[0]!.toFixed(1)}`);
console.log(table(rows));
