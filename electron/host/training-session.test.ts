import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import { DatasetReferenceSchema, type DatasetReference } from '../../shared/data/reference';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/graph/training-config';
import type { BatchEvent, TrainingEvent } from '../../shared/training/protocol';
import { describeCrash, startTraining, STOP_GRACE_MS, TrainingError, type TrainingJob } from './training-session';

/** Input → (hidden Dense) → output Dense, the course's first networks. */
function network(hidden: number | null, output: { units: number; activation: string }, inputs = 2): GraphDocument {
  let doc = emptyDocument('net');
  doc = addNode(doc, { type: 'Input', params: { shape: [inputs] } });
  let last = doc.nodes[0]!.id;
  if (hidden !== null) {
    doc = addNode(doc, { type: 'Dense', params: { units: hidden, activation: 'tanh' } });
    doc = connect(doc, { source: last, target: doc.nodes.at(-1)!.id });
    last = doc.nodes.at(-1)!.id;
  }
  doc = addNode(doc, { type: 'Dense', params: output });
  return connect(doc, { source: last, target: doc.nodes.at(-1)!.id });
}

const dataset = (ref: Record<string, unknown>): DatasetReference => DatasetReferenceSchema.parse(ref);
const training = (over: TrainingConfigInput) => TrainingConfigSchema.parse(over);

