/**
 * Issue #17's first acceptance point: the architectures a student draws from a textbook, drawn
 * as documents (testing/acceptance/*.nnd.json, on a few hundred samples so an epoch takes a
 * second), validate, count their parameters as Keras does, train one epoch from `nnd train`
 * and export to TensorFlow.js and PyTorch.
 *
 * `nnd train` runs as a person runs it (one spawned process per model, with its worker);
 * validation, the counts and the exports call the functions `nnd validate`, `nnd summary` and
 * `nnd export` run, in this process, and one Python runs every exported model.py: the suite
 * takes well under a minute on two quiet cores.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { analyzeGraph } from '../../shared/graph/analyze';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { TrainingEventSchema, type DoneEvent, type ReadyEvent } from '../../shared/training/protocol';
import { readProject } from '../node/project-files';
import { loadExportedModel } from '../node/testing/load-exported-model';
import { shouldRunTorchTests, TORCH_PYTHON } from '../torch/run-torch';
import { exportProjectFile } from './export';
import { lines, runNnd } from './run-cli';
import { summarize } from './summary';
import { validateProjectFile } from './validate';

tf.enableProdMode();

const DOCUMENTS = fileURLToPath(new URL('./testing/acceptance/', import.meta.url));
const FORWARD_SCRIPT = fileURLToPath(new URL('./testing/forward_exported.py', import.meta.url));
const TORCH_BATCH = 4;
/** A spawned run takes seconds alone, far longer while the whole suite shares two cores. */
const SLOW_TEST_MS = 240_000;

// Keras's parameter formulas, written out so the counts below can be checked by hand.
/** Conv2D: k·k·cin·cout weights + cout biases. */
const conv2d = (k: number, cin: number, cout: number, bias = true) => k * k * cin * cout + (bias ? cout : 0);
/** DepthwiseConv2D: one k·k filter per input channel. */
const depthwise = (k: number, channels: number) => k * k * channels;
/** Dense: in·out weights + out biases. */
const dense = (units: number, inputs: number) => inputs * units + units;
/** BatchNormalization: γ and β (trained) + moving mean and variance (not trained), per channel. */
const batchNorm = (channels: number) => 4 * channels;
/** LayerNormalization: γ and β per feature. */
const layerNorm = (features: number) => 2 * features;
/** MultiHeadAttention: query, key and value projections dim → heads·keyDim (with biases), and the output projection back. */
const multiHeadAttention = (dim: number, heads: number, keyDim: number) => 3 * (dim * heads * keyDim + heads * keyDim) + (heads * keyDim * dim + dim);
/** GRU (reset_after=False): three gates, each with input weights, recurrent weights and a bias. */
const gru = (units: number, inputs: number) => 3 * (units * (inputs + units) + units);
/** GATConv: the shared linear map in → heads·units (no bias), a source and a target attention vector per head, and the bias. */
const gatConv = (inputs: number, units: number, heads: number, concat: boolean) => inputs * heads * units + 2 * heads * units + (concat ? heads * units : units);

interface AcceptanceDocument {
  name: string;
  /** The count worked out by hand from the layer formulas above: total, and not trained (batch statistics). */
  byHand: { total: number; nonTrainable: number };
  /** The per-sample output shape our analysis and tfjs give. */
  output: number[];
  /** What model.py's forward returns for a batch of TORCH_BATCH (images channels-first, as PyTorch has them). */
  torchOutput: number[];
  /** The metric key the document's objective logs besides the loss. */
  metric: string;
}

