/**
 * Training samples/s of the fused recurrent layers (shared/layers/custom/fused-recurrence.ts)
 * against tfjs's own step loop, interleaved in one process so both see the same machine
 * load: LSTM, GRU and reset-after GRU with 64 units over 32 steps × 16 features into a
 * 10-class softmax, batch 64, Adam, random data. Judge by the ratio; the load is printed.
 * Run: npx tsx bench/fused-recurrent.ts [--backend wasm --rounds 5 --batches 10 --kinds lstm,gru,gru-reset-after]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { FastGRU, FastLSTM, ResetAfterGRU } from '../shared/layers/custom';
import { withSeededRandom } from '../shared/layers/seed';
import { median, table } from './stats';

const [BATCH, STEPS, FEATURES, UNITS, CLASSES] = [64, 32, 16, 64, 10];

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    rounds: { type: 'string', default: '5' },
    batches: { type: 'string', default: '10' },
    kinds: { type: 'string', default: 'lstm,gru,gru-reset-after' },
  },
});

/** ResetAfterGRU through its step loop, the "stock" side for the reset-after variant. */
class StepByStepResetAfterGRU extends ResetAfterGRU {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Parameters<ResetAfterGRU['call']>[1]): tf.Tensor | tf.Tensor[] {
    return this.callStepByStep(inputs, kwargs);
  }
}

type Make = () => tf.layers.Layer;
const args = { units: UNITS, recurrentActivation: 'sigmoid' as const };
const KINDS: Record<string, { fused: Make; loop: Make }> = {
  lstm: { fused: () => new FastLSTM(args), loop: () => tf.layers.lstm(args) },
  gru: { fused: () => new FastGRU(args), loop: () => tf.layers.gru(args) },
  'gru-reset-after': { fused: () => new ResetAfterGRU(args), loop: () => new StepByStepResetAfterGRU(args) },
};

function model(make: Make): tf.LayersModel {
  return withSeededRandom(1, () => {
    const input = tf.input({ shape: [STEPS, FEATURES] });
    const state = make().apply(input) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: CLASSES, activation: 'softmax' }).apply(state) as tf.SymbolicTensor;
    const m = tf.model({ inputs: input, outputs: out });
    m.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
    return m;
  });
}

async function samplesPerSecond(m: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batches: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < batches; i++) await m.trainOnBatch(x, y);
  return (batches * BATCH) / ((performance.now() - start) / 1000);
}

tf.enableProdMode();
await registerFastPath();
const backend = await selectBackend(values.backend as BackendName);
const rounds = Number(values.rounds);
const batches = Number(values.batches);
const x = tf.randomUniform([BATCH, STEPS, FEATURES], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32', 2), CLASSES).toFloat();
const rows: (string | number)[][] = [['layer', 'fused samples/s', 'step loop samples/s', 'fused / loop']];
const loads: number[] = [loadavg()[0]!];
for (const key of values.kinds.split(',')) {
  const kind = KINDS[key];
  if (!kind) throw new Error(`unknown kind ${key}: one of ${Object.keys(KINDS).join(', ')}`);
  process.stderr.write(`measuring ${key}…\n`);
  const fused = model(kind.fused);
  const loop = model(kind.loop);
  for (const m of [fused, loop]) await samplesPerSecond(m, x, y, 2);
  const ratios: number[] = [];
  const fusedRates: number[] = [];
  const loopRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Fused first in even rounds, the loop first in odd ones: neither always meets a warmer machine.
    const order = r % 2 === 0 ? [fused, loop] : [loop, fused];
    const rates = new Map<tf.LayersModel, number>();
    for (const m of order) rates.set(m, await samplesPerSecond(m, x, y, m === fused ? batches : Math.max(2, Math.round(batches / 3))));
    fusedRates.push(rates.get(fused)!);
    loopRates.push(rates.get(loop)!);
    ratios.push(rates.get(fused)! / rates.get(loop)!);
  }
  rows.push([`${key}(${UNITS}), ${STEPS}×${FEATURES}`, median(fusedRates).toFixed(0), median(loopRates).toFixed(0), median(ratios).toFixed(2)]);
  fused.dispose();
  loop.dispose();
  loads.push(loadavg()[0]!);
}
console.log(`batch ${BATCH}, ${rounds} interleaved rounds, medians; Node ${process.version}, tfjs ${tf.version.tfjs} on ${backend}; load average ${loads.map((l) => l.toFixed(1)).join(' → ')}`);
console.log(table(rows));
