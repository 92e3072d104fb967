import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../shared/graph/document';
import { hostService, type TrainingEventPayload } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { ganDocument } from '../../shared/graph/gan-document.fixture';
import { createHostService } from './host-service';
import { createTrainingService, type TrainingService } from './training-service';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-gan-host-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a GAN trained through the HostApi (in-memory RPC, real worker)', { timeout: 120_000 }, () => {
  it('streams its events to the page, keeps the run with both networks saved, and sends no evaluation', async () => {
    const [clientEnd, serverEnd] = createMemoryTransportPair();
    let connection: ServedConnection<typeof hostService> | undefined = undefined;
    const training: TrainingService = createTrainingService({ emit: (event, payload) => connection!.emit(event, payload), cwd: dir, scratchDir: path.join(dir, 'scratch') });
    connection = serve(hostService, createHostService({ mode: 'browser', configDir: path.join(dir, 'config'), cwd: dir, emit: (event, payload) => connection!.emit(event, payload), training }), serverEnd);
    const host = createClient(hostService, clientEnd);
    const events: TrainingEventPayload[] = [];
    host.on('trainingEvent', (payload) => events.push(payload));
    try {
      const projectPath = path.join(dir, 'ring.nnd.json');
      const document = ganDocument({ training: { epochs: 2 } });
      await writeFile(projectPath, serializeDocument(document));
      const { runId } = await host.startTraining({ document, projectPath });
      await expect.poll(() => events.some((e) => e.runId === runId && (e.event.type === 'done' || e.event.type === 'error')), { timeout: 60_000 }).toBe(true);
      const types = events.filter((e) => e.runId === runId).map((e) => e.event.type);
      expect(types[0]).toBe('ready');
      expect(types.at(-1)).toBe('done');
      expect(types).toContain('gan-samples');
      expect(types).toContain('gan-plane');
      expect(types).not.toContain('evaluation');
      const run = await host.getRun({ runId });
      expect(run).toMatchObject({ status: 'completed', epochs: 2, hasWeights: true, weights: { final: 'final', best: null } });
      expect(run.finalMetrics).toMatchObject({ d_loss: expect.any(Number), g_loss: expect.any(Number) });
    } finally {
      await training.dispose();
      host.close();
    }
  });
});
