import { describe, expect, it } from 'vitest';
import { generateStudy, groundTruth, maskObjects } from '../synth/index.js';
import { readSiteRulesFile } from './recognition/index.js';
import { inventoryStudy } from './study-inventory.js';

/** Inventory of a synthetic study, checked against what the generator knows (its ground truth). */
describe('inventoryStudy on synthetic studies of both centres', () => {
  it.each([1, 2] as const)(
    'centre %i: roles recognised, mask volumes equal the ground truth',
    async (centre) => {
      const study = generateStudy({
        seed: 21,
        index: centre === 1 ? 4 : 17,
        her2: 'negative',
        centre,
        size: 'small',
      });
      const masks = maskObjects(study);
      const truth = groundTruth(study, masks);
      const files = [
        ...study.series.flatMap((s) =>
          s.instances.map((i, n) => ({ name: `${s.seriesNumber}/${n}.dcm`, bytes: i.bytes })),
        ),
        ...masks.map((m) => ({ name: `masks/${m.fileName}`, bytes: m.bytes })),
      ];
      const inventory = inventoryStudy(files, await readSiteRulesFile());
      expect(inventory.problems).toEqual([]);

      const roles = Object.fromEntries(inventory.series.map((s) => [s.seriesNumber, s.role]));
      const expected = Object.fromEntries(
        study.series.map((s) => [
          s.seriesNumber,
          { t2: 't2w', dwi: 'dwi', adc: 'adc', dce: 'dce', 'dce-phase': 'dce' }[s.key],
        ]),
      );
      expect(roles).toEqual(expected);
      expect(inventory.recognition?.inputs.t2w.status).toBe('chosen');

      for (const mask of truth.masks) {
        const found = inventory.masks.find((m) => m.name === `masks/${mask.file}`)!;
        expect(found.referencedSeriesInstanceUid).toBe(mask.referencedSeriesInstanceUid);
        const voxels = found.rois.map((r) => r.voxels);
        if (mask.type === 'SEG') expect(voxels).toEqual(mask.lesionVoxels);
        else
          mask.lesionVoxels.forEach((v, n) => {
            expect(Math.abs(voxels[n]! - v) / v).toBeLessThanOrEqual(0.02);
          });
        found.rois.forEach((r, n) => {
          expect(r.volumeMm3).toBeCloseTo(mask.lesionVolumesMm3[n]!, 6);
        });
      }
    },
  );

  it('reports unreadable files and masks whose series is absent, without stopping', async () => {
    const study = generateStudy({ seed: 21, index: 4, her2: 'negative', centre: 1, size: 'small' });
    const masks = maskObjects(study);
    const t2 = study.series.find((s) => s.key === 't2')!;
    const files = [
      ...t2.instances.map((i, n) => ({ name: `t2/${n}.dcm`, bytes: i.bytes })),
      { name: 'notes.txt', bytes: new TextEncoder().encode('not DICOM') },
      ...masks.map((m) => ({ name: `masks/${m.fileName}`, bytes: m.bytes })),
    ];
    const inventory = inventoryStudy(files, await readSiteRulesFile());
    expect(inventory.problems.some((p) => p.startsWith('notes.txt: dicom_unreadable'))).toBe(true);
    expect(
      inventory.problems.some((p) =>
        p.startsWith('masks/SEG-dce-reader1.dcm: mask_reference_missing: SEG references series'),
      ),
    ).toBe(true);
    expect(inventory.masks.find((m) => m.type === 'RTSTRUCT')!.rois[0]!.voxels).toBeGreaterThan(0);
  });
});
