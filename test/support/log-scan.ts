import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CANARY } from '../../src/synth/study.js';
import { TEST_LOG_DIR } from './test-log.js';

/**
 * The check that no canary identifier of the synthetic studies (src/synth: every patient name,
 * ID and accession number carries it) reaches a log line of any test. Tests tee the log lines
 * they capture to `.tmp/test-logs/` (`recordTestLog`; the setup file tees what test code writes
 * to stdout/stderr as log records); vitest's global setup empties the folder before a run and
 * scans it after, and `scripts/test.sh` prints the figure.
 */
export interface LogScan {
  files: number;
  lines: number;
  hits: string[];
}

export function scanTestLogs(dir: string = TEST_LOG_DIR): LogScan {
  const scan: LogScan = { files: 0, lines: 0, hits: [] };
  if (!existsSync(dir)) return scan;
  for (const name of readdirSync(dir)) {
    scan.files++;
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line === '') continue;
      scan.lines++;
      // the line itself is not printed: it holds the identifier we are looking for
      if (line.includes(CANARY)) scan.hits.push(`${name}: line ${scan.lines} contains the canary`);
    }
  }
  return scan;
}

export function clearTestLogs(dir: string = TEST_LOG_DIR): void {
  rmSync(dir, { recursive: true, force: true });
}

export function describeScan(scan: LogScan): string {
  return `log scan: ${scan.lines} log lines in ${scan.files} files, canary hits ${scan.hits.length}`;
}

// `npx tsx test/support/log-scan.ts`: the scan as a step of scripts/test.sh.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scan = scanTestLogs();
  console.log(describeScan(scan));
  for (const hit of scan.hits) console.error(hit);
  process.exit(scan.hits.length === 0 ? 0 : 1);
}
