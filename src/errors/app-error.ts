/**
 * The one error type the product throws on purpose. `code` is stable snake_case (tests, metrics and
 * job failure reasons key on it); `message` names the input and the problem for a person and never
 * contains patient identifiers; `retryable` tells the queue whether trying again can help.
 */
export interface AppErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  /** Machine-readable context (setting names, counts); no patient identifiers. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A one-line description of any thrown value, for CLI output and job failure reasons. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
