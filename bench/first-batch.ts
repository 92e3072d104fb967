/**
 * From Train to the first batch (issue #23): for every template in examples/, the time from
 * asking the host to train (startTraining: worker start, backend and kernel setup, dataset
 * load, compile) to the run's first `batch` event, and to its `ready` event on the way.
 * Each template runs `--repeat` times, alternating, and the best is kept (a neighbour's burst
 * slows a run, never speeds it up). The target is ≤ 1.5 s for every template.
 * Run: npm run bench:first-batch [-- --repeat 2 --only lenet5-mnist,mlp-xor]
 */
import { readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readProject } from '../electron/node/project-files';
import { startTraining } from '../electron/host/training-session';
import type { TrainingEvent } from '../shared/training/protocol';
import { table } from './stats';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const TARGET_MS = 1500;

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '2' }, only: { type: 'string' } } });

interface Timing {
  readyMs: number;
  firstBatchMs: number;
}

/** One run of `file` until its first batch; then it is stopped. */
async function timeFirstBatch(file: string): Promise<Timing> {
  const document = await readProject(file);
  const started = performance.now();
  let readyMs = NaN;
  return new Promise<Timing>((resolve, reject) => {
    let settled = false;
    const handle = startTraining({ document, baseDir: path.dirname(file) }, (event: TrainingEvent) => {
      if (event.type === 'ready') readyMs = performance.now() - started;
      if (event.type === 'batch' && !settled) {
        settled = true;
        resolve({ readyMs, firstBatchMs: performance.now() - started });
        handle.stop();
      }
      if (event.type === 'error' && !settled) {
        settled = true;
        reject(new Error(`${path.basename(file)}: ${event.message}`));
      }
    });
    handle.done.catch(() => {});
  });
}

const names = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.nnd.json')).sort();
const wanted = values.only ? new Set(values.only.split(',').map((n) => `${n.trim()}.nnd.json`)) : null;
const files = names.filter((n) => !wanted || wanted.has(n)).map((n) => path.join(EXAMPLES, n));
const best = new Map<string, Timing>();
const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
for (let round = 0; round < Number(values.repeat); round++)
  for (const file of files) {
    const timing = await timeFirstBatch(file);
    const previous = best.get(file);
    if (!previous || timing.firstBatchMs < previous.firstBatchMs) best.set(file, timing);
    process.stderr.write(`${path.basename(file)}: round ${round + 1}, first batch after ${Math.round(timing.firstBatchMs)} ms\n`);
  }

console.log(`bench:first-batch: best of ${values.repeat}; load average ${loadAtStart} at start, ${loadavg().map((l) => l.toFixed(2)).join(' ')} at end`);
const rows = files.map((file) => {
  const t = best.get(file)!;
  return [path.basename(file, '.nnd.json'), `${Math.round(t.readyMs)}`, `${Math.round(t.firstBatchMs)}`, t.firstBatchMs <= TARGET_MS ? 'yes' : 'no'];
});
console.log(table([['template', 'ready (ms)', 'first batch (ms)', `≤ ${TARGET_MS} ms`], ...rows]));
const over = rows.filter((r) => r[3] === 'no').map((r) => r[0]);
console.log(`first batch: ${rows.length - over.length}/${rows.length} templates within ${TARGET_MS} ms${over.length ? ` (over: ${over.join(', ')})` : ''}`);
