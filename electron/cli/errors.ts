/**
 * A failure the person running `nnd` can fix (a wrong path, a bad flag, an invalid graph).
 * Its message is printed as is, on one line, without a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    /** The process exit code; 1 unless a command documents another. */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Whether the person asked for stack traces (NND_DEBUG=1). */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.NND_DEBUG;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * The one line a failure prints: the command, then the message with its line breaks folded
 * so a script reading stderr gets one record per failure. Errors of other modules (a
 * malformed CSV, an unknown Keras class) already name their place in their message.
 */
export function formatFailure(command: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const oneLine = message
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('; ');
  return `nnd ${command}: ${oneLine || 'failed without a message'}`;
}
