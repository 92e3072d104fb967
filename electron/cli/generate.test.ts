import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { createRandom, gaussian } from '../../shared/data/dataset';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type GanConfigInput } from '../../shared/graph/training-config';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { generateText } from '../../shared/training/sequence-inspection';
import { textDataAt } from '../host/sequence-inspection';
import { loadWeightsByName, writeLayersModel } from '../node/model-files';
import { readProject, writeProject } from '../node/project-files';
import { lines, REPO_ROOT, runNnd } from './run-cli';

tf.enableProdMode();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-generate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function samplesOf(stdout: string): { prompt: string; samples: string[] } {
  const [line, ...rest] = lines(stdout);
  expect(rest).toEqual([]);
  return JSON.parse(line!) as { prompt: string; samples: string[] };
}

describe('nnd generate (spawned)', () => {
  it('writes with the initial weights when the project has none, saying so; greedy by default, so every sample is the same', async () => {
    const run = await runNnd(['generate', 'examples/char-decoder.nnd.json', '-n', '2', '--length', '12', '--prompt', 'Re: ', '--json']);
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toEqual(['examples/char-decoder.nnd.json has no trained weights (nnd train --save records them): generating with its initial weights (seed 5)']);
    const { prompt, samples } = samplesOf(run.stdout);
    expect(prompt).toBe('Re: ');
    expect(samples).toHaveLength(2);
    expect([...samples[0]!]).toHaveLength(12);
    expect(samples[1]).toBe(samples[0]);

    // Without --json: each sample after its prompt, a blank line between them.
    const plain = await runNnd(['generate', 'examples/char-decoder.nnd.json', '-n', '2', '--length', '12', '--prompt', 'Re: ']);
    expect(plain.stdout).toBe(`Re: ${samples[0]}\n\nRe: ${samples[0]}\n`);
  });

  it('samples with --temperature from a seeded generator: the same seed writes the same, each sample its own', async () => {
    const args = ['generate', 'examples/tiny-gpt.nnd.json', '-n', '3', '--length', '16', '--temperature', '1', '--json'];
    const [first, again, other] = await Promise.all([runNnd([...args, '--seed', '3']), runNnd([...args, '--seed', '3']), runNnd([...args, '--seed', '4'])]);
    for (const run of [first, again, other]) expect(run.code).toBe(0);
    const samples = samplesOf(first.stdout).samples;
    expect(samples).toHaveLength(3);
    expect(new Set(samples).size).toBe(3);
    for (const sample of samples) expect([...sample]).toHaveLength(16);
    expect(samplesOf(again.stdout).samples).toEqual(samples);
    // Sample k draws with seed + k: seed 4's first sample is seed 3's second.
    expect(samplesOf(other.stdout).samples[0]).toBe(samples[1]);
  });

  it('writes with the weights nnd train --save recorded in the project, exactly as the model with them writes in this process', async () => {
    const example = await readProject(path.join(REPO_ROOT, 'examples/char-decoder.nnd.json'));
    if (example.dataset?.kind !== 'text') throw new Error('char-decoder trains on text');
    const dataset = { ...example.dataset, path: path.join(REPO_ROOT, 'examples', example.dataset.path) };
    const project = path.join(dir, 'decoder.nnd.json');
    await writeProject(project, { ...example, dataset });
    // One epoch (a few seconds): enough for weights unlike the initial ones.
    const trained = await runNnd(['train', project, '--epochs', '1', '--save']);
    expect(trained.code).toBe(0);
    expect((await readProject(project)).weights?.path).toBe('decoder.weights');

    const options = { prompt: 're: free', length: 20, temperature: 0.8, seed: 7 };
    const flags = ['--prompt', options.prompt, '--length', '20', '--temperature', '0.8', '--seed', '7', '--json'];
    const [written, initial] = await Promise.all([runNnd(['generate', project, ...flags]), runNnd(['generate', 'examples/char-decoder.nnd.json', ...flags])]);
    expect([written.code, written.stderr]).toEqual([0, '']);
    const samples = samplesOf(written.stdout).samples;
    expect(samples).not.toEqual(samplesOf(initial.stdout).samples);

    const { model } = compileGraph(example, tfjsCatalog);
    await loadWeightsByName(model, path.join(dir, 'decoder.weights'));
    const text = await textDataAt(dataset, dir);
    expect(samples).toEqual([generateText(model, text.ref, text.vocabulary, options).continuation]);
    model.dispose();
  }, 120_000);

  it('refuses a model that is neither a GAN nor a next-token model, and a vocabulary it cannot rebuild, in one line each', async () => {
    const [table, classifier] = await Promise.all([
      runNnd(['generate', 'examples/mlp-xor.nnd.json']),
      runNnd(['generate', 'examples/lstm-spam.nnd.json', '--json']),
    ]);
    expect([table.code, table.stdout]).toEqual([1, '']);
    expect(lines(table.stderr)).toEqual([
      'nnd generate: examples/mlp-xor.nnd.json is neither a GAN nor a next-token model (it trains on a csv dataset): nnd generate samples a GAN\'s generator, or writes text with a model trained on a text dataset with task "next-token"',
    ]);
    expect(classifier.code).toBe(1);
    expect(lines(classifier.stderr)).toEqual([expect.stringMatching(/lstm-spam\.nnd\.json is neither a GAN nor a next-token model \(its text dataset has task "classify"\)/)]);

    const example = await readProject(path.join(REPO_ROOT, 'examples/char-decoder.nnd.json'));
    const moved = path.join(dir, 'moved.nnd.json');
    await writeProject(moved, example);
    const unreadable = await runNnd(['generate', moved, '--length', '3']);
    expect(unreadable.code).toBe(1);
    expect(lines(unreadable.stderr).at(-1)).toBe(
      `nnd generate: ${moved}: cannot read ${path.join(dir, 'data/spam-subjects.csv')} to rebuild the vocabulary: ENOENT: no such file or directory, open '${path.join(dir, 'data/spam-subjects.csv')}' — the samples are written with the vocabulary of the text it trained on`,
    );

    const badTemperature = await runNnd(['generate', 'examples/char-decoder.nnd.json', '--temperature', 'hot']);
    expect(badTemperature.code).toBe(1);
    expect(badTemperature.stderr).toMatch(/--temperature takes a number from 0 to 5, got "hot"/);

    const picture = await runNnd(['generate', 'examples/char-decoder.nnd.json', '-o', path.join(dir, 'text.png')]);
    expect([picture.code, picture.stdout]).toEqual([1, '']);
    expect(lines(picture.stderr)).toEqual(["nnd generate: examples/char-decoder.nnd.json writes text: -o draws a GAN's samples as a picture; text samples print on stdout"]);
  });
});

