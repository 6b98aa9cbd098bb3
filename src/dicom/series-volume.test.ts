import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSample, readSampleBytes, readSampleDir, samplePath } from '../../test/support/dicom-samples.js';
import { AppError } from '../errors/index.js';
import { firstItem, optionalString } from './dataset.js';
import { imageFrames } from './image-frames.js';
import { readPart10 } from './part10.js';
import { collectFrames, type NamedDataset, seriesVolumes, stackFrames } from './series-volume.js';

function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('seriesVolumes on real series', () => {
  it('splits the breast DCE series (3 phases at identical positions) by AcquisitionTime', () => {
    const instances = readSampleDir('breast-dce-ucsf-br-08/image_dce_3dfgre_orig');
    expect(instances).toHaveLength(129);
    expect(() => seriesVolumes(instances)).toThrow(/occur more than once/);
    const volumes = seriesVolumes(instances, {
      groupKey: (f) => optionalString(f.dataset, 'AcquisitionTime') ?? '',
    });
    expect(volumes.map((v) => v.groupKey.slice(0, 6))).toEqual(['085803', '090415', '090953']);
    for (const v of volumes) {
      expect(v.volume.geometry.size).toEqual([256, 256, 43]);
      expect(v.volume.geometry.spacing[0]).toBeCloseTo(0.703125, 6);
      expect(v.volume.geometry.spacing[2]).toBeCloseTo(2.0, 4);
      // sagittal, IOP 0\1\0\0\0\-1: row = +P, column = −S, normal = row × column = −L
      expect([...v.volume.geometry.direction]).toEqual([0, 0, -1, 1, 0, 0, 0, -1, 0]);
      expect(v.slices).toHaveLength(43);
    }
    // origin = first slice along the normal (−x), i.e. the largest x position
    const xs = volumes[0]!.slices.map((s) => s.position[0]);
    expect(xs[0]).toBe(Math.max(...xs));
    expect(volumes[0]!.volume.geometry.origin).toEqual(volumes[0]!.slices[0]!.position);
  });

  it('builds the IBSI STS_002 T1 volume (35 slices, 115 x 90, signed 16-bit)', () => {
    const [v] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
    expect(v!.volume.geometry.size).toEqual([115, 90, 35]);
    expect(v!.volume.geometry.spacing[2]).toBeCloseTo(3.27, 2);
  });

  it('applies RescaleSlope/Intercept (CT: stored − 1024 = HU)', () => {
    const [ct] = seriesVolumes(readSampleDir('dcmqi/ct-3slice'));
    const raw = readSample('dcmqi/ct-3slice/01.dcm').dataset;
    expect(raw.RescaleIntercept).toBe(-1024);
    const z = ct!.slices.findIndex((s) => Math.abs(s.position[2] - -126.69) < 0.01);
    expect(z).toBe(2);
    expect(ct!.volume.geometry.origin[2]).toBeCloseTo(-128.69, 2);
    expect(ct!.volume.data.reduce((a, b) => Math.min(a, b))).toBeLessThan(-1000);
  });

  it('reads Enhanced MR: one volume per file from per-frame functional groups', () => {
    const volumes = seriesVolumes(readSampleDir('enhanced-mr/siemens-xa10'), {
      groupKey: (f) => f.sopInstanceUID,
    });
    expect(volumes).toHaveLength(4);
    for (const v of volumes) expect(v.volume.geometry.size).toEqual([64, 64, 6]);
    // Philips field map: 32 magnitude + 32 field-map frames at the same 32 positions
    const philips = readSample('enhanced-mr/philips/IM_0027_fMAP.dcm');
    const byType = seriesVolumes([philips], {
      groupKey: (f) => String(firstItem(f.functionalGroups, 'MRImageFrameTypeSequence')?.FrameType),
    });
    expect(byType).toHaveLength(2);
    for (const v of byType) expect(v.volume.geometry.size).toEqual([64, 64, 32]);
    expect(() => seriesVolumes([philips])).toThrow(/32 slice position\(s\) occur more than once/);
    // each frame's own PixelValueTransformation: magnitude = stored × 1.27985347985347,
    // field map = stored × 0.24420024420024 − 500 (values read with dcmdump)
    const [fieldMap, magnitude] = byType;
    expect(fieldMap!.groupKey).toContain('FIELD_MAP');
    const isMultiple = (v: number, slope: number, intercept: number) => {
      const stored = (v - intercept) / slope;
      return Math.abs(stored - Math.round(stored)) < 1e-6;
    };
    expect(magnitude!.volume.data.every((v) => isMultiple(v, 1.27985347985347, 0))).toBe(true);
    expect(fieldMap!.volume.data.every((v) => isMultiple(v, 0.24420024420024, -500))).toBe(true);
    expect(fieldMap!.volume.data.some((v) => v < 0)).toBe(true);
  });

  it('refuses a multi-frame instance without functional groups (pydicom emri_small.dcm) with a clear error', () => {
    const emri = readSample('pydicom/emri_small.dcm');
    expect(() => imageFrames(emri.dataset, emri.name)).toThrow(/10 frames without functional groups/);
  });

  it('lists the non-image object in the Philips DWI series instead of failing, and splits b-values', () => {
    const instances = readSampleDir('dwi-philips-classic/DICOM');
    const { skipped } = collectFrames(instances);
    expect(skipped.map((s) => s.name)).toEqual(['dwi-philips-classic/DICOM/XX_0546']);
    const volumes = seriesVolumes(instances, {
      groupKey: (f) =>
        String(f.dataset.DiffusionBValue ?? 'none') +
        '/' +
        String(f.dataset.DiffusionGradientOrientation ?? ''),
    });
    expect(volumes.length).toBeGreaterThan(1);
    for (const v of volumes) expect(v.volume.geometry.size[2]).toBe(2);
    const bValues = [...new Set(volumes.map((v) => Number(Number(v.groupKey.split('/')[0]).toFixed(3))))];
    expect(bValues).toEqual([0, 0.001, 0.002, 0.003, 0.004, 1000]);
  });

  it('a SEG among the images is skipped with its reason', () => {
    const instances = [...readSampleDir('dcmqi/ct-3slice'), readSample('dcmqi/seg/liver.dcm')];
    expect(collectFrames(instances).skipped).toEqual([
      { name: 'dcmqi/seg/liver.dcm', reason: 'SOP class 1.2.840.10008.5.1.4.1.1.66.4 is a segmentation' },
    ]);
    expect(seriesVolumes(instances)).toHaveLength(1);
  });

  it('an SR sharing the CT series UID (highdicom) is skipped, not stacked', () => {
    const volumes = seriesVolumes([
      readSample('highdicom/image/ct_image.dcm'),
      readSample('highdicom/sr/sr_document.dcm'),
    ]);
    expect(volumes).toHaveLength(1);
    expect(volumes[0]!.volume.geometry.size).toEqual([128, 128, 1]);
  });

  it('reports mixed matrix sizes, gaps and foreign series with the offenders listed', () => {
    const ibsi = readSampleDir('ibsi-sts-002-mr-t1/image');
    const gap = ibsi.filter((_, n) => n !== 10);
    expect(() => seriesVolumes(gap)).toThrow(/slices missing.*1 slice\(s\) missing/);
    const frames = [...ibsi.slice(0, 3), readSample('pydicom/MR_small.dcm')].flatMap((i) =>
      imageFrames(i.dataset, i.name),
    );
    try {
      stackFrames(frames, 'mixed');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('series_mixed');
    }
    const sizes = [...ibsi.slice(0, 3), readSample('pydicom/MR_small.dcm')].flatMap((i) =>
      imageFrames({ ...i.dataset, SeriesInstanceUID: '1.2.3' }, i.name),
    );
    expect(() => stackFrames(sizes, 'mixed sizes')).toThrow(/3 frame\(s\) 90x115.*1 frame\(s\) 64x64/);
    // orientation noise in the 6th decimal does not split a series; a tilt of 0.01 does
    const noisy = ibsi.map((i, n) => {
      const iop = i.dataset.ImageOrientationPatient as number[];
      return {
        ...i,
        dataset: { ...i.dataset, ImageOrientationPatient: n === 5 ? iop.map((x) => x + 1e-6) : iop },
      };
    });
    expect(seriesVolumes(noisy)[0]!.slices).toHaveLength(35);
    const tilted = ibsi.map((i, n) => {
      const iop = i.dataset.ImageOrientationPatient as number[];
      return {
        ...i,
        dataset: {
          ...i.dataset,
          ImageOrientationPatient: n === 5 ? [iop[0]!, iop[1]! + 0.01, ...iop.slice(2)] : iop,
        },
      };
    });
    expect(() => seriesVolumes(tilted)).toThrow(/34 frame\(s\).*1 frame\(s\)/);
  });

  it('irregular spacing (highdicom source CT: z −99.48, 103.02, 104.27, 105.52) is refused unless allowed', () => {
    const instances = readSampleDir('highdicom/source-ct2-from-pydicom');
    expect(() => seriesVolumes(instances)).toThrow(AppError);
    const [v] = seriesVolumes(instances, { allowIrregularSpacing: true });
    expect(v!.slices.map((s) => Math.round(s.position[2] * 100) / 100)).toEqual([
      -99.48, 103.02, 104.27, 105.52,
    ]);
  });
});

