import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../shared/graph/document';
import { ganDocument } from '../../shared/graph/gan-document.fixture';
import { TrainingEventSchema } from '../../shared/training/protocol';
import { readProject } from '../node/project-files';
import { lines, runNnd } from './run-cli';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-train-gan-'));
  file = path.join(dir, 'ring.nnd.json');
  await writeFile(file, serializeDocument(ganDocument({ training: { epochs: 3 } })));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nnd train on a GAN document (spawned, real worker)', () => {
  it('--json: every event on stdout, both losses in each epoch, samples and planes, ending with done', async () => {
    const run = await runNnd(['train', file, '--json', '--epochs', '2']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const events = lines(run.stdout).map((line) => TrainingEventSchema.parse(JSON.parse(line)));
    expect(events[0]).toMatchObject({ type: 'ready', adversarial: true, epochs: 2 });
    const epochs = events.flatMap((e) => (e.type === 'epoch' ? [e.logs] : []));
    expect(epochs).toHaveLength(2);
    for (const logs of epochs) expect(logs).toMatchObject({ d_loss: expect.any(Number), g_loss: expect.any(Number), d_real: expect.any(Number), d_fake: expect.any(Number), js_divergence: expect.any(Number) });
    expect(events.filter((e) => e.type === 'gan-samples').map((e) => e.epoch)).toEqual([0, 1, 2]);
    expect(events.some((e) => e.type === 'gan-plane')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 2 });
  });

  it('says each epoch\'s d_loss and g_loss to a person, and saves both networks with --save', async () => {
    const run = await runNnd(['train', file, '--save']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^training a GAN on 256 real samples — 3 epochs of 4 iterations/);
    const epochLines = run.stderr.split('\n').filter((l) => l.startsWith('epoch '));
    expect(epochLines).toHaveLength(3);
    for (const line of epochLines) expect(line).toMatch(/^epoch \d\/3 {2}d_loss \d\.\d{4} {2}g_loss \d\.\d{4} {2}d_real .* {2}d_fake .* {2}kl_divergence .* {2}js_divergence \d\.\d{4}$/);
    expect(run.stdout).toMatch(/^d_loss .* g_loss /);
    const saved = await readProject(file);
    expect(saved.weights?.path).toBe('ring.weights');
    const modelJson = JSON.parse(await readFile(path.join(dir, 'ring.weights', 'model.json'), 'utf8')) as { modelTopology: { config: { input_layers: unknown[]; output_layers: unknown[] } } };
    expect(modelJson.modelTopology.config.input_layers).toHaveLength(2);
    expect(modelJson.modelTopology.config.output_layers).toHaveLength(2);
  });
});
