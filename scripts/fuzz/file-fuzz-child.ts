/**
 * The child process of the file fuzzer: reads cases `start…count-1` of a seeded run the way
 * the app reads files and reports each outcome to the parent as it goes, so the parent can
 * call a case that outlives its limit a hang and carry on from the next one.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDatasetFromReference, previewDataset, suggestDatasetReference } from '../../electron/node/datasets';
import { readLayersModel } from '../../electron/node/model-files';
import { parseJsonText, readProject, readTextFile } from '../../electron/node/project-files';
import { encodeIdx } from '../../shared/data/idx';
import { encodeNpy } from '../../shared/data/numpy';
import { catalog } from '../../shared/layers';
import { importModelJson } from '../../shared/model-json/import';
import { fileCase, type FileCase } from './file-fuzz';
import { PNG } from 'pngjs';

/** Errors of ours that name what is wrong and where. */
const LOCATED_ERRORS = new Set(['DatasetError', 'DocumentError', 'ModelImportError', 'ProjectFileError', 'WeightsMismatchError', 'CliError']);

export interface FileOutcome {
  index: number;
  format: string;
  mutation: string;
  result: 'read' | 'refused' | 'crash';
  ms: number;
  /** Resident memory the case added, in MB (a refused huge header must add next to nothing). */
  rssGrowthMb: number;
  message?: string;
}

async function readAsTheAppDoes(c: FileCase, dir: string): Promise<void> {
  const file = path.join(dir, c.name);
  switch (c.format) {
    case 'csv':
    case 'tsv':
    case 'json':
    case 'npy':
    case 'npz':
    case 'idx': {
      await writeFile(file, c.bytes);
      if (c.format === 'npy') await writeFile(path.join(dir, 'y.npy'), encodeNpy(new Int32Array([0, 1, 0, 1, 1, 0]), [6]));
      if (c.format === 'idx') await writeFile(path.join(dir, c.name.replace('images', 'labels').replace('idx3', 'idx1')), encodeIdx(new Uint8Array([0, 1, 2, 0, 1, 2]), [6]));
      await readDataset(file);
      return;
    }
    case 'png':
    case 'jpeg': {
      // A folder of class folders: the fuzzed image among good ones.
      const good = PNG.sync.write(Object.assign(new PNG({ width: 4, height: 4 }), { data: Buffer.alloc(64, 200) }));
      await mkdir(path.join(dir, 'images', 'cats'), { recursive: true });
      await mkdir(path.join(dir, 'images', 'dogs'), { recursive: true });
      await writeFile(path.join(dir, 'images', 'cats', c.name), c.bytes);
      await writeFile(path.join(dir, 'images', 'cats', 'good.png'), good);
      await writeFile(path.join(dir, 'images', 'dogs', 'good.png'), good);
      await readDataset(path.join(dir, 'images'));
      return;
    }
    case 'model-json': {
      await writeFile(file, c.bytes);
      importModelJson(parseJsonText(await readTextFile(file, 'model file'), file), catalog);
      return;
    }
    case 'weights-manifest': {
      const bytes = Buffer.from(c.bytes);
      const split = bytes.indexOf(0x0a);
      await writeFile(file, split < 0 ? bytes : bytes.subarray(0, split));
      await writeFile(path.join(dir, 'weights.bin'), split < 0 ? Buffer.alloc(0) : bytes.subarray(split + 1));
      const model = await readLayersModel(dir);
      model.dispose();
      return;
    }
    case 'project':
      await writeFile(file, c.bytes);
      await readProject(file);
      return;
  }
}

async function readDataset(file: string) {
  const ref = await suggestDatasetReference(file);
  await previewDataset(ref, { validationSplit: 0.2, seed: 1 });
  await loadDatasetFromReference(ref, { validationSplit: 0.2, seed: 1 });
}

function classify(err: unknown): { result: 'refused' | 'crash'; message: string } {
  const error = err instanceof Error ? err : new Error(String(err));
  const message = `${error.name}: ${error.message}`;
  if (LOCATED_ERRORS.has(error.name)) return { result: 'refused', message };
  // A plain Error thrown by our own readers is a deliberate refusal with its reason; the same
  // class thrown from inside a library (tfjs, a decoder) or a TypeError is not.
  const thrower = error.stack?.split('\n').find((line) => line.trim().startsWith('at '));
  if (error.constructor === Error && thrower && /[/\\](shared|electron)[/\\]/.test(thrower) && !thrower.includes('node_modules'))
    return { result: 'refused', message };
  return { result: 'crash', message: `${message}\n${error.stack?.split('\n').slice(1, 5).join('\n') ?? ''}` };
}

export async function runFileCase(c: FileCase, index: number): Promise<FileOutcome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nnd-fuzz-'));
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let outcome: Pick<FileOutcome, 'result' | 'message'>;
  try {
    await readAsTheAppDoes(c, dir);
    outcome = { result: 'read' };
  } catch (err) {
    outcome = classify(err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const ms = performance.now() - started;
  const rssGrowthMb = Math.max(0, (process.memoryUsage().rss - rssBefore) / 2 ** 20);
  return { index, format: c.format, mutation: c.mutation, ms, rssGrowthMb, ...outcome };
}

async function main() {
  const [seed, start, count] = process.argv.slice(2).map(Number) as [number, number, number];
  for (let index = start; index < count; index++) {
    process.send!({ type: 'start', index });
    const outcome = await runFileCase(fileCase(seed, index), index);
    process.send!({ type: 'done', outcome });
  }
  process.send!({ type: 'finished' });
}

if (process.send) void main().then(() => process.disconnect());