describe('readPart10 transfer syntaxes and broken input', () => {
  const reference = (name: string): NamedDataset => readSample(name);

  it.skipIf(!hasTool('dcmconv'))(
    'big endian and deflated copies (made by DCMTK dcmconv) decode to the same pixels',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'her2-dicom-'));
      try {
        const source = samplePath('pydicom/MR_small.dcm');
        const expected = imageFrames(reference('pydicom/MR_small.dcm').dataset, 'le')[0]!.values;
        for (const [flag, ts] of [
          ['+tb', '1.2.840.10008.1.2.2'],
          ['+td', '1.2.840.10008.1.2.1.99'],
          ['+ti', '1.2.840.10008.1.2'],
        ] as const) {
          const out = path.join(dir, `${flag}.dcm`);
          execFileSync('dcmconv', [flag, source, out]);
          const parsed = readPart10(new Uint8Array(readFileSync(out)), flag);
          expect(parsed.transferSyntaxUID).toBe(ts);
          expect(imageFrames(parsed.dataset, flag)[0]!.values).toEqual(expected);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!hasTool('dcmcjpeg'))(
    'compressed pixel data → dicom_compressed_unsupported naming the syntax',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'her2-dicom-'));
      try {
        const out = path.join(dir, 'jpeg.dcm');
        execFileSync('dcmcjpeg', [samplePath('pydicom/MR_small.dcm'), out]);
        expect(() => readPart10(new Uint8Array(readFileSync(out)), 'jpeg.dcm')).toThrow(
          /1\.2\.840\.10008\.1\.2\.4\.70 \(JPEG Lossless SV1\)/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('a truncated file → AppError, whether cut deep into the pixels or by 2 bytes; also a cut SEG', () => {
    for (const [file, cutBytes] of [
      ['pydicom/MR_small.dcm', 3000],
      ['pydicom/MR_small.dcm', 140], // its 138-byte DataSetTrailingPadding and 2 bytes of pixels
      ['dcmqi/ct-3slice/01.dcm', 2], // implicit VR
      ['dcmqi/seg/liver.dcm', 100],
      ['pydicom/MR_small.dcm', 9000], // inside the header
    ] as const) {
      const bytes = readSampleBytes(file);
      try {
        readPart10(bytes.subarray(0, bytes.length - cutBytes), 'cut.dcm');
        expect.unreachable(`${file} cut by ${cutBytes} bytes was accepted`);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect(['dicom_truncated', 'dicom_unreadable']).toContain((error as AppError).code);
        expect((error as AppError).message).toContain('cut.dcm');
      }
    }
  });

  it('reads a dataset without Part-10 header (pydicom rtstruct.dcm)', () => {
    const parsed = readPart10(readSampleBytes('pydicom/rtstruct.dcm'), 'rtstruct.dcm');
    expect(parsed.hadPart10Header).toBe(false);
    expect(parsed.dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.481.3');
  });
});
