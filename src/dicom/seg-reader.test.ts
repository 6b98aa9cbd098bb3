import { describe, expect, it } from 'vitest';
import { expectedSamples, readSample, readSampleDir } from '../../test/support/dicom-samples.js';
import { AppError } from '../errors/index.js';
import { optionalString } from './dataset.js';
import { readSegmentation, readSegmentationHeader } from './seg-reader.js';
import { type SeriesVolume, seriesVolumes } from './series-volume.js';

interface ExpectedSegment {
  number: number;
  label: string;
  voxels?: number;
  nonzero?: number;
  geHalf?: number;
}
interface ExpectedSeg {
  segmentationType: string;
  frames: number;
  sourceDir?: string | null;
  sourceFile?: string;
  segments: ExpectedSegment[];
}

const expected = expectedSamples().seg as unknown as Record<string, ExpectedSeg>;

/** The 3 DCE phases of the breast series, read once for this file (129 files). */
let breastPhasesCache: SeriesVolume[] | undefined;
function breastPhases(): SeriesVolume[] {
  breastPhasesCache ??= seriesVolumes(readSampleDir('breast-dce-ucsf-br-08/image_dce_3dfgre_orig'), {
    groupKey: (f) => optionalString(f.dataset, 'AcquisitionTime') ?? '',
  });
  return breastPhasesCache;
}

function referenceFor(entry: ExpectedSeg): SeriesVolume {
  // the SEG is drawn on (and placed against) the first DCE phase
  if (entry.sourceDir?.startsWith('breast-dce')) return breastPhases()[0]!;
  const instances = entry.sourceFile ? [readSample(entry.sourceFile)] : readSampleDir(entry.sourceDir!);
  // The highdicom source CT has uneven slice spacing (z −99.48, 103.02, …): the SEG still maps slice by slice.
  return seriesVolumes(instances, { allowIrregularSpacing: true })[0]!;
}

describe('readSegmentation on every SEG listed in dicom-samples/expected.json', () => {
  const withSource = Object.entries(expected).filter(([, e]) => e.sourceDir || e.sourceFile);
  it('covers the listed SEGs', () => {
    expect(withSource.length).toBeGreaterThanOrEqual(8);
  });
  for (const [file, entry] of withSource) {
    it(`${file}: ${entry.segments.length} segment(s), voxel counts exact`, () => {
      const reference = referenceFor(entry);
      const seg = readSample(file).dataset;
      const result = readSegmentation(seg, reference, file);
      expect(result.header.segmentationType).toBe(entry.segmentationType);
      expect(result.header.frameCount).toBe(entry.frames);
      const listed = entry.segments.filter((s) => !(entry.segmentationType === 'LABELMAP' && s.number === 0));
      expect(result.regions.map((s) => s.segment.number)).toEqual(listed.map((s) => s.number));
      expect(result.regions.map((s) => [s.number, s.name])).toEqual(
        result.regions.map((s) => [s.segment.number, s.segment.label]),
      );
      for (const want of listed) {
        const got = result.regions.find((s) => s.segment.number === want.number)!;
        expect(got.segment.label).toBe(want.label);
        // FRACTIONAL: members are stored values ≥ 0.5 × max
        expect(got.voxelCount).toBe(want.voxels ?? want.geHalf);
        expect(got.referencedSeriesInstanceUID).toBe(reference.seriesInstanceUID);
      }
    });
  }

  it('true FRACTIONAL SEG: a threshold just above 0 counts the 661 non-zero voxels', () => {
    const entry = expected['highdicom/seg/seg_image_ct_true_fractional.dcm']!;
    const result = readSegmentation(
      readSample('highdicom/seg/seg_image_ct_true_fractional.dcm').dataset,
      referenceFor(entry),
      'f',
      {
        fractionalThreshold: 1e-9,
      },
    );
    expect(result.regions[0]!.voxelCount).toBe(661);
  });
});

function statsInside(values: Float64Array, mask: Uint8Array) {
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    n++;
    sum += values[i]!;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) ss += (values[i]! - mean) ** 2;
  return { n, mean, min, max, sd: Math.sqrt(ss / (n - 1)) };
}

