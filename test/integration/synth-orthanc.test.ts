import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { generateStudy, maskObjects } from '../../src/synth/index.js';

/** Orthanc (Debian's, real) accepts every synthetic object and lists each study with all its series. */
describe('synthetic studies in Orthanc', () => {
  let services: LocalServices;
  beforeAll(async () => {
    services = await startLocalServices({ redis: false });
  });
  afterAll(async () => {
    await services?.stop();
  });

  it.each([1, 2] as const)(
    'centre %i: every instance stored, DICOMweb lists the study with all series',
    async (centre) => {
      const { url, credentials } = services.orthanc!;
      const authorization = basicAuthHeader(credentials);
      const study = generateStudy({
        seed: 31,
        index: centre === 1 ? 3 : 7,
        her2: 'positive',
        centre,
        size: 'small',
      });
      const masks = maskObjects(study);
      const objects = [
        ...study.series.flatMap((s) => s.instances.map((i) => i.bytes)),
        ...masks.map((m) => m.bytes),
      ];
      for (const bytes of objects) {
        const response = await fetch(`${url}/instances`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/dicom' },
          body: bytes,
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { Status: string };
        expect(['Success', 'AlreadyStored']).toContain(body.Status);
      }
      const studyUid = study.context.studyInstanceUid;
      const studies = (await (
        await fetch(`${url}/dicom-web/studies?StudyInstanceUID=${studyUid}`, {
          headers: { authorization, accept: 'application/dicom+json' },
        })
      ).json()) as Record<string, { Value?: unknown[] }>[];
      expect(studies).toHaveLength(1);
      const series = (await (
        await fetch(`${url}/dicom-web/studies/${studyUid}/series`, {
          headers: { authorization, accept: 'application/dicom+json' },
        })
      ).json()) as Record<string, { Value?: unknown[] }>[];
      const listed = new Set(series.map((s) => String(s['0020000E']?.Value?.[0])));
      const expected = new Set([
        ...study.series.map((s) => s.seriesInstanceUid),
        ...masks.map((m) => m.seriesInstanceUid),
      ]);
      expect(listed).toEqual(expected);
      const instances = series.reduce((n, s) => n + Number(s['00201209']?.Value?.[0] ?? 0), 0);
      expect(instances).toBe(objects.length);
    },
  );
});
