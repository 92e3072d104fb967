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
