import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { generateText } from '../../shared/training/sequence-inspection';
import { textDataAt } from '../host/sequence-inspection';
import { loadWeightsByName } from '../node/model-files';
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

  it('refuses a model that is not a next-token model, and a vocabulary it cannot rebuild, in one line each', async () => {
    const [table, classifier] = await Promise.all([
      runNnd(['generate', 'examples/mlp-xor.nnd.json']),
      runNnd(['generate', 'examples/lstm-spam.nnd.json', '--json']),
    ]);
    expect([table.code, table.stdout]).toEqual([1, '']);
    expect(lines(table.stderr)).toEqual([
      'nnd generate: examples/mlp-xor.nnd.json is not a next-token model (it trains on a csv dataset): nnd generate writes text with a model trained on a text dataset with task "next-token"',
    ]);
    expect(classifier.code).toBe(1);
    expect(lines(classifier.stderr)).toEqual([expect.stringMatching(/lstm-spam\.nnd\.json is not a next-token model \(its text dataset has task "classify"\)/)]);

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
  });
});