/** What nnd generate should print for a GAN: its generator, in this process, on `count` rows of normal noise drawn from createRandom(seed). */
function expectedSamples(doc: GraphDocument, count: number, seed: number): number[][] {
  const gan = doc.training.gan!;
  const { model, analysis } = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
  return generatorSamples(model, analysis.inputs.indexOf(gan.generator.input), analysis.outputs.indexOf(gan.generator.output), count, seed);
}

function generatorSamples(model: tf.LayersModel, input: number, output: number, count: number, seed: number): number[][] {
  const generator = tf.model({ inputs: model.inputs[input]!, outputs: model.outputs[output]! });
  const noiseSize = generator.inputs[0]!.shape.slice(1).reduce((a, b) => a! * b!, 1)!;
  const random = createRandom(seed);
  const noise = tf.tensor(Array.from({ length: count * noiseSize }, () => gaussian(random)), [count, ...(generator.inputs[0]!.shape.slice(1) as number[])]);
  const out = generator.predict(noise) as tf.Tensor;
  const samples = out.reshape([count, -1]).arraySync() as number[][];
  tf.dispose([noise, out]);
  model.dispose();
  return samples;
}

function ganSamplesOf(stdout: string): { shape: number[]; samples: unknown[] } {
  const [line, ...rest] = lines(stdout);
  expect(rest).toEqual([]);
  return JSON.parse(line!) as { shape: number[]; samples: unknown[] };
}

