import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { hostService, type HostApi } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import type { TrainingEvent } from '../../shared/training/protocol';
import type { HostEventSink } from './host-events';
import { createHostService } from './host-service';
import { writeProject } from '../node/project-files';
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

  it('a graph read from a nodes CSV and an edges CSV beside the saved project trains, and its embeddings read the same files', { timeout: 180_000 }, async () => {
    const folder = path.join(dir, 'csv-graph');
    await mkdir(folder, { recursive: true });
    // Two communities of 20 nodes; each node links to the next three of its own community and, rarely, across.
    // Feature a leans towards the community (overlapping alone), b is noise: neighbours settle it.
    const nodes = ['id,a,b,team', ...Array.from({ length: 40 }, (_, i) => `n${i},${(i < 20 ? 0.7 : 0.3) + ((i % 7) - 3) / 10},${(i % 5) / 5},${i < 20 ? 'red' : 'blue'}`)];
    const edges = ['source,target'];
    for (let i = 0; i < 40; i++) for (let k = 1; k <= 3; k++) edges.push(`n${i},n${(i < 20 ? 0 : 20) + ((i % 20) + k) % 20}`);
    edges.push('n0,n20', 'n5,n33');
    await writeFile(path.join(folder, 'nodes.csv'), nodes.join('\n'));
    await writeFile(path.join(folder, 'edges.csv'), edges.join('\n'));
    const doc: GraphDocument = {
      ...gcn,
      nodes: gcn.nodes.map((n) =>
        n.name === 'nodes' ? { ...n, params: { ...n.params, shape: [2] } } : n.name === 'gcn_2' ? { ...n, params: { ...n.params, units: 2 } } : n,
      ),
      dataset: { kind: 'graph', source: 'csv', path: 'nodes.csv', edgesPath: 'edges.csv', label: 'team' } as GraphDocument['dataset'],
      training: TrainingConfigSchema.parse({ ...gcn.training, epochs: 30, learningRate: 0.05 }),
    };
    const projectPath = path.join(folder, 'teams.nnd.json');
    await writeProject(projectPath, doc);
    const host = startHost();
    const { runId } = await host.startTraining({ document: doc, projectPath });
    const done = await finalEvent(host, runId);
    expect(done).toMatchObject({ type: 'done', reason: 'completed' });
    expect((done as Extract<TrainingEvent, { type: 'done' }>).metrics.test_acc).toBeGreaterThanOrEqual(0.75);
    const embeddings = await host.nodeEmbeddings({ runId });
    expect(embeddings.points.length).toBe(40);
    expect(embeddings.classNames).toEqual(['blue', 'red']);
  });
});
