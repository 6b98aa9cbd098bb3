import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { EXPLICIT_VR_LITTLE_ENDIAN } from '../../src/pacs/index.js';
import { Harness, maskInstance, outputInstance, testStudy, uploadStudy } from './pipeline-harness.js';

/** The DICOMweb adapter against Orthanc's DICOMweb plugin 1.7. */

let services: LocalServices;
let h: Harness;
beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
  h = new Harness(services, { pacsAttempts: 1 });
});
afterAll(async () => {
  await h?.close();
  await services?.stop();
});

/** Transfer Syntax UID from a Part-10 file meta group (explicit VR little endian by definition). */
function transferSyntaxOf(part10: Uint8Array): string {
  const bytes = Buffer.from(part10.buffer, part10.byteOffset, part10.byteLength);
  const at = bytes.indexOf(Buffer.from([0x02, 0x00, 0x10, 0x00]), 132);
  const length = bytes.readUInt16LE(at + 6);
  return bytes
    .subarray(at + 8, at + 8 + length)
    .toString('latin1')
    .replace(/\0$/, '')
    .trim();
}

describe('DICOMweb adapter', () => {
  const study = testStudy(41);
  const uid = study.context.studyInstanceUid;

  it('finds the series (QIDO-RS) and streams every instance of one back (WADO-RS), explicit little endian', async () => {
    await uploadStudy(h.rest, study, [1]);
    const series = await h.dicomWeb.searchSeries(uid);
    expect(series.map((s) => s.modality).sort()).toEqual(['MR', 'SEG']);
    const t2 = study.series.find((s) => s.key === 't2')!;
    const sent = new Set(t2.instances.map((i) => i.bytes.length));
    let count = 0;
    for await (const part10 of h.dicomWeb.retrieveSeries(uid, t2.seriesInstanceUid)) {
      count++;
      expect(Buffer.from(part10.subarray(128, 132)).toString('latin1')).toBe('DICM');
      expect(transferSyntaxOf(part10)).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(part10.length).toBeGreaterThan(Math.min(...sent) / 2);
    }
    expect(count).toBe(t2.instances.length);
  });

  it('stores with STOW-RS and maps a study mismatch (409) and a non-DICOM part (400) to AppErrors', async () => {
    const stored = await h.dicomWeb.store([outputInstance(study, 'stow')], uid);
    expect(stored).toHaveLength(1);
    const other = testStudy(42);
    await expect(h.dicomWeb.store([maskInstance(other, 1)], uid)).rejects.toMatchObject({
      code: 'stow_study_mismatch',
      retryable: false,
    });
    await expect(h.dicomWeb.store([Buffer.from('not dicom at all')], uid)).rejects.toMatchObject({
      code: 'stow_invalid_instance',
      retryable: false,
    });
  });

  it('refuses a malformed UID before any request', async () => {
    await expect(h.dicomWeb.searchSeries('1.2.3/../../tools')).rejects.toMatchObject({
      code: 'dicom_uid_invalid',
    });
  });
});
