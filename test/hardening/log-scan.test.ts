import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/index.js';
import { CANARY, generateStudy } from '../../src/synth/index.js';
import { scanTestLogs } from '../support/log-scan.js';

describe('canary scan of test logs', () => {
  it('finds a canary identifier in a log line and passes a clean folder', () => {
    const study = generateStudy({ seed: 'scan', index: 3, her2: 'negative', centre: 1, size: 'small' });
    const dir = mkdtempSync(path.join(tmpdir(), 'her2-log-scan-'));
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.info('analysis started', { jobId: 'a1' });
    writeFileSync(path.join(dir, '1.log'), lines.join(''));
    expect(scanTestLogs(dir)).toEqual({ files: 1, lines: 1, hits: [] });
    // a careless log call with a patient's name (not a field the logger redacts by name)
    logger.info('study arrived', { who: study.context.patientName });
    writeFileSync(path.join(dir, '2.log'), lines.join(''));
    const scan = scanTestLogs(dir);
    expect(scan.hits).toHaveLength(1);
    expect(scan.hits[0]).toMatch(/^2\.log: line \d+ contains the canary$/);
    expect(study.context.patientName).toContain(CANARY);
  });
});
