/** What went wrong, which decides the exit code: a bad request (usage → 2) or bad data or a failed run (data → 1). */
export type ErrorKind = 'usage' | 'data';

/** The one error type of the library: its message names the thing (file, line, flag, value) and the fix. */
export class LatentError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'LatentError';
    this.kind = kind;
  }
}

export const usageError = (message: string): LatentError => new LatentError('usage', message);
export const dataError = (message: string): LatentError => new LatentError('data', message);
