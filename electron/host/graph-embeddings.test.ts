import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { hostService, type HostApi } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { TrainingConfigSchema } from '../../shared/training/config';
import type { TrainingEvent } from '../../shared/training/protocol';
import { createHostService, type HostEventSink } from './host-service';
import { createTrainingService } from './training-service';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
let dir: string;
let gcn: GraphDocument;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-graph-host-'));
  gcn = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/gcn-sbm.nnd.json'), 'utf8')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startHost(): HostApi {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  let connection: ServedConnection<typeof hostService> | undefined = undefined;
  const emit: HostEventSink = (event, payload) => connection!.emit(event, payload);
  const training = createTrainingService({ emit, cwd: dir, scratchDir: path.join(dir, 'scratch') });
  connection = serve(hostService, createHostService({ mode: 'browser', configDir: path.join(dir, 'config'), cwd: dir, emit, training }), serverEnd);
  return createClient(hostService, clientEnd);
}

function finalEvent(host: HostApi, runId: string): Promise<TrainingEvent> {
  return new Promise((resolve) => {
    const subscription = host.on('trainingEvent', ({ runId: id, event }) => {
      if (id === runId && (event.type === 'done' || event.type === 'error')) {
        subscription.dispose();
        resolve(event);
      }
    });
  });
}

/** Accuracy of assigning each point to the class whose centroid is nearest, in the 2-D plot. */
function centroidAccuracy(points: { x: number; y: number; label: number }[], classes: number): number {
  const sums = Array.from({ length: classes }, () => ({ x: 0, y: 0, n: 0 }));
  for (const p of points) {
    sums[p.label]!.x += p.x;
    sums[p.label]!.y += p.y;
    sums[p.label]!.n++;
  }
  const centroids = sums.map((s) => ({ x: s.x / s.n, y: s.y / s.n }));
  const nearest = (p: { x: number; y: number }) => centroids.map((c, k) => [Math.hypot(p.x - c.x, p.y - c.y), k] as const).sort((a, b) => a[0] - b[0])[0]![1];
  return points.filter((p) => nearest(p) === p.label).length / points.length;
}

describe('graph runs through the host', () => {
  it('a GCN trains in the worker, and its learned node embeddings separate the communities in 2-D', { timeout: 180_000 }, async () => {
    const host = startHost();
    const doc = { ...gcn, training: TrainingConfigSchema.parse({ ...gcn.training, epochs: 40 }) };
    const { runId } = await host.startTraining({ document: doc });
    const done = await finalEvent(host, runId);
    expect(done).toMatchObject({ type: 'done', reason: 'completed' });
    expect((done as Extract<TrainingEvent, { type: 'done' }>).metrics.test_acc).toBeGreaterThanOrEqual(0.9);

    const embeddings = await host.nodeEmbeddings({ runId });
    expect(embeddings).toMatchObject({ layer: 'gcn_1', layers: ['gcn_1', 'gcn_2'], dimensions: 16, rows: 'nodes' });
    expect(embeddings.points.length).toBe(600);
    expect(embeddings.classNames).toEqual(['community 0', 'community 1', 'community 2']);
    expect(embeddings.points.filter((p) => p.split === 'test').length).toBe(120);
    expect(embeddings.explained[0]).toBeGreaterThan(embeddings.explained[1]);
    expect(centroidAccuracy(embeddings.points, 3)).toBeGreaterThan(0.85);

    const output = await host.nodeEmbeddings({ runId, layer: 'gcn_2' });
    expect(output.dimensions).toBe(3);
    await expect(host.nodeEmbeddings({ runId, layer: 'nodes' })).rejects.toThrow(/no layer "nodes" with one output row per node or graph/);
  });
});
