/**
 * Epoch time of a 2-layer GCN (16 features → 16 → 4 classes, full batch: forward, loss,
 * backward, Adam step) on stochastic-block-model graphs with 10k, 100k and 1M edges, on the
 * training worker's backend (wasm here), and the same GCN written with torch scatter-add
 * (index_add_) in PyTorch on the same graphs, in one run. Message passing is sparse, so time
 * should grow about linearly with the edges: the 1M-edge epoch at most 15× the 100k one.
 * Run: npm run bench:gnn [-- --edges 10000,100000,1000000 --epochs 3 --backend wasm]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { TORCH_PYTHON, torchAvailability } from '../electron/torch/run-torch';
import { stochasticBlockModel } from '../shared/data/graph-generated';
import { GraphDatasetSchema } from '../shared/data/graph-reference';
import { compileGraph } from '../shared/compile/compile';
import { withSeededRandom } from '../shared/layers/seed';
import { tfjsCatalog } from '../shared/layers/tfjs-catalog';
import { gcnDocument } from './engine/models';
import { median, table } from './stats';

const FEATURES = 16;
const HIDDEN = 16;
const CLASSES = 4;
/** Neighbours per node: edges = nodes × this (both directions counted). */
const DEGREE = 10;

const { values } = parseArgs({
  options: {
    edges: { type: 'string', default: '10000,100000,1000000' },
    epochs: { type: 'string', default: '3' },
    backend: { type: 'string' },
  },
});
const sizes = values.edges.split(',').map(Number);
const epochs = Number(values.epochs);

/** bench:engine's GCN document at this bench's widths; its inputs are [nodes, edges]. */
const gcnModel = () => compileGraph(gcnDocument(FEATURES, HIDDEN, CLASSES), tfjsCatalog).model;

await registerFastPath();
const backend = await selectBackend(values.backend as BackendName | undefined);
const folder = mkdtempSync(path.join(tmpdir(), 'nnd-bench-gnn-'));
const ours: Record<string, number> = {};
console.log(`2-layer GCN, ${FEATURES}-${HIDDEN}-${CLASSES}, full batch, median of ${epochs} epochs after one warm-up; tfjs on ${backend}; load ${loadavg()[0]!.toFixed(1)}`);
try {
  for (const edgeCount of sizes) {
    const name = `e${edgeCount}`;
    const base = GraphDatasetSchema.parse({ kind: 'graph', source: 'sbm' });
    const nodes = Math.round(edgeCount / DEGREE);
    const graph = stochasticBlockModel({ ...base, nodes, communities: CLASSES, degreeWithin: DEGREE - 2, degreeBetween: 2, features: FEATURES, seed: 1 });
    writeFileSync(path.join(folder, `${name}.x.bin`), graph.nodeFeatures);
    writeFileSync(path.join(folder, `${name}.edges.bin`), graph.edges);
    writeFileSync(path.join(folder, `${name}.labels.bin`), graph.labels);
    writeFileSync(path.join(folder, `${name}.json`), JSON.stringify({ nodes, features: FEATURES, hidden: HIDDEN, classes: CLASSES }));

    const model = withSeededRandom(1, gcnModel);
    const optimizer = tf.train.adam(0.01);
    const x = tf.tensor2d(graph.nodeFeatures, [nodes, FEATURES]);
    const e = tf.tensor2d(graph.edges, [graph.edgeCount, 2], 'int32');
    const y = tf.oneHot(tf.tensor1d(graph.labels, 'int32'), CLASSES);
    const times: number[] = [];
    for (let epoch = 0; epoch <= epochs; epoch++) {
      const start = performance.now();
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply([x, e], { training: true }) as tf.Tensor) as tf.Scalar, true)!;
      loss.dataSync();
      loss.dispose();
      if (epoch > 0) times.push(performance.now() - start);
    }
    ours[name] = median(times);
    console.log(`  tfjs ${graph.edgeCount.toLocaleString('en')} edges (${nodes.toLocaleString('en')} nodes): ${ours[name]!.toFixed(1)} ms/epoch`);
    tf.dispose([x, e, y]);
    optimizer.dispose();
    model.dispose();
  }

  const names = sizes.map((s) => `e${s}`);
  const torch: Record<string, number> = {};
  const available = torchAvailability();
  if (available.available) {
    const run = spawnSync(TORCH_PYTHON, [fileURLToPath(new URL('./gnn_torch.py', import.meta.url)), folder, String(epochs), ...names], { encoding: 'utf8' });
    if (run.status !== 0) console.log(`PyTorch run failed: ${run.stderr}`);
    for (const line of run.stdout.trim().split('\n').filter(Boolean)) {
      const result = JSON.parse(line) as { name: string; msPerEpoch: number };
      torch[result.name] = result.msPerEpoch;
    }
  } else console.log(`PyTorch skipped: ${available.reason}`);

  const rows: (string | number)[][] = [['edges', `tfjs ${backend} ms/epoch`, 'PyTorch ms/epoch', 'tfjs / PyTorch', 'tfjs vs previous size']];
  sizes.forEach((size, i) => {
    const name = names[i]!;
    const previous = i > 0 ? ours[names[i - 1]!]! : null;
    rows.push([
      size.toLocaleString('en'),
      ours[name]!.toFixed(1),
      torch[name] !== undefined ? torch[name]!.toFixed(1) : '—',
      torch[name] !== undefined ? (ours[name]! / torch[name]!).toFixed(1) : '—',
      previous ? `${(ours[name]! / previous).toFixed(1)}× for ${(size / sizes[i - 1]!).toFixed(0)}× the edges` : '',
    ]);
  });
  console.log(table(rows));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
