/**
 * CSV import throughput and peak memory on a generated ~100 MB CSV (12 numeric columns and a
 * text label), side by side with papaparse alone streaming the same file (no conversion at
 * all). Each measurement runs in a fresh process, so peak resident memory is its own.
 * Targets: ≥ 0.8× papaparse's MB/s, and peak memory under 3× the file size — judged on the
 * peak above the process's baseline (the import's own cost); the whole-process peak is shown too.
 * Run: npm run bench:csv [-- --mb 100 --runs 3]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { createRandom } from '../shared/data/dataset';
import { tableToDataset } from '../shared/data/tabular';
import { streamCsvTable } from '../electron/node/datasets';
import { median, table } from './stats';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    /** Internal: run one measurement in this process and print it as JSON. */
    measure: { type: 'string' },
    file: { type: 'string' },
  },
});

interface Measurement {
  seconds: number;
  /** Peak resident set size of the whole process, bytes. */
  peakRss: number;
  /** Resident memory before the import started (Node, tsx, the modules). */
  baselineRss: number;
  rows: number;
}

async function measure(kind: string, file: string): Promise<Measurement> {
  const baselineRss = process.memoryUsage().rss;
  const start = performance.now();
  let rows = 0;
  if (kind === 'papaparse') {
    await new Promise<void>((resolve, reject) =>
      Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 4 * 1024 * 1024 }) as unknown as File, {
        header: false,
        chunk: (results: Papa.ParseResult<string[]>) => void (rows += results.data.length),
        complete: () => resolve(),
        error: reject,
      }),
    );
  } else {
    const columnTable = await streamCsvTable(file, file);
    rows = columnTable.rowCount;
    if (kind === 'dataset') rows = tableToDataset(columnTable, { columns: {}, label: 'label', labelEncoding: 'auto', normalize: 'standardize' }, { validationSplit: 0.2, seed: 1 }).xShape[0]!;
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, peakRss: process.resourceUsage().maxRSS * 1024, baselineRss, rows };
}

async function generate(file: string, megabytes: number): Promise<void> {
  const random = createRandom(7);
  const out = createWriteStream(file);
  const columns = 12;
  out.write([...Array.from({ length: columns }, (_, i) => `f${i}`), 'label'].join(',') + '\n');
  const target = megabytes * 1024 * 1024;
  let written = 0;
  const labels = ['alpha', 'beta', 'gamma'];
  while (written < target) {
    let chunk = '';
    for (let r = 0; r < 2000; r++) {
      const row: string[] = [];
      for (let c = 0; c < columns; c++) row.push((random() * 200 - 100).toFixed(3));
      row.push(labels[Math.floor(random() * 3)]!);
      chunk += row.join(',') + '\n';
    }
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

if (values.measure) {
  process.stdout.write(JSON.stringify(await measure(values.measure, values.file!)));
} else {
  const file = path.join(tmpdir(), `nnd-bench-${process.pid}.csv`);
  await generate(file, Number(values.mb));
  const size = statSync(file).size;
  const mb = size / (1024 * 1024);
  const self = fileURLToPath(import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const run = (kind: string): Measurement =>
    JSON.parse(execFileSync(process.execPath, ['--import', tsx, self, '--measure', kind, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Measurement;
  const kinds = ['papaparse', 'table', 'dataset'] as const;
  const loadAtStart = loadavg()[0]!;
  const results = Object.fromEntries(kinds.map((k) => [k, [] as Measurement[]])) as Record<(typeof kinds)[number], Measurement[]>;
  try {
    for (let i = 0; i < Number(values.runs); i++) for (const kind of kinds) results[kind].push(run(kind));
  } finally {
    unlinkSync(file);
  }
  const speed = (kind: (typeof kinds)[number]) => mb / median(results[kind].map((m) => m.seconds));
  const peak = (kind: (typeof kinds)[number]) => Math.max(...results[kind].map((m) => m.peakRss)) / (1024 * 1024);
  const growth = (kind: (typeof kinds)[number]) => Math.max(...results[kind].map((m) => m.peakRss - m.baselineRss)) / (1024 * 1024);
  const baseline = (kind: (typeof kinds)[number]) => median(results[kind].map((m) => m.baselineRss)) / (1024 * 1024);
  console.log(
    `CSV import, ${mb.toFixed(1)} MB file (${results.papaparse[0]!.rows.toLocaleString('en')} rows × 13 columns), median of ${values.runs} runs, load average ${loadAtStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
  );
  const row = (label: string, kind: (typeof kinds)[number]) => [
    label,
    speed(kind).toFixed(1),
    (speed(kind) / speed('papaparse')).toFixed(2),
    `${peak(kind).toFixed(0)} = ${(peak(kind) / mb).toFixed(2)}×`,
    baseline(kind).toFixed(0),
    `${growth(kind).toFixed(0)} = ${(growth(kind) / mb).toFixed(2)}×`,
  ];
  console.log(
    table([
      ['reader', 'MB/s', '× papaparse', 'peak RSS, whole process (MB = × file)', 'baseline (MB)', 'peak above baseline: the import (MB = × file)'],
      row('papaparse alone (strings, no conversion)', 'papaparse'),
      row('NN Designer: typed column table', 'table'),
      row('NN Designer: table → training dataset', 'dataset'),
    ]),
  );
  console.log('The memory target (< 3× the file) is judged on the peak above the baseline: what the import itself costs, without Node and the loaded modules.');
}
