import { describe, expect, it } from 'vitest';
import { dciodvfy, dciodvfyAvailable } from '../../test/support/dciodvfy.js';
import { readSampleDir } from '../../test/support/dicom-samples.js';
import { type Shape, shapeMask } from '../../test/support/mask-shapes.js';
import { AppError } from '../errors/index.js';
import { readPart10 } from './part10.js';
import { writePart10 } from './part10-writer.js';
import { readRtStruct } from './rtstruct-reader.js';
import { buildStructureSet, type StructureSetToWrite, writeStructureSet } from './rtstruct-writer.js';
import { seriesVolumes } from './series-volume.js';

const instances = readSampleDir('ibsi-sts-002-mr-t1/image');
const [source] = seriesVolumes(instances);
const shapes: Shape[] = ['sphere', 'torus', 'two-blobs'];

function input(): StructureSetToWrite {
  return {
    source: source!,
    sourceDataset: instances[0]!.dataset,
    rois: shapes.map((shape, n) => ({
      name: shape,
      mask: shapeMask(source!.volume, shape),
      interpretedType: n === 1 ? 'CONTROL' : 'GTV',
      generationAlgorithm: 'AUTOMATIC',
      displayColor: [255, n * 100, 0],
    })),
    sopInstanceUID: '2.25.200',
    seriesInstanceUID: '2.25.201',
    seriesNumber: 902,
    instanceNumber: 1,
    label: 'HER2 lesions',
    seriesDescription: 'HER2 radiomics lesion contours',
    date: '20260101',
    time: '120000',
    equipment: {
      manufacturer: 'her2-radiomics',
      modelName: 'her2-radiomics',
      softwareVersions: '0.1.0',
      deviceSerialNumber: '1',
    },
    implementationClassUID: '2.25.999',
  };
}

describe('writeStructureSet', () => {
  it('sphere, torus (hole in every slice) and two blobs round-trip through readRtStruct (≤ 2 % voxels differ; exact here)', () => {
    const written = input();
    const parsed = readPart10(writeStructureSet(written), 'written rtstruct');
    const { regions: rois } = readRtStruct(parsed.dataset, source!, 'written rtstruct');
    expect(rois.map((r) => r.roi.name)).toEqual(shapes);
    rois.forEach((r, n) => {
      const want = written.rois[n]!.mask.data;
      let differ = 0;
      let count = 0;
      for (let v = 0; v < want.length; v++) {
        count += want[v]!;
        if (want[v] !== r.mask.data[v]) differ++;
      }
      expect(count).toBeGreaterThan(200);
      expect(differ / count).toBeLessThanOrEqual(0.02);
      expect(differ).toBe(0);
    });
    // the torus needs hole contours: more contours than slices it touches
    const torus = rois[1]!.roi;
    const slices = new Set(torus.contours.map((c) => c.referencedSOPInstanceUIDs[0]));
    expect(torus.contours.length).toBe(2 * slices.size);
  });

  it('contours lie in their slice plane, in patient coordinates', () => {
    const { regions: rois } = readRtStruct(
      readPart10(writeStructureSet(input()), 'rt').dataset,
      source!,
      'rt',
    );
    const zs = new Set(source!.slices.map((s) => s.position[2].toFixed(3)));
    for (const c of rois[0]!.roi.contours)
      for (const p of c.points) expect(zs.has(p[2].toFixed(3))).toBe(true);
  });

  it.skipIf(!dciodvfyAvailable)('dciodvfy reports no Error lines (and does on a known-bad object)', () => {
    const report = dciodvfy(writeStructureSet(input()));
    expect(report.some((l) => l.includes('RTStructureSet'))).toBe(true);
    expect(report.filter((l) => l.startsWith('Error'))).toEqual([]);
    const broken = buildStructureSet(input()) as Record<string, unknown>;
    delete broken.StructureSetROISequence;
    expect(
      dciodvfy(writePart10(broken as Record<string, unknown>)).filter((l) => l.startsWith('Error')).length,
    ).toBeGreaterThan(0);
  });

  it('refuses an empty ROI', () => {
    const bad = input();
    const empty = {
      ...bad.rois[0]!,
      mask: { ...bad.rois[0]!.mask, data: new Uint8Array(bad.rois[0]!.mask.data.length) },
    };
    expect(() => writeStructureSet({ ...bad, rois: [empty] })).toThrow(AppError);
  });
});