/**
 * A small image GAN: noise [3] → Dense(16, tanh) → Reshape [4, 4, 1]; the discriminator
 * flattens a 4×4 picture into one probability. `generatorOutput` marks where the samples come from.
 */
function imageGan(gan: Partial<GanConfigInput> = {}): GraphDocument {
  let doc = emptyDocument('tiny-image-gan');
  const steps: [string, string, Record<string, unknown>, string | null][] = [
    ['noise', 'Input', { shape: [3] }, null],
    ['pixels', 'Dense', { units: 16, activation: 'tanh' }, 'noise'],
    ['picture', 'Reshape', { targetShape: [4, 4, 1] }, 'pixels'],
    ['image', 'Input', { shape: [4, 4, 1] }, null],
    ['flat', 'Flatten', {}, 'image'],
    ['verdict', 'Dense', { units: 1, activation: 'sigmoid' }, 'flat'],
  ];
  steps.forEach(([name, type, params, from], i) => {
    doc = addNode(doc, { type, name, id: name, params, position: { x: 200 * i, y: 0 } });
    if (from) doc = connect(doc, { source: from, target: name, id: `${from}-${name}` });
  });
  const training = TrainingConfigSchema.parse({
    seed: 3,
    gan: { generator: { input: 'noise', output: 'picture' }, discriminator: { input: 'image', output: 'verdict' }, ...gan },
  });
  return { ...doc, dataset: null, training };
}