const ACCEPTANCE_DOCUMENTS: AcceptanceDocument[] = [
  {
    name: 'unet-mini',
    byHand: {
      total:
        conv2d(3, 1, 8) + conv2d(3, 8, 8) + conv2d(3, 8, 16) + conv2d(3, 16, 16) + conv2d(3, 16, 32) +
        conv2d(2, 32, 16) + // the transposed convolution: the same k·k·cin·cout + cout
        conv2d(3, 16 + 16, 16) + conv2d(3, 16 + 8, 8) + conv2d(1, 8, 1), // after each skip, the channels of both sides
      nonTrainable: 0,
    },
    output: [28, 28, 1],
    torchOutput: [TORCH_BATCH, 1, 28, 28],
    metric: 'psnr',
  },
  {
    name: 'gpt-decoder',
    byHand: {
      total: 64 * 32 + 32 * 32 + 3 * layerNorm(32) + multiHeadAttention(32, 2, 16) + dense(64, 32) + dense(32, 64) + dense(64, 32), // tokens, positions, …
      nonTrainable: 0,
    },
    output: [32, 64],
    torchOutput: [TORCH_BATCH, 32, 64],
    metric: 'perplexity',
  },
  {
    name: 'alexnet-mini',
    byHand: {
      // 28 → 13 → 6 → 2 after each 3×3 pooling of stride 2: 2·2·32 values reach fc_1.
      total: conv2d(5, 1, 16) + conv2d(3, 16, 32) + conv2d(3, 32, 48) + conv2d(3, 48, 48) + conv2d(3, 48, 32) + dense(64, 2 * 2 * 32) + dense(64, 64) + dense(10, 64),
      nonTrainable: 0,
    },
    output: [10],
    torchOutput: [TORCH_BATCH, 10],
    metric: 'acc',
  },
  {
    name: 'vgg-mini',
    byHand: {
      total: conv2d(3, 1, 8) + conv2d(3, 8, 8) + conv2d(3, 8, 16) + batchNorm(16) + conv2d(3, 16, 16) + batchNorm(16) + conv2d(3, 16, 32) + conv2d(3, 32, 32) + dense(64, 3 * 3 * 32) + dense(10, 64),
      nonTrainable: 2 * 16 + 2 * 16,
    },
    output: [10],
    torchOutput: [TORCH_BATCH, 10],
    metric: 'acc',
  },
  {
    name: 'mobilenet-mini',
    byHand: {
      total:
        conv2d(3, 1, 16, false) + batchNorm(16) +
        depthwise(3, 16) + batchNorm(16) + conv2d(1, 16, 32, false) + batchNorm(32) +
        depthwise(3, 32) + batchNorm(32) + conv2d(1, 32, 48, false) + batchNorm(48) +
        depthwise(3, 48) + conv2d(1, 48, 48) + // SeparableConv2D: depthwise, then pointwise with the bias
        dense(10, 48),
      nonTrainable: 2 * (16 + 16 + 32 + 32 + 48),
    },
    output: [10],
    torchOutput: [TORCH_BATCH, 10],
    metric: 'acc',
  },
  {
    name: 'gru-classifier',
    byHand: { total: 1000 * 16 + gru(24, 16) + dense(2, 24), nonTrainable: 0 },
    output: [2],
    torchOutput: [TORCH_BATCH, 2],
    metric: 'acc',
  },
  {
    name: 'vit-mini',
    byHand: {
      // Patches: a 7·7·1 → 32 projection with bias, and the class token; then 17 learned positions.
      total: dense(32, 7 * 7 * 1) + 32 + 17 * 32 + 3 * layerNorm(32) + multiHeadAttention(32, 4, 8) + dense(64, 32) + dense(32, 64) + dense(10, 32),
      nonTrainable: 0,
    },
    output: [10],
    torchOutput: [TORCH_BATCH, 10],
    metric: 'acc',
  },
  {
    name: 'gat-sbm',
    byHand: { total: gatConv(8, 8, 4, true) + gatConv(32, 3, 1, false), nonTrainable: 0 },
    output: [3],
    torchOutput: [TORCH_BATCH, 3],
    metric: 'acc',
  },
];

const fileOf = (name: string) => path.join(DOCUMENTS, `${name}.nnd.json`);
const weightCount = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'nnd-acceptance-'));
});
afterAll(() => rm(out, { recursive: true, force: true }));

/**
 * One batch for every input of a model, the same on every run: values in 0..1, or 0 / 1 for an
 * integer input (an id every Embedding holds, a node of the batch for an edge index).
 */
function seededBatch(model: tf.LayersModel): tf.Tensor[] {
  let state = 12345;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return model.inputs.map((input) => {
    const shape = [TORCH_BATCH, ...input.shape.slice(1).map((d) => d!)];
    const values = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (input.dtype === 'int32' ? Math.floor(next() * 2) : next()));
    return tf.tensor(values, shape, input.dtype);
  });
}

type TorchForward =
  | {
      outputs: number[][];
      finite: boolean;
      /** The first output, flattened, in NN Designer's layout. */
      values: number[];
      params: number;
    }
  | { error: string };