describe('SEG placement against reference intensities', () => {
  it('liver SEG on the dcmqi CT: HU statistics equal the dcmqi SR (mean 37.3289, SD 59.1691, −778..221)', () => {
    const [ct] = seriesVolumes(readSampleDir('dcmqi/ct-3slice'));
    const { regions: segments } = readSegmentation(readSample('dcmqi/seg/liver.dcm').dataset, ct!, 'liver');
    const s = statsInside(ct!.volume.data, segments[0]!.mask.data);
    expect(s.n).toBe(107098);
    expect(s.mean).toBeCloseTo(37.328932, 5);
    expect(s.sd).toBeCloseTo(59.169109, 5);
    expect([s.min, s.max]).toEqual([-778, 221]);
    expect(segments[0]!.segment.type).toEqual({ value: 'T-62000', scheme: 'SRT', meaning: 'Liver' });
  });

  it('breast SEG (no references, half-pixel offset) is mapped pixel for pixel: phase means 61.0257 / 102.5916 / 125.4736, phase-1 min 40', () => {
    const phases = breastPhases();
    const seg = readSample('breast-dce-ucsf-br-08/seg/1-1.dcm').dataset;
    const result = readSegmentation(seg, phases[0]!, 'breast seg');
    expect(result.warnings.join()).toMatch(/fraction of a pixel/);
    const mask = result.regions[0]!.mask.data;
    const want = [
      [61.0257, 13.9814, 40, 123],
      [102.5916, 34.4051, 9, 224],
      [125.4736, 38.3102, 2, 241],
    ];
    phases.forEach((phase, p) => {
      const s = statsInside(phase.volume.data, mask);
      expect(s.n).toBe(96151);
      expect(s.mean).toBeCloseTo(want[p]![0]!, 3);
      expect(s.sd).toBeCloseTo(want[p]![1]!, 3);
      expect([s.min, s.max]).toEqual([want[p]![2], want[p]![3]]);
    });
    expect(result.regions[0]!.segment.type).toEqual({ value: 'B-1000', scheme: 'MRSC', meaning: 'Breast' });
  });
});

describe('frame order', () => {
  it('liver SEG with its 3 frames stored in reverse order gives the same mask', () => {
    const [ct] = seriesVolumes(readSampleDir('dcmqi/ct-3slice'));
    const seg = readSample('dcmqi/seg/liver.dcm').dataset;
    const frameBytes = (512 * 512) / 8;
    const pixels = new Uint8Array((seg.PixelData as ArrayBuffer[])[0]!);
    const reversed = new Uint8Array(pixels.length);
    for (let f = 0; f < 3; f++)
      reversed.set(pixels.subarray(f * frameBytes, (f + 1) * frameBytes), (2 - f) * frameBytes);
    const shuffled = {
      ...seg,
      PerFrameFunctionalGroupsSequence: [...(seg.PerFrameFunctionalGroupsSequence as unknown[])].reverse(),
      PixelData: [reversed.buffer],
    };
    const a = readSegmentation(seg, ct!, 'liver').regions[0]!.mask.data;
    const b = readSegmentation(shuffled, ct!, 'liver reversed').regions[0]!.mask.data;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    // and placed by position only (source image references removed), still the same
    const byPosition = {
      ...shuffled,
      PerFrameFunctionalGroupsSequence: (
        shuffled.PerFrameFunctionalGroupsSequence as Record<string, unknown>[]
      ).map(({ DerivationImageSequence: _, ...rest }) => rest),
    };
    const c = readSegmentation(byPosition, ct!, 'liver by position').regions[0]!.mask.data;
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(true);
  });
});

