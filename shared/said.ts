import { z } from 'zod';
import { DatasetTextSchema, datasetMessage, type DatasetText } from './data/dataset-messages';
import { HostTextSchema, hostMessage, type HostText } from './host-messages';
import { TrainingTextSchema, trainingMessage, type TrainingText } from './training/messages';

/**
 * A sentence for a person as data, tagged with the table its id belongs to, as it crosses
 * from the host or the worker to the page (a HostError's data, a training error event): the
 * page says it in the interface language, everything else prints its English.
 */
export type Said = { dataset: DatasetText } | { training: TrainingText } | { host: HostText };

export const SaidSchema: z.ZodType<Said> = z.union([
  z.object({ dataset: DatasetTextSchema }).strict(),
  z.object({ training: TrainingTextSchema }).strict(),
  z.object({ host: HostTextSchema }).strict(),
]);

/** The English sentence. */
export function saidInEnglish(said: Said): string {
  return 'dataset' in said ? datasetMessage(said.dataset) : 'training' in said ? trainingMessage(said.training) : hostMessage(said.host);
}
