/**
 * A training failure caused by the project, its data or its settings, not by a bug:
 * shown to the person as is, without a stack trace.
 */
export class TrainingUserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainingUserError';
  }
}

export const OUT_OF_MEMORY_MESSAGE =
  'training ran out of memory and was stopped — try a smaller batch size, a smaller model or less data';

/** Out-of-memory failures as the wasm and cpu backends and V8 word them. */
export function isOutOfMemory(err: unknown): boolean {
  const message = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /out of memory|\bOOM\b|Memory\.grow|Cannot enlarge memory|Array buffer allocation failed|Invalid typed array length/i.test(message);
}
