/**
 * bench:engine's Transformer trained in-process on wasm with the worker's step and optimizer,
 * the fast path (transformerFastPath in fast-path-switches.ts) against the stock kernels, interleaved so both
 * meet the same machine load: rounds alternate which goes first; each round times
 * --steps steps of each. Prints samples/s per round, the best of each and their ratio.
 * Run: npx tsx bench/engine/transformer-ab.ts [--rounds 6 --steps 8]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { setFastPathSwitches, transformerFastPath } from '../../electron/worker/fast-path-switches';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { createOptimizer } from '../../shared/training/optimizers';
import { withSeededRandom } from '../../shared/layers/seed';
import { BATCH, CLASSES, TRANSFORMER, transformerDocument } from './models';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '6' }, steps: { type: 'string', default: '8' } } });
const [rounds, steps] = [Number(values.rounds), Number(values.steps)];

tf.enableProdMode();
await registerFastPath();
await selectBackend('wasm');
const x = tf.randomUniform([BATCH, TRANSFORMER.steps, TRANSFORMER.dModel], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32', 2), CLASSES).toFloat();

function trainer() {
  const model = withSeededRandom(1, () => compileGraph(transformerDocument(), tfjsCatalog).model);
  const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 });
  const step = () =>
    tf.tidy(() => {
      optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true)!.dataSync();
    });
  return (fast: boolean): number => {
    setFastPathSwitches(transformerFastPath(fast));
    step();
    const start = performance.now();
    for (let i = 0; i < steps; i++) step();
    return (steps * BATCH * 1000) / (performance.now() - start);
  };
}

const run = { fast: trainer(), stock: trainer() };
const rates = { fast: [] as number[], stock: [] as number[] };
const loads = [loadavg()[0]!];
for (let r = 0; r < rounds; r++) {
  for (const side of r % 2 === 0 ? (['fast', 'stock'] as const) : (['stock', 'fast'] as const)) rates[side].push(run[side](side === 'fast'));
  loads.push(loadavg()[0]!);
  console.log(`round ${r + 1}: fast ${rates.fast.at(-1)!.toFixed(0)}  stock ${rates.stock.at(-1)!.toFixed(0)} samples/s  (load ${loads.at(-1)!.toFixed(2)})`);
}
const best = (xs: number[]) => Math.max(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `best: fast ${best(rates.fast).toFixed(0)}, stock ${best(rates.stock).toFixed(0)} samples/s → ${(best(rates.fast) / best(rates.stock)).toFixed(2)}×; ` +
    `median ${(median(rates.fast) / median(rates.stock)).toFixed(2)}×; load ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`,
);
