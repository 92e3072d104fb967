import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../shared/graph/document';
import { ganDocument } from '../../shared/training/gan-document.fixture';
import type { ProgressEvent } from '../../shared/training/loop';
import { EXAMPLES_DIR, trainGanTemplate } from './template-run';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-gan-template-'));
  await writeFile(path.join(dir, 'ring.nnd.json'), serializeDocument(ganDocument()));
  // Templates are named relative to examples/.
  file = path.relative(EXAMPLES_DIR, path.join(dir, 'ring.nnd.json'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trainGanTemplate', () => {
  it('trains a GAN document as the worker does, on wasm, telling every event', async () => {
    const events: ProgressEvent[] = [];
    const epochs: number[] = [];
    const run = await trainGanTemplate(file, { training: { epochs: 2 }, onEvent: (e) => void events.push(e), onEpoch: (epoch) => void epochs.push(epoch) });
    expect(run.outcome).toMatchObject({ reason: 'completed', epochs: 2, backend: expect.stringMatching(/^wasm/) });
    expect(epochs).toEqual([1, 2]);
    expect(run.gan.models.generator.outputs[0]!.shape).toEqual([null, 2]);
    expect(events.filter((e) => e.type === 'gan-samples').map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(run.outcome.metrics.js_divergence).toBeGreaterThan(0);
  });
});
