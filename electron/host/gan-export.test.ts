import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import { createRandom } from '../../shared/data/dataset';
import { ganTestGraph } from '../../shared/export/test-graphs';
import type { GraphDocument } from '../../shared/graph/document';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { pythonProblems, pythonWithPyflakes } from '../../scripts/house/python-check';
import { loadExportedModel } from '../node/testing/load-exported-model';
import { writeLayersModel } from '../node/model-files';
import { pythonForTests, runPython, trainPyEvents } from '../pytorch/testing';
import { exportModel, GAN_NETWORK_FOLDERS } from './model-export';

/**
 * A GAN document's exports: each network on its own in tfjs (reloading with tf.loadLayersModel
 * gives the project's generator and discriminator), and PyTorch / Keras code with both
 * networks, whose train.py runs the adversarial loop.
 */
tf.enableProdMode();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-gan-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOISE_ROWS = 5;

/** Rows of `size` values in −1..1 from a seed: fixed noise, or fixed samples. */
function fixedRows(rows: number, shape: number[], seed: number): tf.Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: rows * size }, () => random() * 2 - 1), [rows, ...shape]);
}

/** Every weight of the model moved away from its initial value, as training would. */
function moveWeights(compiled: CompiledModel, seed: number): void {
  const random = createRandom(seed);
  for (const layer of compiled.model.layers) {
    const values = layer.getWeights().map((w) => tf.tidy(() => w.add(tf.tensor(Array.from({ length: w.size }, () => (random() - 0.5) * 0.4), w.shape))));
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** The whole model's outputs for noise and samples, by player. */
function playersOf(doc: GraphDocument, compiled: CompiledModel, noise: tf.Tensor, samples: tf.Tensor): { generated: number[]; scores: number[] } {
  const gan = doc.training.gan!;
  const byInput = compiled.analysis.inputs.map((id) => (id === gan.generator.input ? noise : samples));
  const outputs = compiled.model.predict(byInput) as tf.Tensor[];
  const generated = Array.from(outputs[compiled.analysis.outputs.indexOf(gan.generator.output)]!.dataSync());
  const scores = Array.from(outputs[compiled.analysis.outputs.indexOf(gan.discriminator.output)]!.dataSync());
  tf.dispose(outputs);
  return { generated, scores };
}

const maxDiff = (a: number[], b: number[]) => (a.length === b.length ? Math.max(...a.map((v, i) => Math.abs(v - b[i]!))) : Infinity);

describe('TensorFlow.js export of a GAN', () => {
  it('writes generator/ and discriminator/ beside the whole model, each reloading with tf.loadLayersModel to the trained network', async () => {
    const doc = ganTestGraph('images');
    // "Trained" weights: the project's, moved, saved as a run saves them.
    const trained = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    moveWeights(trained, 5);
    const weightsDir = path.join(dir, 'trained-weights');
    await writeLayersModel(weightsDir, trained.model);

    const outDir = path.join(dir, 'tfjs');
    const result = await exportModel({ document: doc, format: 'tfjs', outDir, weightsDir, baseDir: dir });
    expect(result).toMatchObject({ weights: 'trained', ganNetworks: true, mainFile: path.join(outDir, 'model.json') });
    expect(result.files.map((f) => path.relative(outDir, f)).sort()).toEqual(
      ['discriminator/model.json', 'discriminator/weights.bin', 'generator/model.json', 'generator/weights.bin', 'model.json', 'weights.bin'].map((f) => f.split('/').join(path.sep)),
    );

    const noise = fixedRows(NOISE_ROWS, [4], 11);
    const samples = fixedRows(NOISE_ROWS, [8, 8, 1], 12);
    const expected = playersOf(doc, trained, noise, samples);
    const [generator, discriminator] = await Promise.all(GAN_NETWORK_FOLDERS.map((folder) => loadExportedModel(path.join(outDir, folder))));
    expect(generator!.inputs.map((t) => t.shape)).toEqual([[null, 4]]);
    expect(discriminator!.outputs.map((t) => t.shape)).toEqual([[null, 1]]);
    const generated = generator!.predict(noise) as tf.Tensor;
    const scores = discriminator!.predict(samples) as tf.Tensor;
    expect(maxDiff(Array.from(generated.dataSync()), expected.generated)).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(Array.from(scores.dataSync()), expected.scores)).toBeLessThanOrEqual(1e-6);

    // The trained weights, not the seed's: the initial generator makes other samples.
    const initial = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    expect(maxDiff(playersOf(doc, initial, noise, samples).generated, expected.generated)).toBeGreaterThan(1e-3);
    tf.dispose([noise, samples, generated, scores]);
    for (const model of [trained.model, initial.model, generator!, discriminator!]) model.dispose();
  });

  it('writes the whole model alone for a document that is no GAN', async () => {
    const { gan: _, ...training } = ganTestGraph('points').training;
    const plain = { ...ganTestGraph('points'), training };
    const result = await exportModel({ document: plain, format: 'tfjs', outDir: path.join(dir, 'plain'), weightsDir: null, baseDir: dir });
    expect(result.ganNetworks).toBe(false);
    expect(result.files.map((f) => path.basename(f)).sort()).toEqual(['model.json', 'weights.bin']);
  });
});

/** Loads model.py from argv[1] and prints the generator's output for the noise rows in argv[2] (a JSON file). */
const GENERATOR_RUNNER = String.raw`
import importlib.util, json, sys
import torch

spec = importlib.util.spec_from_file_location('exported', sys.argv[1] + '/model.py')
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.build_model()
model.eval()
with torch.no_grad():
    out = model.generator(torch.tensor(json.load(open(sys.argv[2])), dtype=torch.float32))
if out.dim() == 4:
    out = out.permute(0, 2, 3, 1)
print(json.dumps(out.reshape(-1).tolist()))
`;

describe('PyTorch and Keras code of a GAN', async () => {
  const { python, skipReason } = await pythonForTests();
  const { python: pyflakes, skipReason: pyflakesSkip } = await pythonWithPyflakes();

  it.skipIf(!pyflakes)(`defines both networks, and passes pyflakes ${pyflakesSkip ?? ''}`, async () => {
    for (const kind of ['points', 'images'] as const) {
      const doc = ganTestGraph(kind);
      const files: string[] = [];
      for (const format of ['pytorch', 'keras'] as const) {
        const outDir = path.join(dir, `${kind}-${format}-code`);
        const result = await exportModel({ document: doc, format, outDir, weightsDir: null, baseDir: dir });
        expect(result.ganNetworks).toBe(true);
        const code = await readFile(result.mainFile, 'utf8');
        if (format === 'pytorch') {
          expect(code).toContain('class Generator(nn.Module):');
          expect(code).toContain('class Discriminator(nn.Module):');
          expect(code).toContain('self.generator = Generator()');
          const manifest = JSON.parse(await readFile(path.join(outDir, 'weights.json'), 'utf8')) as { tensors: { key: string }[] };
          expect(manifest.tensors.map((t) => t.key.split('.')[0])).toEqual(expect.arrayContaining(['generator', 'discriminator']));
          expect(manifest.tensors.every((t) => /^(generator|discriminator)\./.test(t.key))).toBe(true);
        } else {
          expect(code).toMatch(/def build_generator\(model=None\):[\s\S]*def build_discriminator\(model=None\):/);
        }
        files.push(result.mainFile);
      }
      expect(await pythonProblems(pyflakes!, files)).toEqual([]);
    }
  });

  it.skipIf(!python)(`model.py's generator makes the project's samples from the same noise, images laid out as PyTorch has them ${skipReason ?? ''}`, { timeout: 120_000 }, async () => {
    const doc = ganTestGraph('images');
    const outDir = path.join(dir, 'images-pytorch-forward');
    await exportModel({ document: doc, format: 'pytorch', outDir, weightsDir: null, baseDir: dir });
    const noise = fixedRows(NOISE_ROWS, [4], 21);
    const noiseFile = path.join(dir, 'noise.json');
    await writeFile(noiseFile, JSON.stringify(noise.arraySync()));
    const runner = path.join(dir, 'generator_runner.py');
    await writeFile(runner, GENERATOR_RUNNER);
    const torch = JSON.parse((await runPython(python!.python, [runner, outDir, noiseFile])).stdout) as number[];
    const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    const expected = playersOf(doc, compiled, noise, fixedRows(NOISE_ROWS, [8, 8, 1], 22)).generated;
    expect(maxDiff(torch, expected)).toBeLessThanOrEqual(1e-5);
    compiled.model.dispose();
    noise.dispose();
  });

  it.skipIf(!python)(`train.py of a 2-D GAN runs the adversarial loop and says so with the GAN's events ${skipReason ?? ''}`, { timeout: 120_000 }, async () => {
    const doc: GraphDocument = {
      ...ganTestGraph('points'),
      dataset: { kind: 'generated', name: 'ring', samples: 96, noise: 0.05, classes: 2, seed: 1, labels: 'onehot' },
    };
    doc.training = { ...doc.training, epochs: 2, batchSize: 32 };
    const outDir = path.join(dir, 'points-train');
    const result = await exportModel({ document: doc, format: 'pytorch', outDir, weightsDir: null, baseDir: dir });
    expect(result).toMatchObject({ trainScript: true, trainingProblems: [], ganNetworks: true });
    const config = JSON.parse(await readFile(path.join(outDir, 'train_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ inputs: [], outputs: [], fields: { x: { path: 'data/x.bin', shape: [96, 2] } }, gan: { noiseShape: [3], sampleShape: [2], discriminatorEnds: 'probability' } });

    const events = trainPyEvents((await runPython(python!.python, ['train.py', '--threads', '1', '--save', 'trained'], { cwd: outDir })).stdout);
    expect(events[0]).toMatchObject({ type: 'ready', adversarial: true, trainSamples: 96, validationSamples: 0, batchesPerEpoch: 3, epochs: 2 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      expect(Object.keys(epoch.logs).sort()).toEqual(['d_fake', 'd_loss', 'd_real', 'g_loss', 'js_divergence', 'kl_divergence', 'loss']);
      expect(Object.values(epoch.logs).every(Number.isFinite)).toBe(true);
    }
    const samples = events.filter((e) => e.type === 'gan-samples');
    expect(samples.map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(samples.every((e) => e.type === 'gan-samples' && e.values?.length === 64 && e.values.every((row) => row.length === 2))).toBe(true);
    // GAN Lab's views: before training and after each epoch at least.
    const planes = events.filter((e) => e.type === 'gan-plane');
    expect(planes.length).toBeGreaterThanOrEqual(3);
    for (const plane of planes) expect([plane.heat.length, plane.manifold.length, plane.fake.length, plane.gradients.length, plane.real.length]).toEqual([900, 400, 300, 300, 96]);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 2 });
    const saved = JSON.parse(await readFile(path.join(outDir, 'trained', 'weights.json'), 'utf8')) as { tensors: { key: string }[] };
    expect(saved.tensors.map((t) => t.key)).toContain('generator.g_out.weight');
  });
});