describe('nnd generate, a GAN (spawned)', () => {
  it("samples the ring template's generator with its initial weights, saying so: N samples of its shape, the same for the same seed, from the document's seed by default", async () => {
    const file = 'examples/gan-ring.nnd.json';
    const [byDefault, seeded, again] = await Promise.all([
      runNnd(['generate', file, '-n', '16', '--json']),
      runNnd(['generate', file, '-n', '16', '--seed', '9', '--json']),
      runNnd(['generate', file, '-n', '16', '--seed', '9', '--json']),
    ]);
    for (const run of [byDefault, seeded, again]) expect(run.code).toBe(0);
    const doc = await readProject(path.join(REPO_ROOT, file));
    expect(lines(byDefault.stderr)).toEqual([`${file} has no trained weights (nnd train --save records them): generating with its initial weights (seed ${doc.training.seed})`]);
    const { shape, samples } = ganSamplesOf(byDefault.stdout);
    expect(shape).toEqual([2]);
    expect(samples).toHaveLength(16);
    for (const sample of samples as number[][]) {
      expect(sample).toHaveLength(2);
      for (const value of sample) expect(Number.isFinite(value)).toBe(true);
    }
    expect(new Set(samples.map((s) => JSON.stringify(s))).size).toBe(16);
    expect(ganSamplesOf(again.stdout)).toEqual(ganSamplesOf(seeded.stdout));
    expect(ganSamplesOf(seeded.stdout).samples).not.toEqual(samples);
    // Exactly the generator's outputs on the noise of createRandom(seed), the document's seed by default.
    for (const [run, seed] of [
      [byDefault, doc.training.seed],
      [seeded, 9],
    ] as const)
      (ganSamplesOf(run.stdout).samples as number[][]).forEach((sample, k) => {
        const expected = expectedSamples(doc, 16, seed)[k]!;
        sample.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
      });

    // Without --json: one sample a line, its values separated by spaces.
    const plain = await runNnd(['generate', file, '-n', '3']);
    expect(lines(plain.stdout)).toEqual((samples as number[][]).slice(0, 3).map((s) => s.join(' ')));
  }, 120_000);

  it('samples with the weights recorded in the project, as nested arrays of the generated shape', async () => {
    const doc = imageGan({ noise: 'normal' });
    const { model } = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    // Weights unlike the initial ones: every weight doubled.
    model.setWeights(model.getWeights().map((w) => w.mul(2)));
    await writeLayersModel(path.join(dir, 'gan.weights'), model);
    const project = path.join(dir, 'gan.nnd.json');
    await writeProject(project, { ...doc, weights: { path: 'gan.weights', savedAt: '2026-12-07T00:00:00Z', metrics: {} } });

    const run = await runNnd(['generate', project, '-n', '5', '--seed', '4', '--json']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const { shape, samples } = ganSamplesOf(run.stdout);
    expect(shape).toEqual([4, 4, 1]);
    expect(samples).toHaveLength(5);
    const expected = generatorSamples(model, 0, 0, 5, 4);
    (samples as number[][][][]).forEach((picture, k) => {
      expect(picture).toHaveLength(4);
      for (const row of picture) {
        expect(row).toHaveLength(4);
        for (const pixel of row) expect(pixel).toHaveLength(1);
      }
      picture.flat(2).forEach((value, i) => expect(value).toBeCloseTo(expected[k]![i]!, 5));
    });
  }, 120_000);

  it('samples with the weights nnd train --save wrote for both networks', async () => {
    const project = path.join(dir, 'ring.nnd.json');
    const example = await readProject(path.join(REPO_ROOT, 'examples/gan-ring.nnd.json'));
    await writeProject(project, example);
    const trained = await runNnd(['train', project, '--epochs', '2', '--save']);
    expect(trained.code).toBe(0);
    expect((await readProject(project)).weights?.path).toBe('ring.weights');

    const [written, initial] = await Promise.all([runNnd(['generate', project, '-n', '8', '--json']), runNnd(['generate', 'examples/gan-ring.nnd.json', '-n', '8', '--json'])]);
    expect([written.code, written.stderr]).toEqual([0, '']);
    const samples = ganSamplesOf(written.stdout).samples as number[][];
    expect(samples).not.toEqual(ganSamplesOf(initial.stdout).samples);
    const { model, analysis } = compileGraph(example, tfjsCatalog);
    await loadWeightsByName(model, path.join(dir, 'ring.weights'));
    const gan = example.training.gan!;
    const expected = generatorSamples(model, analysis.inputs.indexOf(gan.generator.input), analysis.outputs.indexOf(gan.generator.output), 8, example.training.seed);
    samples.forEach((sample, k) => sample.forEach((value, i) => expect(value).toBeCloseTo(expected[k]![i]!, 5)));
  }, 120_000);

  it('-o draws image samples as a grid and 2-D points as a scatter', async () => {
    const project = path.join(dir, 'pictures.nnd.json');
    const doc = imageGan({ noise: 'uniform' });
    await writeProject(project, doc);
    const grid = path.join(dir, 'grid.png');
    const scatter = path.join(dir, 'scatter.png');
    const [images, points] = await Promise.all([runNnd(['generate', project, '-n', '5', '-o', grid]), runNnd(['generate', 'examples/gan-ring.nnd.json', '-n', '200', '-o', scatter])]);
    expect(images.code).toBe(0);
    expect(lines(images.stdout)).toEqual([`wrote ${grid} (5 samples, 344×230 pixels, initial weights)`]);
    expect(points.code).toBe(0);
    expect(lines(points.stdout)).toEqual([`wrote ${scatter} (200 points, 512×512 pixels, initial weights)`]);

    // Five 4×4 pictures, 3 to a row, each scaled 28 times (112 pixels) with 2-pixel gaps; tanh values, so −1 is black and 1 white.
    const png = PNG.sync.read(await readFile(grid));
    expect([png.width, png.height]).toEqual([2 + 3 * 114, 2 + 2 * 114]);
    const values = (() => {
      const { model } = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
      const generator = tf.model({ inputs: model.inputs[0]!, outputs: model.outputs[0]! });
      const random = createRandom(doc.training.seed);
      const noise = tf.tensor2d(Array.from({ length: 15 }, () => 2 * random() - 1), [5, 3]);
      const out = (generator.predict(noise) as tf.Tensor).reshape([5, 16]).arraySync() as number[][];
      model.dispose();
      return out;
    })();
    const pixel = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    for (const k of [0, 4])
      for (const [row, column] of [
        [0, 0],
        [3, 2],
      ]) {
        const left = 2 + (k % 3) * 114;
        const top = 2 + Math.floor(k / 3) * 114;
        expect(Math.abs(pixel(left + column * 28 + 5, top + row * 28 + 5) - Math.round(((values[k]![row * 4 + column]! + 1) / 2) * 255))).toBeLessThanOrEqual(1);
      }
    // The gap between pictures is grey; the empty cell of the last row too.
    expect(pixel(1, 1)).toBe(128);
    expect(pixel(2 + 2 * 114 + 50, 2 + 114 + 50)).toBe(128);

    // The scatter: dots of the generated points' colour on white.
    const dots = PNG.sync.read(await readFile(scatter));
    let coloured = 0;
    for (let i = 0; i < dots.data.length; i += 4) if (dots.data[i] === 31 && dots.data[i + 1] === 119 && dots.data[i + 2] === 180) coloured++;
    expect(coloured).toBeGreaterThan(200);
  }, 120_000);

  it('refuses text flags, --json with -o, a shape it cannot draw and unresolved roles, in one line each', async () => {
    const flat = path.join(dir, 'flat.nnd.json');
    const flatDoc = imageGan();
    await writeProject(flat, {
      ...flatDoc,
      // Samples of 16 values, read by the discriminator as they come.
      nodes: flatDoc.nodes.filter((n) => n.id !== 'picture' && n.id !== 'flat').map((n) => (n.id === 'image' ? { ...n, params: { shape: [16] } } : n)),
      edges: [...flatDoc.edges.filter((e) => !['pixels-picture', 'image-flat', 'flat-verdict'].includes(e.id)), { id: 'image-verdict', source: 'image', target: 'verdict', sourceHandle: 'out', targetHandle: 'in' }],
      training: { ...flatDoc.training, gan: { ...flatDoc.training.gan!, generator: { input: 'noise', output: 'pixels' } } },
    });
    const lost = path.join(dir, 'lost.nnd.json');
    await writeProject(lost, { ...flatDoc, training: { ...flatDoc.training, gan: { ...flatDoc.training.gan!, generator: { input: 'noise', output: 'gone' } } } });
    const [prompted, both, undrawable, unresolved] = await Promise.all([
      runNnd(['generate', 'examples/gan-ring.nnd.json', '--prompt', 'Re: ', '--length', '3']),
      runNnd(['generate', 'examples/gan-ring.nnd.json', '--json', '-o', path.join(dir, 'both.png')]),
      runNnd(['generate', flat, '-o', path.join(dir, 'flat.png')]),
      runNnd(['generate', lost, '--json']),
    ]);
    expect(lines(prompted.stderr)).toEqual(['nnd generate: --prompt, --length: for text models only, and examples/gan-ring.nnd.json is a GAN']);
    expect(lines(both.stderr)).toEqual(['nnd generate: --json prints the samples and -o draws them: choose one']);
    expect(lines(undrawable.stderr).at(-1)).toBe(
      `nnd generate: ${flat} generates samples of shape [16]: -o draws images ([h, w] or [h, w, c] with 1, 3 or 4 channels) or 2-D points ([2]); --json prints any shape`,
    );
    expect(lines(unresolved.stderr)).toEqual([
      `the generator's output is node "gone", which is not in the graph: mark it again in the training settings`,
      `nnd generate: ${lost} has 1 problem — fix them before generating (nnd validate lists them)`,
    ]);
    for (const run of [prompted, both, undrawable, unresolved]) expect([run.code, run.stdout]).toEqual([1, '']);
  }, 120_000);
});