/** Runs every exported model.py on the batch.json beside it, in one Python (importing torch is most of the time). */
function forwardInTorch(dirs: string[]): Promise<Record<string, TorchForward>> {
  return new Promise((resolve, reject) =>
    execFile(TORCH_PYTHON, [FORWARD_SCRIPT, ...dirs], { timeout: SLOW_TEST_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${FORWARD_SCRIPT}: ${err.message}\n${stderr}`)) : resolve(JSON.parse(lines(stdout).pop()!) as Record<string, TorchForward>),
    ),
  );
}

/** What each exported tfjs model predicted for its seeded batch, for model.py to match: by document name. */
const exportedToTorch = new Map<string, { dir: string; expected: number[] }>();

describe.concurrent('the acceptance documents of issue #17', () => {
  for (const accepted of ACCEPTANCE_DOCUMENTS) {
    const file = fileOf(accepted.name);

    it(`${accepted.name}: validates and counts its parameters as Keras does`, async () => {
      const validated = await validateProjectFile(file);
      expect([accepted.name, validated.exitCode, validated.lines]).toEqual([accepted.name, 0, [expect.stringMatching(/^OK: /)]]);

      const doc = await readProject(file);
      const summary = summarize(doc, analyzeGraph(doc, catalog));
      expect(summary.outputs).toEqual([[null, ...accepted.output]]);
      const { model, layers } = compileGraph(doc, tfjsCatalog);
      try {
        expect(summary.params).toEqual({
          total: model.countParams(),
          trainable: weightCount(model.trainableWeights),
          nonTrainable: weightCount(model.nonTrainableWeights),
        });
        for (const layer of summary.layers) {
          const node = doc.nodes.find((n) => n.name === layer.name)!;
          expect([layer.name, layer.params]).toEqual([layer.name, layers.get(node.id)?.countParams() ?? 0]); // an Input is no layer of ours
        }
        expect({ total: summary.params.total, nonTrainable: summary.params.nonTrainable }).toEqual(accepted.byHand);
      } finally {
        model.dispose();
      }
    });

    it(`${accepted.name}: trains one epoch from nnd train`, async () => {
      const run = await runNnd(['train', file, '--json'], { timeoutMs: SLOW_TEST_MS });
      expect([run.code, run.stderr]).toEqual([0, '']);
      const events = lines(run.stdout).map((line) => TrainingEventSchema.parse(JSON.parse(line)));
      const ready = events[0] as ReadyEvent;
      expect(ready.type).toBe('ready');
      expect(ready.epochs).toBe(1);
      expect(ready.trainSamples + ready.validationSamples).toBeLessThanOrEqual(500);
      const done = events[events.length - 1] as DoneEvent;
      expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 1 });
      expect([accepted.name, Number.isFinite(done.metrics.loss)]).toEqual([accepted.name, true]);
      expect([accepted.name, accepted.metric, Number.isFinite(done.metrics[accepted.metric])]).toEqual([accepted.name, accepted.metric, true]);
    }, SLOW_TEST_MS);

    it(`${accepted.name}: exports to TensorFlow.js and PyTorch`, async () => {
      const tfjsDir = path.join(out, accepted.name, 'tfjs');
      expect(await exportProjectFile(file, tfjsDir, 'tfjs')).toMatch(new RegExp(`^exported ${accepted.name} \\(${accepted.byHand.total.toLocaleString('en-US')} params`));
      // Loaded back as a user's script loads it: tfjs's layers model (Keras's semantics) counts the same.
      const loaded = await loadExportedModel(tfjsDir);
      expect([accepted.name, loaded.countParams()]).toEqual([accepted.name, accepted.byHand.total]);
      expect(loaded.outputs.map((o) => o.shape)).toEqual([[null, ...accepted.output]]);
      const batch = seededBatch(loaded);
      const predicted = loaded.predict(batch.length === 1 ? batch[0]! : batch) as tf.Tensor;
      const expected = Array.from(predicted.dataSync());
      const batchValues = batch.map((t) => t.arraySync());
      tf.dispose([predicted, ...batch]);
      loaded.dispose();

      const torchDir = path.join(out, accepted.name, 'pytorch');
      expect(await exportProjectFile(file, torchDir, 'pytorch')).toMatch(/as PyTorch code/);
      await writeFile(path.join(torchDir, 'batch.json'), JSON.stringify(batchValues));
      exportedToTorch.set(accepted.name, { dir: torchDir, expected });
    }, SLOW_TEST_MS);
  }
});

// Without torch here (and not on CI, where it is required) this part says why and is skipped.
describe.runIf(shouldRunTorchTests())('the exported PyTorch models', () => {
  it('run a batch in PyTorch: the shape (channels first for images), the parameter count and the numbers of the tfjs export', async () => {
    const results = await forwardInTorch([...exportedToTorch.values()].map((e) => e.dir));
    for (const accepted of ACCEPTANCE_DOCUMENTS) {
      const exported = exportedToTorch.get(accepted.name);
      expect(exported, `${accepted.name} was not exported`).toBeDefined();
      const result = results[exported!.dir]!;
      if ('error' in result) expect.fail(`${accepted.name}/model.py: ${result.error}`);
      const { values, ...forward } = result;
      expect([accepted.name, forward]).toEqual([accepted.name, { outputs: [accepted.torchOutput], finite: true, params: accepted.byHand.total }]);
      expect(values, accepted.name).toHaveLength(exported!.expected.length);
      expect(Math.max(...values.map((v, i) => Math.abs(v - exported!.expected[i]!))), accepted.name).toBeLessThanOrEqual(1e-5);
    }
  }, SLOW_TEST_MS);
});
