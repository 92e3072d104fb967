/**
 * `npm run fuzz -- --graphs N --files M [--seed S] [--out DIR]`: property-based fuzzing of
 * project documents (graph-fuzz.ts) and byte-level fuzzing of every file format the app
 * reads (file-fuzz.ts). Ends with one line:
 *   fuzz: graphs N (crashes C, refused files R, invalid I, valid V, trained T), files M (crashes C, hangs H, slow S, over memory B, read R, refused F)
 * and exits 1 when anything crashed or hung. Each finding's input is written to --out
 * (default fuzz-findings/) for turning into a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { fileCase } from './file-fuzz';
import { fuzzFiles } from './fuzz-files';
import { fuzzGraphs } from './graph-fuzz';

const { values } = parseArgs({
  options: {
    graphs: { type: 'string', default: '1000' },
    files: { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
    out: { type: 'string', default: 'fuzz-findings' },
  },
});

const graphs = Number(values.graphs);
const files = Number(values.files);
const seed = Number(values.seed);
const started = performance.now();
const progress = (what: string, total: number) => (done: number) => {
  if (process.stderr.isTTY && (done % 50 === 0 || done === total)) process.stderr.write(`\r${what} ${done}/${total}`);
};

await registerFastPath();
await selectBackend('wasm');
console.log(`fuzz: seed ${seed}`);
const graphStats = await fuzzGraphs({ count: graphs, seed, onProgress: progress('graphs', graphs) });
if (process.stderr.isTTY) process.stderr.write('\n');
const fileStats = await fuzzFiles({ count: files, seed, onProgress: progress('files', files) });
if (process.stderr.isTTY) process.stderr.write('\n');

const findings = [
  ...graphStats.crashes.map((c, i) => ({ name: `graph-${i}.nnd.json`, body: c.input, note: `${c.property}\n${c.message}` })),
  ...fileStats.crashes.map((c) => ({ name: `file-${c.index}`, body: fileCase(seed, c.index).bytes, note: `${c.format} (${c.mutation})\n${c.message}` })),
  ...fileStats.hangs.map((h) => ({ name: `hang-${h.index}`, body: fileCase(seed, h.index).bytes, note: `${fileCase(seed, h.index).format} (${fileCase(seed, h.index).mutation}) hung` })),
];
if (findings.length) {
  await mkdir(values.out, { recursive: true });
  for (const f of findings) {
    await writeFile(path.join(values.out, f.name), f.body);
    await writeFile(path.join(values.out, `${f.name}.txt`), f.note);
  }
  const seen = new Set<string>();
  for (const f of findings) {
    const first = f.note.split('\n').slice(0, 2).join(' — ');
    if (seen.has(first)) continue;
    seen.add(first);
    console.log(`finding ${f.name}: ${first}`);
  }
}

const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(
  `fuzz: graphs ${graphStats.graphs} (crashes ${graphStats.crashes.length}, refused files ${graphStats.refusedFiles}, invalid ${graphStats.invalid}, valid ${graphStats.valid}, trained ${graphStats.trained}), ` +
    `files ${fileStats.files} (crashes ${fileStats.crashes.length}, hangs ${fileStats.hangs.length}, slow ${fileStats.slow.length}, over memory ${fileStats.bloated.length}, read ${fileStats.read}, refused ${fileStats.refused}; slowest ${Math.round(fileStats.slowestMs)} ms, largest growth ${Math.round(fileStats.largestRssGrowthMb)} MB) in ${minutes} min`,
);
process.exitCode = graphStats.crashes.length + fileStats.crashes.length + fileStats.hangs.length > 0 ? 1 : 0;
