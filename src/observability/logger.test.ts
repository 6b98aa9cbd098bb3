import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createLogger, studyKey } from './logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => new Date(0) });
  return { lines, logger };
}

describe('logger', () => {
  it('writes one JSON object per line with level, message and fields', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'worker' }).info('job done', { jobId: 'a1', durationMs: 12 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'job done',
      component: 'worker',
      jobId: 'a1',
      durationMs: 12,
    });
  });

  it('drops lines below the level', () => {
    const { lines, logger } = capture();
    logger.debug('noise');
    expect(lines).toHaveLength(0);
  });

  it('redacts identifier and path fields at any depth, whatever their spelling', () => {
    const { lines, logger } = capture();
    logger.warn('bad input', {
      PatientName: 'CANARY^PATIENT',
      patient_id: 'CANARY-ID',
      nested: { accessionNumber: 'CANARY-ACC', inputPath: '/data/CANARY/1.dcm', count: 3 },
      list: [{ StudyInstanceUID: '1.2.3' }],
    });
    expect(lines[0]).not.toMatch(/CANARY|1\.2\.3/);
    const record = JSON.parse(lines[0]!);
    expect(record.nested.count).toBe(3);
    expect(record.PatientName).toBe('[redacted]');
  });

  it('logs errors by code and message only', () => {
    const { lines, logger } = capture();
    logger.error('failed', { error: new AppError('mask_empty', 'the mask has no voxel with label 1') });
    expect(JSON.parse(lines[0]!).error).toEqual({
      name: 'AppError',
      code: 'mask_empty',
      message: 'the mask has no voxel with label 1',
    });
  });

  it('derives study keys that depend on the salt', () => {
    const uid = '1.2.826.0.1.3680043.8.498.1';
    expect(studyKey('salt-one-0123456789', uid)).toMatch(/^[0-9a-f]{16}$/);
    expect(studyKey('salt-one-0123456789', uid)).toBe(studyKey('salt-one-0123456789', uid));
    expect(studyKey('salt-two-0123456789', uid)).not.toBe(studyKey('salt-one-0123456789', uid));
  });
});