describe('broken SEG input', () => {
  it('SEG referencing a series that is not given → seg_reference_mismatch naming both series', () => {
    const [ct] = seriesVolumes(readSampleDir('dcmqi/ct-3slice'));
    try {
      readSegmentation(readSample('dcmqi/sr-example/seg.dcm').dataset, ct!, 'pet seg');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('seg_reference_mismatch');
      expect((error as AppError).message).toContain(
        '1.3.6.1.4.1.14519.5.2.1.2744.7002.261560220703676715130542397405',
      );
      expect((error as AppError).message).toContain(ct!.seriesInstanceUID);
    }
  });

  it('SEG on another frame of reference, frames placed by position → seg_frame_of_reference_mismatch', () => {
    const [phase] = breastPhases();
    const seg = {
      ...readSample('breast-dce-ucsf-br-08/seg/1-1.dcm').dataset,
      FrameOfReferenceUID: '1.2.3.4',
    };
    expect(() => readSegmentation(seg, phase!, 'seg')).toThrow(/FrameOfReferenceUID 1\.2\.3\.4 differs/);
  });

  it('SEG on another frame of reference but with resolvable source images → placed, with a warning', () => {
    const [ct] = seriesVolumes(readSampleDir('dcmqi/ct-3slice'));
    const seg = { ...readSample('dcmqi/seg/liver.dcm').dataset, FrameOfReferenceUID: '1.2.3.4' };
    const result = readSegmentation(seg, ct!, 'liver');
    expect(result.regions[0]!.voxelCount).toBe(107098);
    expect(result.warnings.join()).toMatch(/FrameOfReferenceUID 1\.2\.3\.4 differs/);
  });

  it('SEG frames matching no slice → seg_frames_unmapped listing the frames', () => {
    const [ibsi] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
    const seg = {
      ...readSample('highdicom/seg/seg_image_ct_binary.dcm').dataset,
      ReferencedSeriesSequence: [],
    };
    const withFoR = { ...seg, FrameOfReferenceUID: ibsi!.frameOfReferenceUID };
    expect(() => readSegmentation(withFoR, ibsi!, 'seg')).toThrow(/3 of 3 frame\(s\) could not be mapped/);
  });

  it('not a SEG → seg_not_segmentation', () => {
    expect(() => readSegmentationHeader(readSample('pydicom/MR_small.dcm').dataset, 'mr')).toThrow(AppError);
  });
});

describe('BINARY bit packing across frame boundaries (synthetic: 3×3 frames = 9 bits each)', () => {
  it('reads frame 2 starting at bit 9, not at byte 2', () => {
    const [ibsi] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
    const g = ibsi!.volume.geometry;
    const row = [g.direction[0], g.direction[3], g.direction[6]];
    const col = [g.direction[1], g.direction[4], g.direction[7]];
    // two 3×3 frames on slices 0 and 1; frame 1 all set, frame 2 only its centre pixel (bit 9 + 4 = 13)
    const bits = new Uint8Array(3);
    for (let b = 0; b < 9; b++) bits[b >> 3]! |= 1 << (b & 7);
    bits[13 >> 3]! |= 1 << (13 & 7);
    const frame = (k: number) => ({
      DerivationImageSequence: [
        { SourceImageSequence: [{ ReferencedSOPInstanceUID: ibsi!.slices[k]!.sopInstanceUID }] },
      ],
      FrameContentSequence: [{ DimensionIndexValues: [1, k + 1] }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
      PlanePositionSequence: [{ ImagePositionPatient: [...ibsi!.slices[k]!.position] }],
    });
    const seg = {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4',
      SOPInstanceUID: '1.2.3',
      SeriesInstanceUID: '1.2.4',
      SegmentationType: 'BINARY',
      FrameOfReferenceUID: ibsi!.frameOfReferenceUID,
      Rows: 3,
      Columns: 3,
      NumberOfFrames: 2,
      BitsAllocated: 1,
      SegmentSequence: [{ SegmentNumber: 1, SegmentLabel: 'x' }],
      SharedFunctionalGroupsSequence: [
        {
          PlaneOrientationSequence: [{ ImageOrientationPatient: [...row, ...col] }],
          PixelMeasuresSequence: [
            { PixelSpacing: [g.spacing[1], g.spacing[0]], SliceThickness: g.spacing[2] },
          ],
        },
      ],
      PerFrameFunctionalGroupsSequence: [frame(0), frame(1)],
      PixelData: [bits.buffer],
    };
    const { regions: segments } = readSegmentation(seg, ibsi!, 'synthetic');
    const m = segments[0]!.mask.data;
    const [nx, ny] = g.size;
    expect(segments[0]!.voxelCount).toBe(10);
    expect(m[1 + nx * 1 + nx * ny]).toBe(1);
    expect(m[0 + nx * ny]).toBe(0);
  });
});
