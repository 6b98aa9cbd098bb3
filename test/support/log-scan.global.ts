import { clearTestLogs, describeScan, scanTestLogs } from './log-scan.js';

/** vitest global setup: a fresh log folder per run, and the canary scan once every test has run. */
export function setup(): void {
  clearTestLogs();
}

export function teardown(): void {
  const scan = scanTestLogs();
  console.log(describeScan(scan));
  if (scan.hits.length > 0) throw new Error(`canary identifiers in test logs:\n${scan.hits.join('\n')}`);
}
