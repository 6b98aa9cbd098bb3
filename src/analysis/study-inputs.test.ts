import { describe, expect, it } from 'vitest';
import { readSiteRulesFile } from '../dicom/recognition/index.js';
import { generateStudy, groundTruth, maskObjects } from '../synth/index.js';
import { drawPatient } from '../synth/patient.js';
import { createRandom } from '../synth/random.js';
import { countLabel } from '../volume/index.js';
import { loadStudyInputs } from './study-inputs.js';

function studyFiles(centre: 1 | 2, withAdcMask = true) {
  const study = generateStudy({
    seed: 12,
    index: centre === 1 ? 2 : 8,
    her2: 'positive',
    centre,
    size: 'small',
  });
  const masks = maskObjects(study).filter((m) => withAdcMask || m.mask.sequence !== 'adc');
  const files = [
    ...study.series.flatMap((s) =>
      s.instances.map((i, n) => ({ name: `${s.seriesNumber}/${n}.dcm`, bytes: i.bytes })),
    ),
    ...masks.map((m) => ({ name: `masks/${m.fileName}`, bytes: m.bytes })),
  ];
  return { study, files, truth: groundTruth(study, masks) };
}

describe('loadStudyInputs (synthetic studies, both centres)', () => {
  it.each([1, 2] as const)(
    'centre %i: T2, ADC and first post-contrast DCE with their own lesion masks',
    async (centre) => {
      const { study, files, truth } = studyFiles(centre);
      const inputs = loadStudyInputs(files, await readSiteRulesFile());
      expect(inputs.transfers).toEqual([]);
      const drawnOn = { t2: 't2', dwi: 'adc', dce: 'dce' } as const;
      for (const sequence of ['t2', 'dwi', 'dce'] as const) {
        const input = inputs.sequences[sequence]!;
        const reader1 = truth.masks.find((m) => m.sequence === drawnOn[sequence] && m.reader === 1)!;
        expect(input.seriesInstanceUid).toBe(reader1.referencedSeriesInstanceUid);
        expect(input.lesions).toHaveLength(study.patient.lesions.length);
        // SEG masks read back exactly; the T2 RTSTRUCT within 2 % of the voxels drawn
        input.lesions.forEach((lesion, n) => {
          const drawn = reader1.lesionVoxels[n]!;
          expect(Math.abs(countLabel(lesion.mask, 1) - drawn) / drawn).toBeLessThanOrEqual(
            sequence === 't2' ? 0.02 : 0,
          );
        });
      }
      // DCE = the first post-contrast phase: its own series at centre 1, the second temporal position
      // of the single DCE series at centre 2
      const dceSeries = study.series.find((s) => (s.phases ?? []).includes(1))!;
      const nz = dceSeries.geometry.size[2];
      const phaseOne = centre === 1 ? dceSeries.instances : dceSeries.instances.slice(nz, 2 * nz);
      expect(new Set(inputs.sequences.dce!.source.slices.map((s) => s.sopInstanceUID))).toEqual(
        new Set(phaseOne.map((i) => i.sopInstanceUid)),
      );
    },
  );

  it('maps the DCE lesion mask onto the ADC grid when the ADC series has no mask, and says so', async () => {
    const { files } = studyFiles(1, false);
    const inputs = loadStudyInputs(files, await readSiteRulesFile());
    const dwi = inputs.sequences.dwi!;
    expect(inputs.transfers).toEqual(['dwi lesion masks mapped from the dce masks through physical space']);
    expect(dwi.lesions[0]!.origin).toEqual({ kind: 'transferred', from: 'dce' });
    expect(countLabel(dwi.lesions[0]!.mask, 1)).toBeGreaterThan(0);
    expect(dwi.lesions[0]!.mask.geometry).toEqual(dwi.source.volume.geometry);
  });
});

describe('loadStudyInputs with two readers’ masks on a series', () => {
  it('chooses by DICOM content (Series Number), not by file name or order', async () => {
    const seed = 12;
    // the first candidate patient with a second reader (drawn from the spec only, cheap)
    const index = Array.from({ length: 60 }, (_, n) => n).find(
      (n) => drawPatient(createRandom(`${seed}/patient/${n}`).fork('spec'), n, 'negative', 1).secondReader,
    )!;
    const study = generateStudy({ seed, index, her2: 'negative', centre: 1, size: 'small' });
    const masks = maskObjects(study);
    expect(masks.some((m) => m.mask.reader === 2)).toBe(true);
    const images = study.series.flatMap((s) =>
      s.instances.map((i, n) => ({ name: `${s.seriesNumber}/${n}.dcm`, bytes: i.bytes })),
    );
    // the same bytes under names that sort reader 2 first, in reverse order
    const asDrawn = [...images, ...masks.map((m) => ({ name: m.fileName, bytes: m.bytes }))];
    const renamed = [
      ...images,
      ...masks
        .map((m) => ({ name: `${m.mask.reader === 2 ? 'a' : 'z'}-${m.fileName}`, bytes: m.bytes }))
        .reverse(),
    ];
    const rules = await readSiteRulesFile();
    const a = loadStudyInputs(asDrawn, rules);
    const b = loadStudyInputs(renamed, rules);
    const truth = groundTruth(study, masks);
    for (const sequence of ['t2', 'dwi', 'dce'] as const) {
      const drawnOn = { t2: 't2', dwi: 'adc', dce: 'dce' }[sequence];
      const reader1 = truth.masks.find((m) => m.sequence === drawnOn && m.reader === 1)!;
      const voxels = (inputs: typeof a) =>
        inputs.sequences[sequence]!.lesions.map((l) => countLabel(l.mask, 1));
      expect(voxels(b)).toEqual(voxels(a));
      // reader 1's series numbers are the lower ones (mask-objects.ts: + 100 for reader 2)
      if (sequence !== 't2') expect(voxels(a)).toEqual(reader1.lesionVoxels);
    }
  });
});
