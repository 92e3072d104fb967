import { readFile } from 'node:fs/promises';
import type { Dataset } from '../../shared/data/dataset';
import { datasetText } from '../../shared/data/dataset-messages';
import { DatasetError } from '../../shared/data/errors';
import type { TargetHint } from '../../shared/data/targets';
import { parseTextDataset, type TextDatasetReference } from '../../shared/data/text';
import { parseTimeseriesDataset, type TimeseriesDatasetReference } from '../../shared/data/timeseries';

export type SequenceDatasetReference = TextDatasetReference | TimeseriesDatasetReference;

export function isSequenceReference(ref: { kind: string }): ref is SequenceDatasetReference {
  return ref.kind === 'text' || ref.kind === 'timeseries';
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new DatasetError(datasetText('fileMissing', { file }), 'not-found', { source: file });
    throw new DatasetError(datasetText('fileUnreadable', { file, detail: (err as Error).message }), 'unreadable', { source: file });
  }
}

/** Text (tokenized sequences) and time-series (windowed) references; paths already absolute. */
export async function loadSequenceDataset(ref: SequenceDatasetReference, options: { target?: TargetHint }): Promise<Dataset> {
  const content = await readText(ref.path);
  if (ref.kind === 'text') return parseTextDataset(content, ref, { source: ref.path, ...(options.target ? { target: options.target } : {}) });
  return parseTimeseriesDataset(content, ref, { source: ref.path });
}
