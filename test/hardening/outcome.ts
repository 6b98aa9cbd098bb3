import { isAppError } from '../../src/errors/index.js';

/** How one call on broken input ended: accepted, a clear AppError with its code, or a crash. */
export type Outcome =
  | { kind: 'accepted' }
  | { kind: 'clear'; code: string; message: string }
  | { kind: 'crash'; error: string };

export function outcomeOf(call: () => unknown): Outcome {
  try {
    call();
    return { kind: 'accepted' };
  } catch (error) {
    if (isAppError(error)) return { kind: 'clear', code: error.code, message: error.message };
    return {
      kind: 'crash',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

/** The snake_case codes at the start of a problem line or after "name: " in it. */
export function problemCodes(problems: readonly string[]): string[] {
  return problems.flatMap((p) =>
    [...p.matchAll(/(?:^|: )([a-z][a-z0-9]*(?:_[a-z0-9]+)+): /g)].map((m) => m[1]!),
  );
}
