import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../shared/graph/document';
import { hostService, type TrainingEventPayload } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { ganDocument } from '../../shared/training/gan-document.fixture';
import { createHostService } from './host-service';
import { createTrainingService, type TrainingService } from './training-service';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-gan-host-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The host behind the in-memory RPC pair, as a page sees it, with every training event it sends. */
function startHost() {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  let connection: ServedConnection<typeof hostService> | undefined = undefined;
  const training: TrainingService = createTrainingService({ emit: (event, payload) => connection!.emit(event, payload), cwd: dir, scratchDir: path.join(dir, 'scratch') });
  connection = serve(hostService, createHostService({ mode: 'browser', configDir: path.join(dir, 'config'), cwd: dir, emit: (event, payload) => connection!.emit(event, payload), training }), serverEnd);
  const host = createClient(hostService, clientEnd);
  const events: TrainingEventPayload[] = [];
  host.on('trainingEvent', (payload) => events.push(payload));
  const typesOf = (runId: string) => events.filter((e) => e.runId === runId).map((e) => e.event.type);
  return { host, events, typesOf, close: async () => (await training.dispose(), host.close()) };
}

describe('a GAN trained through the HostApi (in-memory RPC, real worker)', { timeout: 120_000 }, () => {
  it('streams its events to the page, keeps the run with both networks saved, and sends no evaluation', async () => {
    const { host, typesOf, close } = startHost();
    try {
      const projectPath = path.join(dir, 'ring.nnd.json');
      const document = ganDocument({ training: { epochs: 2 } });
      await writeFile(projectPath, serializeDocument(document));
      const { runId } = await host.startTraining({ document, projectPath });
      await expect.poll(() => typesOf(runId).some((t) => t === 'done' || t === 'error'), { timeout: 60_000 }).toBe(true);
      const types = typesOf(runId);
      expect(types[0]).toBe('ready');
      expect(types.at(-1)).toBe('done');
      expect(types).toContain('gan-samples');
      expect(types).toContain('gan-plane');
      expect(types).not.toContain('evaluation');
      const run = await host.getRun({ runId });
      expect(run).toMatchObject({ status: 'completed', epochs: 2, hasWeights: true, weights: { final: 'final', best: null } });
      expect(run.finalMetrics).toMatchObject({ d_loss: expect.any(Number), g_loss: expect.any(Number) });
    } finally {
      await close();
    }
  });

  it('steps a paused run one iteration at a time, as GAN Lab does', async () => {
    const { host, typesOf, close } = startHost();
    try {
      const document = ganDocument({ training: { epochs: 500 } });
      const { runId } = await host.startTraining({ document });
      await expect.poll(() => typesOf(runId).includes('epoch'), { timeout: 60_000 }).toBe(true);
      expect(await host.pauseTraining({ runId })).toEqual({ runId, status: 'paused' });
      // The page hears of the halt just after the host does.
      await expect.poll(() => typesOf(runId).at(-1), { timeout: 10_000 }).toBe('paused');
      const paused = typesOf(runId).length;
      expect(await host.stepTraining({ runId })).toEqual({ runId, status: 'paused' });
      // The step's batch (due after the pause), then the loop halted again.
      await expect.poll(() => typesOf(runId).length, { timeout: 10_000 }).toBe(paused + 2);
      expect(typesOf(runId).slice(paused)).toEqual(['batch', 'paused']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(typesOf(runId)).toHaveLength(paused + 2);
      await host.stopTraining({ runId });
      expect(typesOf(runId).at(-1)).toBe('done');
      await expect(host.stepTraining({ runId })).rejects.toMatchObject({ message: expect.stringMatching(/step/) });
    } finally {
      await close();
    }
  });
});
