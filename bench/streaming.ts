/**
 * Does streaming a run's events to a page slow training down? The same run (the MLP
 * spirals example, small batches so batch events flow at their full coalesced rate) trains
 * in the worker with a browser-mode page connected over the WebSocket and listening to every
 * `trainingEvent`, and with no page at all (the host drops the events). Runs alternate
 * (off, on, on, off, …) so drift in the machine's load hits both sides; throughput is the
 * worker's own samples per second of training time. Target: on / off ≥ 0.97.
 * Run: npm run bench:streaming [-- --rounds 3 --epochs 12 --batch 4]
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { parseDocument, type GraphDocument } from '../shared/graph/document';
import { hostService, type HostApi } from '../shared/host-api';
import { createClient, webSocketTransport, type WebSocketLike } from '../shared/rpc';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import type { DoneEvent, TrainingEvent } from '../shared/training/protocol';
import { startEditorServer } from '../electron/host/serve';
import { createTrainingService } from '../electron/host/training-service';
import { median, table } from './stats';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '12' },
    batch: { type: 'string', default: '4' },
  },
});
const rounds = Number(values.rounds);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const example = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-spirals.nnd.json'), 'utf8')));
const document: GraphDocument = {
  ...example,
  training: TrainingConfigSchema.parse({ ...example.training, epochs: Number(values.epochs), batchSize: Number(values.batch) }),
};

interface Measurement {
  streaming: boolean;
  samplesPerSecond: number;
  events: number;
  bytes: number;
  /** CPU time of this process (host + page) during the run: what streaming costs outside the worker. */
  hostCpuMs: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function samplesPerSecond(trainSamples: number, done: DoneEvent): number {
  return (trainSamples * done.epochs) / (done.elapsedMs / 1000);
}

/** A run with nobody listening: the host's event sink drops everything. */
async function runWithoutListener(): Promise<Measurement> {
  let trainSamples = 0;
  let resolveDone!: (event: TrainingEvent) => void;
  const finished = new Promise<TrainingEvent>((resolve) => (resolveDone = resolve));
  const training = createTrainingService({
    emit: (_name, payload) => {
      const { event } = payload as { event: TrainingEvent };
      if (event.type === 'ready') trainSamples = event.trainSamples;
      if (event.type === 'done' || event.type === 'error') resolveDone(event);
    },
  });
  try {
    const cpu = process.cpuUsage();
    await training.methods.startTraining({ document });
    const done = await finished;
    if (done.type !== 'done') throw new Error(`the run failed: ${done.type === 'error' ? done.message : done.type}`);
    return { streaming: false, samplesPerSecond: samplesPerSecond(trainSamples, done), events: 0, bytes: 0, hostCpuMs: cpuSince(cpu) };
  } finally {
    await training.dispose();
  }
}

/** A run started from a page connected to `nnd serve`, which receives and validates every event. */
async function runWithPage(port: number): Promise<Measurement> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api`);
  let bytes = 0;
  socket.on('message', (data: Buffer) => (bytes += data.length));
  const page: HostApi = createClient(hostService, webSocketTransport(socket as unknown as WebSocketLike));
  try {
    let trainSamples = 0;
    let events = 0;
    const finished = new Promise<TrainingEvent>((resolve) =>
      page.on('trainingEvent', ({ event }) => {
        events++;
        if (event.type === 'ready') trainSamples = event.trainSamples;
        if (event.type === 'done' || event.type === 'error') resolve(event);
      }),
    );
    const cpu = process.cpuUsage();
    await page.startTraining({ document });
    const done = await finished;
    if (done.type !== 'done') throw new Error(`the run failed: ${done.type === 'error' ? done.message : done.type}`);
    return { streaming: true, samplesPerSecond: samplesPerSecond(trainSamples, done), events, bytes, hostCpuMs: cpuSince(cpu) };
  } finally {
    page.close();
  }
}

const scratch = await mkdtemp(path.join(tmpdir(), 'nnd-bench-streaming-'));
const dist = path.join(scratch, 'dist');
await mkdir(dist, { recursive: true });
await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>bench</title>');
const server = await startEditorServer({ port: 0, rendererDist: dist, host: { configDir: path.join(scratch, 'config'), cwd: scratch } });

const measurements: Measurement[] = [];
try {
  // Untimed: the first worker start pays for cold file caches.
  await runWithoutListener();
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [false, true] : [true, false];
    for (const streaming of order) {
      process.stderr.write(`round ${round + 1}/${rounds}: streaming ${streaming ? 'on' : 'off'}…\n`);
      measurements.push(streaming ? await runWithPage(server.port) : await runWithoutListener());
    }
  }
} finally {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}

const on = measurements.filter((m) => m.streaming);
const off = measurements.filter((m) => !m.streaming);
const onMedian = median(on.map((m) => m.samplesPerSecond));
const offMedian = median(off.map((m) => m.samplesPerSecond));
const ratio = onMedian / offMedian;
console.log(
  `MLP spirals (600 samples, batch ${document.training.batchSize}, ${document.training.epochs} epochs), ${rounds} runs each way; Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  table([
    ['streaming', 'runs', 'median samples/s', 'min', 'max', 'events/run', 'KiB/run', 'host CPU ms/run'],
    ...[
      ['off (no page)', off],
      ['on (page over WebSocket)', on],
    ].map(([label, runs]) => {
      const list = runs as Measurement[];
      const rates = list.map((m) => m.samplesPerSecond);
      return [
        label as string,
        list.length,
        median(rates).toFixed(0),
        Math.min(...rates).toFixed(0),
        Math.max(...rates).toFixed(0),
        median(list.map((m) => m.events)).toFixed(0),
        (median(list.map((m) => m.bytes)) / 1024).toFixed(1),
        median(list.map((m) => m.hostCpuMs)).toFixed(0),
      ];
    }),
  ]),
);
console.log(`runs in order: ${measurements.map((m) => `${m.streaming ? 'on' : 'off'} ${m.samplesPerSecond.toFixed(0)}`).join(', ')}`);
console.log(`throughput on / off: ${ratio.toFixed(3)} (target ≥ 0.97)${ratio >= 0.97 ? '' : ' — below target'}`);
