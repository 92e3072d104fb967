/**
 * Streaming a run to the real page: does it slow training, and does the page stay smooth?
 * The MLP spirals example (small batches, so batch events flow at their full coalesced rate)
 * trains in `nnd serve`'s worker, alternately
 *  - "on": started from the editor in Debian Chromium with the training panel open, its
 *    live charts drawing every event, while the page records the time between animation
 *    frames (requestAnimationFrame), and
 *  - "off": started with no page open at all (the bench's own WebSocket client only waits
 *    for the end).
 * Throughput is the worker's samples per second of training time, from its `done` event.
 * Targets: on / off ≥ 0.97; median frame time while streaming ≤ 20 ms.
 * Run: npm run bench:streaming-ui [-- --rounds 3 --epochs 12 --batch 4]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectHost, EXAMPLES_DIR, launchChromium, startServer, temporaryFolder, VIEWPORT } from '../e2e/harness';
import { parseDocument, serializeDocument, type GraphDocument } from '../shared/graph/document';
import type { HostApi } from '../shared/host-api';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import type { DoneEvent, TrainingEvent } from '../shared/training/protocol';
import { median, table } from './stats';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '12' },
    batch: { type: 'string', default: '4' },
  },
});
const rounds = Number(values.rounds);
const RATIO_TARGET = 0.97;
const FRAME_TARGET_MS = 20;

const example = parseDocument(JSON.parse(await readFile(path.join(EXAMPLES_DIR, 'mlp-spirals.nnd.json'), 'utf8')));
const document: GraphDocument = {
  ...example,
  training: TrainingConfigSchema.parse({ ...example.training, epochs: Number(values.epochs), batchSize: Number(values.batch) }),
};

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resolves with the run's `ready` and final event, as any HostApi client sees them. */
function watchRun(host: HostApi): Promise<{ trainSamples: number; events: number; end: TrainingEvent }> {
  return new Promise((resolve) => {
    let trainSamples = 0;
    let events = 0;
    const subscription = host.on('trainingEvent', ({ event }) => {
      events++;
      if (event.type === 'ready') trainSamples = event.trainSamples;
      if (event.type === 'done' || event.type === 'error') {
        subscription.dispose();
        resolve({ trainSamples, events, end: event });
      }
    });
  });
}

function throughput(trainSamples: number, done: DoneEvent): number {
  return (trainSamples * done.epochs) / (done.elapsedMs / 1000);
}

function ended(end: TrainingEvent): DoneEvent {
  if (end.type !== 'done') throw new Error(`the run failed: ${end.type === 'error' ? end.message : end.type}`);
  return end;
}

interface Measurement {
  streaming: boolean;
  samplesPerSecond: number;
  events: number;
  /** Frame intervals of the page during the run (on runs only). */
  frames: number[];
  /** Main-thread busy time of the page during the run (Chrome's TaskDuration), ms; on runs only. */
  pageTaskMs: number;
  /** …of which JavaScript (ScriptDuration) and layout + style (LayoutDuration + RecalcStyleDuration). */
  pageScriptMs: number;
  pageLayoutMs: number;
  runSeconds: number;
}

