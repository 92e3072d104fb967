import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { TrainingEventSchema, type DoneEvent, type TrainingEvent } from '../../shared/training/protocol';
import { loadWeightsByName } from '../node/model-files';
import { readProject } from '../node/project-files';
import { lines, NND_BIN, REPO_ROOT, runNnd } from './run-cli';

tf.enableProdMode();

const PREDICT_SCRIPT = fileURLToPath(new URL('../node/testing/predict-in-fresh-process.ts', import.meta.url));
const XOR_INPUTS = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `--json` output: every line one protocol event, the last one `done`. */
function events(stdout: string): TrainingEvent[] {
  return lines(stdout).map((line) => TrainingEventSchema.parse(JSON.parse(line)));
}

function lastDone(stdout: string): DoneEvent {
  const all = events(stdout);
  const last = all[all.length - 1]!;
  expect(last.type).toBe('done');
  return last as DoneEvent;
}

describe('nnd train (spawned, real worker)', () => {
  it('mlp-xor reaches accuracy 1.0; the perceptron cannot pass 0.75', async () => {
    const [mlp, perceptron] = await Promise.all([
      runNnd(['train', 'examples/mlp-xor.nnd.json', '--json']),
      runNnd(['train', 'examples/perceptron-xor.nnd.json', '--json']),
    ]);
    expect([mlp.code, mlp.stderr]).toEqual([0, '']);
    const all = events(mlp.stdout);
    expect(all[0]!.type).toBe('ready');
    expect(all.filter((e) => e.type === 'epoch')).toHaveLength(100);
    const done = lastDone(mlp.stdout);
    expect(done.reason).toBe('completed');
    expect(done.metrics.acc).toBe(1);
    expect(done.metrics.loss).toBeLessThan(0.05);

    expect(perceptron.code).toBe(0);
    const perceptronDone = lastDone(perceptron.stdout);
    expect(perceptronDone.reason).toBe('completed');
    expect(perceptronDone.metrics.acc).toBeLessThanOrEqual(0.75);
  });

  it('a CSV without the label column is one line naming the column and the file', async () => {
    const missingColumn = await runNnd(['train', 'examples/mlp-xor.nnd.json', '--data', 'examples/xor.csv', '--label', 'parity']);
    expect(missingColumn.code).toBe(1);
    expect(lines(missingColumn.stderr)).toEqual([
      `nnd train: column "parity" chosen as the label is not in ${path.join(REPO_ROOT, 'examples/xor.csv')} — its columns are "x1", "x2", "xor"`,
    ]);
  });

  it('--save records the trained weights in the project, and export carries them', async () => {
    const project = path.join(dir, 'xor.nnd.json');
    await copyFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), project);
    await copyFile(path.join(REPO_ROOT, 'examples/xor.csv'), path.join(dir, 'xor.csv'));
    const trained = await runNnd(['train', project, '--save', '--epochs', '40']);
    expect(trained.code).toBe(0);
    expect(lines(trained.stderr)).toContain(`saved the trained weights to xor.weights/ and recorded them in ${project}`);
    expect(lines(trained.stdout)).toEqual([expect.stringMatching(/^loss \d\.\d{4} {2}acc 1\.0000$/)]);
    expect((await stat(path.join(dir, 'xor.weights', 'weights.bin'))).size).toBe(33 * 4);

    const doc = await readProject(project);
    expect(doc.weights?.path).toBe('xor.weights');
    expect(doc.weights?.metrics.acc).toBe(1);
    expect(doc.nodes).toHaveLength(3); // the rest of the project is as it was

    const outDir = path.join(dir, 'exported');
    const exported = await runNnd(['export', project, '-o', outDir]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/trained weights from xor\.weights/);

    const inputsFile = path.join(dir, 'xor-inputs.json');
    await writeFile(inputsFile, JSON.stringify(XOR_INPUTS));
    const loaded = await new Promise<number[][]>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', PREDICT_SCRIPT, outDir, inputsFile], { cwd: REPO_ROOT });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}`))));
    });
    const { model } = compileGraph(doc, tfjsCatalog);
    await loadWeightsByName(model, path.join(dir, 'xor.weights'));
    const expected = (model.predict(tf.tensor2d(XOR_INPUTS)) as tf.Tensor).arraySync() as number[][];
    model.dispose();
    const diff = Math.max(...loaded.map((row, i) => Math.abs(row[0]! - expected[i]![0]!)));
    expect(diff).toBeLessThanOrEqual(1e-5);
    expect(loaded.map((row) => Math.round(row[0]!))).toEqual([0, 1, 1, 0]);
  });

  it('Ctrl+C stops the run cleanly: a done event with reason "stopped" and exit code 130', async () => {
    // Detached: its own process group, so the signal goes to the CLI and its worker alike, as a terminal sends it.
    const child = spawn(process.execPath, [NND_BIN, 'train', 'examples/mlp-xor.nnd.json', '--json', '--epochs', '100000'], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalledAt = 0;
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (!signalledAt && stdout.includes('"type":"epoch"')) {
        signalledAt = Date.now();
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(signalledAt).toBeGreaterThan(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(code).toBe(130);
    expect(stderr).toBe('');
    const done = lastDone(stdout);
    expect(done.reason).toBe('stopped');
    expect(done.epochs).toBeGreaterThanOrEqual(1);
  });
});

// Keeps the copied project honest: the test above must not have touched the real example.
afterAll(async () => {
  const example = await readFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), 'utf8');
  expect(example).not.toContain('"weights"');
});
