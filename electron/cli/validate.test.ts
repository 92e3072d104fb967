import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_VERSION } from '../../shared/graph/document';
import { lines, REPO_ROOT, runNnd } from './run-cli';

let dir: string;
let xor: Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-validate-'));
  xor = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), 'utf8'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

describe('nnd validate (spawned)', () => {
  it('exits 0 with one OK line for a valid project, and 1 with a line per problem otherwise', async () => {
    const cyclic = {
      ...xor,
      edges: [...xor.edges, { id: 'back', source: 'dense_2', target: 'dense_1', sourceHandle: 'out', targetHandle: 'in' }],
    };
    const unknown = { ...xor, nodes: xor.nodes.map((n) => (n.id === 'dense_1' ? { ...n, type: 'Dense3D' } : n)) };
    const [good, cycle, unknownType, malformed, newer] = await Promise.all([
      runNnd(['validate', 'examples/mlp-xor.nnd.json']),
      fileWith('cycle.nnd.json', cyclic).then((f) => runNnd(['validate', f])),
      fileWith('unknown.nnd.json', unknown).then((f) => runNnd(['validate', f])),
      fileWith('malformed.nnd.json', '{ "format": "nn-designer.graph", "version": 1, "nodes": [ }').then((f) => runNnd(['validate', f])),
      fileWith('newer.nnd.json', { ...xor, version: GRAPH_VERSION + 1 }).then((f) => runNnd(['validate', f])),
    ]);

    expect(good.code).toBe(0);
    expect(lines(good.stdout)).toEqual([expect.stringMatching(/^OK: examples\/mlp-xor\.nnd\.json is a valid network \(3 layers, 2 connections\)$/)]);
    expect(good.stderr).toBe('');

    expect(cycle.code).toBe(1);
    const cycleLines = lines(cycle.stderr);
    expect(cycleLines).toContain('dense_1: dense_1 is part of a cycle (dense_1 → dense_2) — a feed-forward network cannot loop; remove one connection');
    expect(cycleLines.some((l) => l.startsWith('dense_2: dense_2 is part of a cycle'))).toBe(true);
    // Problems of the whole graph carry no node id.
    expect(cycleLines).toContain('the network has no output — connect at least one layer after the Input');

    expect(unknownType.code).toBe(1);
    expect(lines(unknownType.stderr)).toContain('dense_1: unknown layer type "Dense3D"');

    for (const [run, pattern] of [
      [malformed, /^nnd validate: .*malformed\.nnd\.json at line 1, column \d+: not valid JSON/],
      [newer, /^nnd validate: .*newer\.nnd\.json: .*newer NN Designer \(file version 2, this app reads up to 1\)/],
    ] as const) {
      expect(run.code).toBe(1);
      expect(lines(run.stderr)).toEqual([expect.stringMatching(pattern)]);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });

  it('reports a missing file in one line and shows the stack only with NND_DEBUG=1', async () => {
    const [plain, debug] = await Promise.all([
      runNnd(['validate', 'examples/does-not-exist.nnd.json']),
      runNnd(['validate', 'examples/does-not-exist.nnd.json'], { env: { NND_DEBUG: '1' } }),
    ]);
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual(['nnd validate: examples/does-not-exist.nnd.json: no such file — check the path']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('a document that cannot train (spawned)', () => {
  /** mlp-xor with a second network beside it: two outputs, and no objective says what either learns. */
  async function twoNetworks(dataset: 'xor' | 'none'): Promise<string> {
    const second = [
      { id: 'input_2', type: 'Input', name: 'input_2', params: { shape: [2] }, position: { x: 0, y: 300 } },
      { id: 'dense_3', type: 'Dense', name: 'dense_3', params: { units: 1, activation: 'sigmoid' }, position: { x: 300, y: 300 } },
    ];
    const doc = {
      ...xor,
      dataset: dataset === 'xor' ? { ...(xor.dataset as object), path: path.join(REPO_ROOT, 'examples/xor.csv') } : null,
      nodes: [...xor.nodes, ...second],
      edges: [...xor.edges, { id: 'e_second', source: 'input_2', target: 'dense_3', sourceHandle: 'out', targetHandle: 'in' }],
    };
    return fileWith(`two-networks-${dataset}.nnd.json`, doc);
  }

  it('nnd validate refuses two unconnected networks, naming each output and what it lacks', async () => {
    const [withData, withoutData] = await Promise.all([twoNetworks('xor').then((f) => runNnd(['validate', f])), twoNetworks('none').then((f) => runNnd(['validate', f]))]);
    expect(withData.code).toBe(1);
    expect(withData.stdout).toBe('');
    expect(lines(withData.stderr)).toEqual([
      'input_1: input_1 is one of 2 Inputs and reads no dataset field: bind it to one of the dataset\'s fields ("x", "y") in the training settings, or name it like one',
      'input_2: input_2 is one of 2 Inputs and reads no dataset field: bind it to one of the dataset\'s fields ("x", "y") in the training settings, or name it like one',
      'dense_2: dense_2 is one of 2 outputs and has no training objective: give it a target from the dataset ("x", "y") and a loss in the training settings, or connect it into the rest of the model',
      'dense_3: dense_3 is one of 2 outputs and has no training objective: give it a target from the dataset ("x", "y") and a loss in the training settings, or connect it into the rest of the model',
    ]);
    expect(withoutData.code).toBe(1);
    expect(lines(withoutData.stderr)).toContain(
      'dense_3: dense_3 is one of 2 outputs and has no training objective: choose a dataset, then give it a target and a loss in the training settings, or connect it into the rest of the model',
    );
  });

  it('nnd train refuses it before any worker starts, and nnd export writes PyTorch code without a train.py, saying why', async () => {
    const file = await twoNetworks('xor');
    const out = path.join(dir, 'two-networks-pytorch');
    const [train, exported] = await Promise.all([runNnd(['train', file, '--epochs', '1']), runNnd(['export', file, '--format', 'pytorch', '-o', out], { timeoutMs: 120_000 })]);
    expect(train.code).toBe(1);
    const trainLines = lines(train.stderr);
    expect(trainLines).toContain('dense_3: dense_3 is one of 2 outputs and has no training objective: give it a target from the dataset ("x", "y") and a loss in the training settings, or connect it into the rest of the model');
    expect(trainLines.at(-1)).toMatch(/^nnd train: .*two-networks-xor\.nnd\.json has 4 problems — fix them before training \(nnd validate lists them\)$/);
    expect(train.stderr).not.toMatch(/training on/);

    expect(exported.code).toBe(0);
    expect(lines(exported.stderr)).toContain('warning: dense_2: dense_2 is one of 2 outputs and has no training objective: give it a target from the dataset ("x", "y") and a loss in the training settings, or connect it into the rest of the model');
    expect(exported.stdout).toMatch(/as PyTorch code .* it cannot train as drawn \(4 problems above, so no train\.py\) — fix them and export again\n$/);
    expect((await readdir(out)).sort()).toEqual(['model.py', 'weights.bin', 'weights.json']);
  });

  it('nnd validate says a loss that cannot fit the data: categorical crossentropy on a column of numbers', async () => {
    const numbers = await fileWith('xor-categorical.nnd.json', {
      ...xor,
      dataset: { ...(xor.dataset as object), path: path.join(REPO_ROOT, 'examples/xor.csv'), labelEncoding: 'raw' },
      nodes: xor.nodes.map((n) => (n.id === 'dense_2' ? { ...n, params: { ...(n.params as object), units: 2, activation: 'softmax' } } : n)),
      training: { ...(xor.training as object), loss: 'categoricalCrossentropy' },
    });
    const run = await runNnd(['validate', numbers]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(['dense_2: dense_2 learns "y", numbers rather than classes, with categoricalCrossentropy — use mse or mae for numbers']);
  });
  it("nnd validate says a segmenter whose 'valid' padding shrank its output below the generated masks, naming the layer", async () => {
    const node = (id: string, type: string, params: Record<string, unknown>, x: number) => ({ id, type, name: id, params, position: { x, y: 0 } });
    const file = await fileWith('segmenter.nnd.json', {
      ...xor,
      dataset: { kind: 'shapes', size: 32, samples: 40, seed: 1, maxShapes: 2 },
      nodes: [
        node('input_1', 'Input', { shape: [32, 32, 1] }, 0),
        node('conv2d_1', 'Conv2D', { filters: 8, kernelSize: [3, 3], activation: 'relu' }, 200),
        node('conv2d_9', 'Conv2D', { filters: 4, kernelSize: [3, 3], activation: 'softmax' }, 400),
      ],
      edges: [
        { id: 'e1', source: 'input_1', target: 'conv2d_1', sourceHandle: 'out', targetHandle: 'in' },
        { id: 'e2', source: 'conv2d_1', target: 'conv2d_9', sourceHandle: 'out', targetHandle: 'in' },
      ],
      training: { ...(xor.training as object), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'iou'] },
    });
    const run = await runNnd(['validate', file]);
    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual(["conv2d_9: conv2d_9 outputs [28, 28, 4] but its target is [32, 32, 1] — 'valid' padding shrank the image; use 'same' in conv2d_1, conv2d_9"]);
  });
});

describe('a GAN document (spawned)', () => {
  /** A generator (noise → 2-D point) and a discriminator (point → probability) on GAN Lab's ring; `width` is the samples' size. */
  function ringGan(width = 2, marks: Record<string, unknown> = {}): Record<string, unknown> {
    const node = (id: string, type: string, params: Record<string, unknown>, x: number, y: number) => ({ id, type, name: id, params, position: { x, y } });
    const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, target, sourceHandle: 'out', targetHandle: 'in' });
    return {
      ...xor,
      dataset: { kind: 'generated', name: 'ring', samples: 200 },
      nodes: [
        node('noise', 'Input', { shape: [2] }, 0, 0),
        node('g_hidden', 'Dense', { units: 16, activation: 'relu' }, 240, 0),
        node('fake', 'Dense', { units: width }, 480, 0),
        node('sample', 'Input', { shape: [width] }, 0, 240),
        node('d_hidden', 'Dense', { units: 16, activation: 'relu' }, 240, 240),
        node('verdict', 'Dense', { units: 1, activation: 'sigmoid' }, 480, 240),
      ],
      edges: [edge('noise', 'g_hidden'), edge('g_hidden', 'fake'), edge('sample', 'd_hidden'), edge('d_hidden', 'verdict')],
      training: { ...(xor.training as object), gan: { generator: { input: 'noise', output: 'fake' }, discriminator: { input: 'sample', output: 'verdict' }, ...marks } },
    };
  }

  it('nnd validate passes a GAN whose samples fit both the discriminator and the real data, and names what keeps another from training', async () => {
    const [good, wide, hinge, gone] = await Promise.all(
      [
        ['gan-good', ringGan()],
        ['gan-wide', ringGan(3)],
        ['gan-hinge', ringGan(2, { loss: 'hinge' })],
        ['gan-gone', ringGan(2, { discriminator: { input: 'g_hidden', output: 'gone' } })],
      ].map(([name, doc]) => fileWith(`${name as string}.nnd.json`, doc).then((f) => runNnd(['validate', f]))),
    );
    expect(good.code).toBe(0);
    expect(lines(good.stdout)).toEqual([expect.stringMatching(/gan-good\.nnd\.json is a valid network \(6 layers, 4 connections\)$/)]);
    expect(good.stderr).toBe('');

    expect(wide.code).toBe(1);
    expect(lines(wide.stderr)).toEqual(['fake: the generator makes samples of shape [3] but the real samples ("x") are [2]: the two must match']);
    expect(hinge.code).toBe(1);
    expect(lines(hinge.stderr)).toEqual(['verdict: the hinge loss scores a raw logit: remove the sigmoid of verdict, or choose the non-saturating or least-squares loss']);
    expect(gone.code).toBe(1);
    expect(lines(gone.stderr)).toEqual([
      "g_hidden: the discriminator's input must be an Input node; g_hidden is a Dense",
      'the discriminator\'s output is node "gone", which is not in the graph: mark it again in the training settings',
    ]);
  });
});
