import { describe, expect, it } from 'vitest';
import { reportUids } from './report-uids.js';

const base = {
  studyInstanceUid: '1.2.3',
  referencedSopInstanceUids: ['1.2.3.4', '1.2.3.5'],
  modelSha256: 'ab'.repeat(32),
};

describe('reportUids', () => {
  it('is stable for the same inputs in any order and valid as DICOM UIDs', () => {
    const a = reportUids(base);
    const b = reportUids({ ...base, referencedSopInstanceUids: ['1.2.3.5', '1.2.3.4'] });
    expect(b).toEqual(a);
    for (const uid of Object.values(a)) {
      expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(uid.length).toBeLessThanOrEqual(64);
      // 2.25 UIDs are integers below 2^128.
      expect(BigInt(uid.slice(5)) < 2n ** 128n).toBe(true);
    }
    expect(new Set(Object.values(a)).size).toBe(4);
  });

  it('changes when the model or the inputs change', () => {
    const a = reportUids(base);
    expect(reportUids({ ...base, modelSha256: 'cd'.repeat(32) }).srSopInstanceUid).not.toBe(
      a.srSopInstanceUid,
    );
    expect(reportUids({ ...base, referencedSopInstanceUids: ['1.2.3.4'] }).srSopInstanceUid).not.toBe(
      a.srSopInstanceUid,
    );
  });
});