async function train(job: TrainingJob) {
  const events: TrainingEvent[] = [];
  const handle = startTraining(job, (e) => events.push(e));
  const done = await handle.done;
  return { done, events };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-training-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run forks a worker (a few seconds to load tfjs and the catalog), so independent runs go
// side by side; the generous timeout is for a machine busy with other work, not for these runs.
describe.concurrent('startTraining (in a worker process)', { timeout: 180_000 }, () => {
  it('trains an MLP to 100% accuracy on XOR and a perceptron stays at or below 75%', async ({ expect }) => {
    const xor = { kind: 'generated', name: 'xor', samples: 200 } as const;
    const [mlp, perceptron] = await Promise.all([
      train({
        document: network(8, { units: 2, activation: 'softmax' }),
        dataset: dataset(xor),
        training: training({ epochs: 40, learningRate: 0.05, batchSize: 16, validationSplit: 0.2 }),
      }),
      train({
        document: network(null, { units: 1, activation: 'sigmoid' }),
        dataset: dataset({ ...xor, labels: 'index' }),
        training: training({ epochs: 40, learningRate: 0.05, batchSize: 16, loss: 'binaryCrossentropy' }),
      }),
    ]);
    expect(mlp.done).toMatchObject({ reason: 'completed', epochs: 40, backend: 'wasm' });
    expect(mlp.done.metrics.acc).toBe(1);
    expect(mlp.done.metrics.val_acc).toBe(1);
    expect(perceptron.done.metrics.acc).toBeLessThanOrEqual(0.75);

    expect(mlp.events[0]).toMatchObject({ type: 'ready', backend: 'wasm', trainSamples: 160, validationSamples: 40 });
    expect(mlp.events.filter((e) => e.type === 'epoch').map((e) => (e.type === 'epoch' ? e.epoch : 0))).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(mlp.events.at(-1)).toEqual(mlp.done);
    expect(mlp.events.every((e) => e.backend === 'wasm')).toBe(true);
  });

  it('coalesces hundreds of tiny batches and delivers every epoch', async ({ expect }) => {
    const started = Date.now();
    const { done, events } = await train({
      document: network(4, { units: 2, activation: 'softmax' }),
      dataset: dataset({ kind: 'generated', name: 'blobs', samples: 400 }),
      training: training({ epochs: 2, batchSize: 1, validationSplit: 0 }),
    });
    const seconds = (Date.now() - started) / 1000;
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(done.reason).toBe('completed');
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    // At most 20 a second, plus the always-sent last batch of each epoch.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    expect(batches.filter((b) => b.batch === 400)).toHaveLength(2);
  });

  it('reports a CSV column missing from the mapping by name, without a stack', async ({ expect }) => {
    const csv = path.join(dir, 'points.csv');
    await writeFile(csv, 'a,b,label\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n');
    const events: TrainingEvent[] = [];
    const handle = startTraining(
      {
        document: network(4, { units: 2, activation: 'softmax' }),
        dataset: dataset({ kind: 'csv', path: 'points.csv', columns: { c: 'feature' } }),
        baseDir: dir,
        training: training({ epochs: 1 }),
      },
      (e) => events.push(e),
    );
    const failure = await handle.done.catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TrainingError);
    const event = (failure as TrainingError).event;
    expect(event.message).toBe(`column "c" named in the dataset mapping is not in ${csv} — its columns are "a", "b", "label"`);
    // The same, as the message id and values the page says in its own language.
    expect(event.said).toEqual({ dataset: { id: 'mappedColumnMissing', values: { column: 'c', source: csv, columns: '"a", "b", "label"' } } });
    expect(event.stack).toBeUndefined();
    expect(events).toEqual([event]);
  });

  it('reports a graph that does not compile with its problems, for the page to say', async ({ expect }) => {
    let doc = addNode(emptyDocument('net'), { type: 'Input', params: { shape: [28, 28, 1] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
    doc = connect(doc, { source: doc.nodes[0]!.id, target: doc.nodes[1]!.id });
    const failure = (await startTraining({ document: doc, dataset: dataset({ kind: 'generated', name: 'xor' }), training: training({ epochs: 1 }) }, () => {}).done.catch(
      (err: unknown) => err,
    )) as TrainingError;
    expect(failure).toBeInstanceOf(TrainingError);
    expect(failure.message).toMatch(/^dense_1: Dense expects a 2-D input/);
    expect(failure.event.problems).toMatchObject([{ nodeId: 'dense_1', code: 'shape-mismatch', shapeError: { code: 'rank', hint: { code: 'addFlatten' } } }]);
  });

  it('trains from a CSV and saves the trained model when asked', async ({ expect }) => {
    const csv = path.join(dir, 'xor.csv');
    const rows = ['x,y,class'];
    for (let i = 0; i < 40; i++) {
      const [x, y] = [(i % 2) * 2 - 1, (Math.floor(i / 2) % 2) * 2 - 1];
      rows.push(`${x + 0.01 * (i % 7)},${y},${x * y > 0 ? 'same' : 'different'}`);
    }
    await writeFile(csv, rows.join('\n'));
    const saveTo = path.join(dir, 'model');
    const { done, events } = await train({
      document: network(8, { units: 2, activation: 'softmax' }),
      dataset: dataset({ kind: 'csv', path: csv, normalize: 'standardize' }),
      training: training({ epochs: 8, learningRate: 0.05, batchSize: 8 }),
      saveTo,
    });
    const losses = events.flatMap((e) => (e.type === 'epoch' ? [e.logs.loss!] : []));
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(events[0]).toMatchObject({ type: 'ready', trainSamples: 32, validationSamples: 8 });
    expect(done.savedTo).toBe(saveTo);
    const modelJson = JSON.parse(await readFile(path.join(saveTo, 'model.json'), 'utf8'));
    expect(modelJson.modelTopology).toBeDefined();
  });

  it('turns a worker that dies into an error event and lives on', async ({ expect }) => {
    const events: TrainingEvent[] = [];
    const handle = startTraining(
      {
        document: network(8, { units: 2, activation: 'softmax' }),
        dataset: dataset({ kind: 'generated', name: 'xor', samples: 2000 }),
        training: training({ epochs: 1000 }),
      },
      (e) => {
        events.push(e);
        if (e.type === 'ready') process.kill(handle.pid!, 'SIGKILL');
      },
    );
    const failure = (await handle.done.catch((err: unknown) => err)) as TrainingError;
    expect(failure).toBeInstanceOf(TrainingError);
    expect(failure.message).toMatch(/^the training process was killed \(SIGKILL\).*try training again$/);
    expect(failure.event.said).toMatchObject({ training: { id: 'processKilled', values: { signal: 'SIGKILL' } } });
    expect(events.at(-1)).toEqual(failure.event);
  });

  it('kills a worker that does not stop within the grace period', async ({ expect }) => {
    let stoppedAt = 0;
    const handle = startTraining(
      {
        document: network(8, { units: 2, activation: 'softmax' }),
        dataset: dataset({ kind: 'generated', name: 'xor', samples: 2000 }),
        training: training({ epochs: 1000 }),
      },
      (e) => {
        if (e.type === 'ready') {
          // A frozen worker cannot answer `stop`.
          process.kill(handle.pid!, 'SIGSTOP');
          stoppedAt = Date.now();
          handle.stop();
        }
      },
    );
    const done = await handle.done;
    const waited = Date.now() - stoppedAt;
    expect(done.reason).toBe('stopped');
    expect(waited).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(waited).toBeLessThan(STOP_GRACE_MS + 2000);
  });

  it('refuses a job that breaks the protocol before starting a worker', async ({ expect }) => {
    const job = { document: network(2, { units: 2, activation: 'softmax' }), dataset: dataset({ kind: 'generated', name: 'xor' }) };
    const handle = startTraining({ ...job, training: { ...training({}), epochs: 0 } }, () => {});
    expect(handle.pid).toBeUndefined();
    await expect(handle.done).rejects.toThrow('the training job is not valid: training.epochs: ');
  });

  it('reports a project without a dataset', async ({ expect }) => {
    await expect(startTraining({ document: network(2, { units: 2, activation: 'softmax' }) }, () => {}).done).rejects.toThrow(
      /has no dataset — choose a generated set or a CSV file/,
    );
  });
});

describe('startTraining pause and stop', { timeout: 120_000 }, () => {
  it('pauses, resumes, and ends a run within one second of stop', async () => {
    const events: TrainingEvent[] = [];
    let pausedAt = 0;
    let stoppedAt = 0;
    const batchCount = () => events.filter((x) => x.type === 'batch').length;
    const duringPause: number[] = [];
    const handle = startTraining(
      {
        document: network(32, { units: 2, activation: 'softmax' }),
        dataset: dataset({ kind: 'generated', name: 'spirals', samples: 5000 }),
        training: training({ epochs: 1000, batchSize: 8 }),
      },
      (e) => {
        events.push(e);
        if (e.type === 'batch' && !pausedAt) {
          pausedAt = Date.now();
          handle.pause();
          // Batches already under way when pause arrives may still report; after that, silence.
          setTimeout(() => duringPause.push(batchCount()), 150);
          setTimeout(() => {
            duringPause.push(batchCount());
            handle.resume();
            setTimeout(() => {
              stoppedAt = Date.now();
              handle.stop();
            }, 300);
          }, 400);
        }
      },
    );
    const done = await handle.done;
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(done.reason).toBe('stopped');
    expect(done.epochs).toBe(0);
    expect(duringPause[0]).toBe(duringPause[1]);
    expect(batchCount()).toBeGreaterThan(duringPause[1]!);
  });

  it('stops at once while the worker is still starting', async () => {
    const handle = startTraining(
      { document: network(4, { units: 2, activation: 'softmax' }), dataset: dataset({ kind: 'generated', name: 'xor' }) },
      () => {},
    );
    const stoppedAt = Date.now();
    handle.stop();
    const done = await handle.done;
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(done).toMatchObject({ reason: 'stopped', epochs: 0, metrics: {} });
  });
});

describe('describeCrash', () => {
  it('recognises an out-of-memory death', () => {
    const stderr = '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
    expect(describeCrash(null, 'SIGABRT', stderr)).toMatch(/^training ran out of memory and was stopped — try a smaller batch size/);
    expect(describeCrash(3, null, 'boom\n')).toBe('the training process crashed (exit code 3): boom — your project is unchanged; try training again');
  });
});
