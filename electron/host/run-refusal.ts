import { HostError, type HostErrorCode } from '../../shared/host-api';
import { trainingMessage, type TrainingText } from '../../shared/training/messages';

/** A refusal about a run, said in English and, as data, in the page's language. */
export function refusal(text: TrainingText, code: HostErrorCode): HostError {
  return new HostError(trainingMessage(text), code, undefined, undefined, { training: text });
}
