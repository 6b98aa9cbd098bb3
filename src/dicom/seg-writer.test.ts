import { describe, expect, it } from 'vitest';
import { dciodvfy, dciodvfyAvailable } from '../../test/support/dciodvfy.js';
import { readSampleDir } from '../../test/support/dicom-samples.js';
import { shapeMask } from '../../test/support/mask-shapes.js';
import { AppError } from '../errors/index.js';
import { CODES } from './codes.js';
import { readPart10 } from './part10.js';
import { writePart10 } from './part10-writer.js';
import { readSegmentation } from './seg-reader.js';
import {
  buildSegmentation,
  lesionSegments,
  type SegmentationToWrite,
  writeSegmentation,
} from './seg-writer.js';
import { seriesVolumes } from './series-volume.js';

const instances = readSampleDir('ibsi-sts-002-mr-t1/image');
const [source] = seriesVolumes(instances);

function input(): SegmentationToWrite {
  const lesion = shapeMask(source!.volume, 'sphere');
  const ring = shapeMask(source!.volume, 'torus');
  return {
    source: source!,
    sourceDataset: instances[0]!.dataset,
    segments: lesionSegments({
      number: 1,
      mask: lesion,
      ring,
      algorithmType: 'MANUAL',
      trackingUid: '2.25.1001',
      ringTrackingUid: '2.25.1002',
    }),
    sopInstanceUID: '2.25.100',
    seriesInstanceUID: '2.25.101',
    dimensionOrganizationUID: '2.25.102',
    seriesNumber: 901,
    instanceNumber: 1,
    seriesDescription: 'HER2 radiomics lesion segmentation',
    contentDate: '20260101',
    contentTime: '120000',
    equipment: {
      manufacturer: 'her2-radiomics',
      modelName: 'her2-radiomics',
      softwareVersions: '0.1.0',
      deviceSerialNumber: '1',
    },
    implementationClassUID: '2.25.999',
  };
}

describe('writeSegmentation', () => {
  it('round-trips through readSegmentation exactly (two overlapping segments, frames per non-empty slice)', () => {
    const written = input();
    const bytes = writeSegmentation(written);
    const parsed = readPart10(bytes, 'written seg');
    const { header, regions: segments } = readSegmentation(parsed.dataset, source!, 'written seg');
    expect(header.segmentationType).toBe('BINARY');
    expect(header.referencedSeriesInstanceUIDs).toEqual([source!.seriesInstanceUID]);
    expect(segments.map((s) => s.segment.label)).toEqual(['Lesion 1', 'Lesion 1 ring 3 mm']);
    expect(segments[1]!.segment.type).toEqual(CODES.breast);
    expect(parsed.dataset.SegmentSequence).toMatchObject([
      { TrackingID: 'Lesion 1', TrackingUID: '2.25.1001' },
      { TrackingID: 'Lesion 1 ring' },
    ]);
    for (let n = 0; n < 2; n++) {
      const want = written.segments[n]!.mask.data;
      const got = segments[n]!.mask.data;
      expect(want.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
      expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
    }
  });

  it('is deterministic: same input, same bytes', () => {
    expect(Buffer.from(writeSegmentation(input())).equals(Buffer.from(writeSegmentation(input())))).toBe(
      true,
    );
  });

  it.skipIf(!dciodvfyAvailable)(
    'dciodvfy reports no Error lines (and does report on a known-bad object)',
    () => {
      const report = dciodvfy(writeSegmentation(input()));
      expect(report.some((l) => l.includes('Segmentation'))).toBe(true);
      expect(report.filter((l) => l.startsWith('Error'))).toEqual([]);
      // the checker itself: a SEG without its SegmentSequence must produce errors
      const broken = buildSegmentation(input()) as Record<string, unknown>;
      delete broken.SegmentSequence;
      expect(
        dciodvfy(writePart10(broken as Record<string, unknown>)).filter((l) => l.startsWith('Error')).length,
      ).toBeGreaterThan(0);
    },
  );

  it('refuses a mask on another grid and an AUTOMATIC segment without algorithm name', () => {
    const bad = input();
    const other = {
      ...bad.segments[0]!,
      mask: {
        ...bad.segments[0]!.mask,
        geometry: { ...bad.segments[0]!.mask.geometry, origin: [0, 0, 0] as const },
      },
    };
    expect(() => writeSegmentation({ ...bad, segments: [other] })).toThrow(AppError);
    const noName = { ...bad.segments[1]!, algorithmType: 'AUTOMATIC' as const, algorithmName: undefined };
    expect(() => writeSegmentation({ ...bad, segments: [noName] })).toThrow(/no algorithmName/);
  });
});
