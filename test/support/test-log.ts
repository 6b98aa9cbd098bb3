import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Where tests send a copy of every log line they capture in memory (test loggers write to
 * arrays, not to stdout): one file per test process under `.tmp/test-logs/`, which
 * `test/support/log-scan.ts` scans for the synthetic canary identifiers after the run.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
export const TEST_LOG_DIR = path.join(repoRoot, '.tmp', 'test-logs');

let file: string | undefined;

export function recordTestLog(line: string): void {
  if (file === undefined) {
    mkdirSync(TEST_LOG_DIR, { recursive: true });
    file = path.join(TEST_LOG_DIR, `${process.pid}.log`);
  }
  appendFileSync(file, line.endsWith('\n') ? line : `${line}\n`);
}
