import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ganTestGraph } from '../../shared/export/test-graphs';
import { serializeDocument } from '../../shared/graph/document';
import { exportProjectFile } from './export';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-export-gan-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nnd export of a GAN', () => {
  it('says where the generator and the discriminator went, and what model.py holds', async () => {
    const file = path.join(dir, 'gan-points.nnd.json');
    await writeFile(file, serializeDocument({ ...ganTestGraph('points'), dataset: { kind: 'generated', name: 'ring', samples: 64, noise: 0.05, classes: 2, seed: 1, labels: 'onehot' } }));
    const tfjs = path.join(dir, 'tfjs');
    expect(await exportProjectFile(file, tfjs, 'tfjs')).toBe(
      `exported gan points (83 params, fresh weights (seed 42; train with --save to export trained ones)) to ${path.join(tfjs, 'model.json')} + weights.bin; the generator and the discriminator each in ${path.join(tfjs, 'generator')} and ${path.join(tfjs, 'discriminator')}`,
    );
    const pytorch = path.join(dir, 'pytorch');
    expect(await exportProjectFile(file, pytorch, 'pytorch')).toBe(
      `exported gan points as PyTorch code (83 params, initial weights (seed 42)) to ${path.join(pytorch, 'model.py')}; model.py defines Generator and Discriminator, train with python train.py`,
    );
  });
});