const RECORD_FRAMES = `(() => {
  const frames = [];
  let last = performance.now();
  window.__benchFrames = frames;
  window.__benchRecording = true;
  const tick = (now) => {
    frames.push(now - last);
    last = now;
    if (window.__benchRecording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const folder = await temporaryFolder('nnd-bench-streaming-ui-');
const projectPath = path.join(folder.dir, 'spirals-stream.nnd.json');
await writeFile(projectPath, serializeDocument(document));
const server = await startServer({ project: projectPath });
const browser = await launchChromium();
const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en' });
const host = connectHost(server.hostUrl);
const devtools = await page.context().newCDPSession(page);
await devtools.send('Performance.enable');

/** Chrome's cumulative main-thread timings of the page, in ms. */
async function pageTimings(): Promise<{ task: number; script: number; layout: number }> {
  const { metrics } = await devtools.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: value('TaskDuration'), script: value('ScriptDuration'), layout: value('LayoutDuration') + value('RecalcStyleDuration') };
}

async function openEditorWithPanel(): Promise<void> {
  await page.goto(server.url);
  await page.locator('.react-flow__pane').waitFor({ timeout: 60_000 });
  await page.click('[data-testid="toggle-training"]');
  await page.locator('[data-testid="train-button"]').waitFor();
}

async function runOnPage(): Promise<Measurement> {
  await openEditorWithPanel();
  // A moment for the page to settle, so the first frames measured are not its own start-up.
  await page.waitForTimeout(500);
  const run = watchRun(host);
  await page.evaluate(RECORD_FRAMES);
  const before = await pageTimings();
  await page.click('[data-testid="train-button"]');
  const { trainSamples, events, end } = await run;
  const after = await pageTimings();
  const frames = await page.evaluate<number[]>('window.__benchRecording = false, window.__benchFrames.slice(1)');
  const done = ended(end);
  return {
    streaming: true,
    samplesPerSecond: throughput(trainSamples, done),
    events,
    frames,
    pageTaskMs: after.task - before.task,
    pageScriptMs: after.script - before.script,
    pageLayoutMs: after.layout - before.layout,
    runSeconds: done.elapsedMs / 1000,
  };
}

async function runWithoutPage(): Promise<Measurement> {
  await page.goto('about:blank');
  const run = watchRun(host);
  await host.startTraining({ document });
  const { trainSamples, end } = await run;
  const done = ended(end);
  return { streaming: false, samplesPerSecond: throughput(trainSamples, done), events: 0, frames: [], pageTaskMs: 0, pageScriptMs: 0, pageLayoutMs: 0, runSeconds: done.elapsedMs / 1000 };
}

async function idleFrames(): Promise<number[]> {
  await openEditorWithPanel();
  await page.waitForTimeout(500);
  await page.evaluate(RECORD_FRAMES);
  await page.waitForTimeout(3000);
  return page.evaluate<number[]>('window.__benchRecording = false, window.__benchFrames.slice(1)');
}

const measurements: Measurement[] = [];
const idle: number[] = [];
try {
  // Untimed: the first worker start pays for cold file caches.
  await runWithoutPage();
  idle.push(...(await idleFrames()));
  for (let round = 0; round < rounds; round++) {
    for (const streaming of round % 2 === 0 ? [false, true] : [true, false]) {
      const m = streaming ? await runOnPage() : await runWithoutPage();
      measurements.push(m);
      console.log(
        `round ${round + 1} ${streaming ? 'on ' : 'off'}: ${m.samplesPerSecond.toFixed(0)} samples/s` +
          (streaming
            ? `, ${m.events} events, frame median ${median(m.frames).toFixed(1)} ms, page busy ${(m.pageTaskMs / m.runSeconds / 10).toFixed(1)} % of a core`
            : '') +
          `, load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
} finally {
  host.close();
  await browser.close();
  await server.stop();
  await folder.remove();
}

const on = measurements.filter((m) => m.streaming);
const off = measurements.filter((m) => !m.streaming);
const frames = on.flatMap((m) => m.frames);
const summary = (rows: Measurement[]) => rows.map((m) => m.samplesPerSecond);
console.log(`\nMLP spirals, batch ${values.batch}, ${values.epochs} epochs; Chromium ${VIEWPORT.width}×${VIEWPORT.height}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log(
  table([
    ['streaming', 'runs', 'median samples/s', 'min', 'max', 'events/run'],
    ...[off, on].map((rows) => [
      rows[0]?.streaming ? 'on (editor page, charts live)' : 'off (no page)',
      rows.length,
      Math.round(median(summary(rows))),
      Math.round(Math.min(...summary(rows))),
      Math.round(Math.max(...summary(rows))),
      Math.round(median(rows.map((m) => m.events))),
    ]),
  ]),
);
console.log('');
console.log(
  table([
    ['page frames', 'frames', 'median ms', 'p95 ms', 'max ms'],
    ['idle (panel open, no run)', idle.length, median(idle).toFixed(1), percentile(idle, 95).toFixed(1), Math.max(...idle).toFixed(1)],
    ['while a run streams', frames.length, median(frames).toFixed(1), percentile(frames, 95).toFixed(1), Math.max(...frames).toFixed(1)],
  ]),
);
const busy = (pick: (m: Measurement) => number) => median(on.map((m) => pick(m) / m.runSeconds / 10)).toFixed(1);
console.log(
  `\npage main thread while streaming: busy ${busy((m) => m.pageTaskMs)} % of a core (script ${busy((m) => m.pageScriptMs)} %, style + layout ${busy((m) => m.pageLayoutMs)} %)`,
);
const ratio = median(summary(on)) / median(summary(off));
console.log(`\nthroughput on / off: ${ratio.toFixed(3)} (target ≥ ${RATIO_TARGET}); median frame time while streaming ${median(frames).toFixed(1)} ms (target ≤ ${FRAME_TARGET_MS})`);
