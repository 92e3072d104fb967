import type { Said } from '../said';
import { trainingMessage, trainingText, type TrainingText } from './messages';

/**
 * A training failure caused by the project, its data or its settings, not by a bug:
 * shown to the person as is, without a stack trace. Made from a message id and values (or
 * given them in `said`), it is said in the interface language; the message is the English.
 */
export class TrainingUserError extends Error {
  readonly said?: Said;

  constructor(message: string | TrainingText, options?: { cause?: unknown; said?: Said }) {
    super(typeof message === 'string' ? message : trainingMessage(message), options);
    this.name = 'TrainingUserError';
    const said = typeof message === 'string' ? options?.said : { training: message };
    if (said) this.said = said;
  }
}

export const OUT_OF_MEMORY_TEXT = trainingText('outOfMemory');
export const OUT_OF_MEMORY_MESSAGE = trainingMessage(OUT_OF_MEMORY_TEXT);

/** Out-of-memory failures as the wasm and cpu backends and V8 word them. */
export function isOutOfMemory(err: unknown): boolean {
  const message = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /out of memory|\bOOM\b|Memory\.grow|Cannot enlarge memory|Array buffer allocation failed|Invalid typed array length/i.test(message);
}
