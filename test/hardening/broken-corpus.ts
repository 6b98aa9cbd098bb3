import type { DicomDataset } from '../../src/dicom/dataset.js';
import type { InputLimits } from '../../src/dicom/input-limits.js';
import { readPart10 } from '../../src/dicom/part10.js';
import { writePart10 } from '../../src/dicom/part10-writer.js';
import type { NamedBytes } from '../../src/dicom/study-inventory.js';
import { type GeneratedStudy, generateStudy, maskObjects } from '../../src/synth/index.js';
import { findElement, withLength } from './dicom-elements.js';

/**
 * The broken-DICOM corpus, generated in code from one seeded synthetic study (T2 series, its
 * RTSTRUCT, the ADC series and its SEG): each case names the defect, the files given to the
 * entry point, and the error codes a correct reader may answer with. Nothing here is read from
 * our own output: the defects are made by hand on objects our writers produced.
 */

export interface BrokenCase {
  readonly name: string;
  /** `part10`: the broken file alone through readPart10; `study`: the whole set through readStudy/loadStudyInputs. */
  readonly entry: 'part10' | 'study';
  readonly files: readonly NamedBytes[];
  /** The broken file (for `part10` cases, the only one read). */
  readonly broken: NamedBytes;
  readonly codes: readonly string[];
  readonly limits?: InputLimits;
}

export interface BaseStudy {
  readonly study: GeneratedStudy;
  readonly t2: NamedBytes[];
  readonly adc: NamedBytes[];
  readonly rtstruct: NamedBytes;
  readonly seg: NamedBytes;
}

export function baseStudy(): BaseStudy {
  const study = generateStudy({ seed: 'hardening', index: 0, her2: 'positive', centre: 1, size: 'small' });
  const named = (key: string) =>
    study.series
      .find((s) => s.key === key)!
      .instances.map((i, n) => ({
        name: `${key}/${String(n).padStart(3, '0')}.dcm`,
        bytes: Uint8Array.from(i.bytes),
      }));
  const masks = maskObjects(study);
  const mask = (file: string) => {
    const m = masks.find((x) => x.fileName === file)!;
    return { name: `masks/${m.fileName}`, bytes: Uint8Array.from(m.bytes) };
  };
  return {
    study,
    t2: named('t2'),
    adc: named('adc'),
    rtstruct: mask('RTSTRUCT-t2-reader1.dcm'),
    seg: mask('SEG-adc-reader1.dcm'),
  };
}

type Mutable = Record<string, unknown>;

/** Reads, changes and re-writes one object (the change gets a mutable deep copy). */
export function rewrite(file: NamedBytes, change: (ds: Mutable) => void, suffix: string): NamedBytes {
  // every readPart10 call builds a fresh dataset, so changing it touches nothing shared
  const ds = readPart10(file.bytes, file.name).dataset as Mutable;
  change(ds);
  return { name: `${file.name}#${suffix}`, bytes: new Uint8Array(writePart10(ds)) };
}

function replaceIn(files: readonly NamedBytes[], original: NamedBytes, broken: NamedBytes): NamedBytes[] {
  return files.map((f) => (f === original ? broken : f));
}

const items = (value: unknown): Mutable[] => (Array.isArray(value) ? value : [value]) as Mutable[];

/** Points of the first contour of the first ROI, with its plane's directions (from the T2 images). */
function contourFrame(base: BaseStudy) {
  const image = readPart10(base.t2[0]!.bytes, 't2').dataset as DicomDataset;
  const iop = (image.ImageOrientationPatient as number[]).map(Number);
  const row = [iop[0]!, iop[1]!, iop[2]!];
  const column = [iop[3]!, iop[4]!, iop[5]!];
  const normal = [
    row[1]! * column[2]! - row[2]! * column[1]!,
    row[2]! * column[0]! - row[0]! * column[2]!,
    row[0]! * column[1]! - row[1]! * column[0]!,
  ];
  const spacing = Number(image.SpacingBetweenSlices ?? image.SliceThickness);
  return { row, column, normal, spacing };
}

function withContour(base: BaseStudy, name: string, make: (points: number[][]) => number[][]): NamedBytes {
  return rewrite(
    base.rtstruct,
    (ds) => {
      const contour = items(items(ds.ROIContourSequence)[0]!.ContourSequence)[0]!;
      const data = (contour.ContourData as unknown[]).map(Number);
      const points: number[][] = [];
      for (let n = 0; n < data.length; n += 3) points.push([data[n]!, data[n + 1]!, data[n + 2]!]);
      const made = make(points);
      contour.ContourData = made.flat();
      contour.NumberOfContourPoints = made.length;
    },
    name,
  );
}

/** Every corpus case. */
export function brokenCases(base: BaseStudy): BrokenCase[] {
  const cases: BrokenCase[] = [];
  const all = [...base.t2, base.rtstruct, ...base.adc, base.seg];
  const image = base.t2[5]!;
  const add = (
    name: string,
    entry: 'part10' | 'study',
    original: NamedBytes,
    broken: NamedBytes,
    codes: string[],
    limits?: InputLimits,
  ) =>
    cases.push({
      name,
      entry,
      broken,
      files: replaceIn(all, original, broken),
      codes,
      ...(limits ? { limits } : {}),
    });
  const cut = (file: NamedBytes, length: number) => ({
    name: `${file.name}#cut${length}`,
    bytes: file.bytes.slice(0, length),
  });

  // Truncated files: in the preamble, in the file meta group, in the dataset, in Pixel Data.
  add('truncated in the preamble', 'part10', image, cut(image, 100), ['dicom_unreadable', 'dicom_truncated']);
  add('truncated in the file meta group', 'part10', image, cut(image, 180), [
    'dicom_unreadable',
    'dicom_truncated',
  ]);
  add('truncated in the middle of the dataset', 'part10', image, cut(image, 900), [
    'dicom_unreadable',
    'dicom_truncated',
  ]);
  add('truncated in Pixel Data', 'part10', image, cut(image, image.bytes.length - 101), ['dicom_truncated']);
  add('SEG truncated in Pixel Data', 'part10', base.seg, cut(base.seg, base.seg.bytes.length - 7), [
    'dicom_truncated',
  ]);
  add('empty file', 'part10', image, cut(image, 0), ['dicom_unreadable']);

  // Wrong element lengths, written into the length field itself.
  const pixelData = findElement(image.bytes, 0x7fe0, 0x0010);
  const rows = findElement(image.bytes, 0x0028, 0x0010);
  const description = findElement(image.bytes, 0x0008, 0x103e);
  const named = (bytes: Uint8Array, what: string) => ({ name: `${image.name}#${what}`, bytes });
  add(
    'Pixel Data length beyond the end of the file',
    'part10',
    image,
    named(withLength(image.bytes, pixelData, pixelData.length + 64), 'pixel-length'),
    ['dicom_truncated', 'dicom_malformed'],
  );
  add(
    'Pixel Data length 0xFFFFFFF0',
    'part10',
    image,
    named(withLength(image.bytes, pixelData, 0xfffffff0), 'pixel-huge'),
    ['dicom_truncated', 'dicom_malformed'],
  );
  add(
    'Pixel Data length shorter than the image',
    'part10',
    image,
    named(withLength(image.bytes, pixelData, 64), 'pixel-short'),
    ['dicom_truncated', 'dicom_malformed'],
  );
  add('Rows length 4 instead of 2', 'part10', image, named(withLength(image.bytes, rows, 4), 'rows-4'), [
    'dicom_malformed',
  ]);
  add('Rows length 0', 'part10', image, named(withLength(image.bytes, rows, 0), 'rows-0'), [
    'dicom_malformed',
  ]);
  add(
    'SeriesDescription length 0xFFFF',
    'part10',
    image,
    named(withLength(image.bytes, description, 0xffff), 'text-huge'),
    ['dicom_malformed', 'dicom_truncated'],
  );

  // Missing or broken geometry.
  const without = (keyword: string) =>
    rewrite(
      image,
      (ds) => {
        delete ds[keyword];
      },
      `no-${keyword}`,
    );
  add('ImagePositionPatient missing on one slice', 'study', image, without('ImagePositionPatient'), [
    'series_slice_gap',
  ]);
  add('ImageOrientationPatient missing on one slice', 'study', image, without('ImageOrientationPatient'), [
    'series_slice_gap',
  ]);
  add('PixelSpacing missing on one slice', 'study', image, without('PixelSpacing'), [
    'dicom_attribute_missing',
  ]);
  add(
    'ImageOrientationPatient not unit vectors',
    'study',
    image,
    rewrite(
      image,
      (ds) => {
        ds.ImageOrientationPatient = [0, 0, 0, 0, 0, 0];
      },
      'iop-zero',
    ),
    ['dicom_geometry_invalid'],
  );
  const noGeometryAtAll = base.t2.map((f) =>
    rewrite(
      f,
      (ds) => {
        delete ds.ImagePositionPatient;
      },
      'no-ipp',
    ),
  );
  cases.push({
    name: 'ImagePositionPatient missing on every slice',
    entry: 'study',
    broken: noGeometryAtAll[0]!,
    files: [...noGeometryAtAll, base.rtstruct, ...base.adc, base.seg],
    codes: ['series_empty'],
  });

  // SEG frames that do not match NumberOfFrames or the referenced series.
  add(
    'SEG NumberOfFrames larger than its frames',
    'part10',
    base.seg,
    rewrite(
      base.seg,
      (ds) => {
        ds.NumberOfFrames = Number(ds.NumberOfFrames) + 40;
      },
      'frames+40',
    ),
    ['dicom_truncated'],
  );
  add(
    'SEG NumberOfFrames smaller than its per-frame items',
    'study',
    base.seg,
    rewrite(
      base.seg,
      (ds) => {
        ds.NumberOfFrames = Number(ds.NumberOfFrames) - 1;
      },
      'frames-1',
    ),
    ['seg_frame_count_mismatch'],
  );
  add(
    'SEG references a series not in the study',
    'study',
    base.seg,
    rewrite(
      base.seg,
      (ds) => {
        items(ds.ReferencedSeriesSequence)[0]!.SeriesInstanceUID = '2.25.1234';
      },
      'other-series',
    ),
    ['mask_reference_missing'],
  );
  add(
    'SEG frames point at unknown images far outside the series',
    'study',
    base.seg,
    rewrite(
      base.seg,
      (ds) => {
        for (const frame of items(ds.PerFrameFunctionalGroupsSequence)) {
          for (const d of items(frame.DerivationImageSequence))
            for (const s of items(d.SourceImageSequence)) s.ReferencedSOPInstanceUID = '2.25.99';
          const p = items(frame.PlanePositionSequence)[0]!;
          p.ImagePositionPatient = (p.ImagePositionPatient as number[]).map((x) => Number(x) + 5000);
        }
      },
      'unmapped',
    ),
    ['seg_frames_unmapped'],
  );
  add(
    'SEG frame names a segment that does not exist',
    'study',
    base.seg,
    rewrite(
      base.seg,
      (ds) => {
        items(
          items(ds.PerFrameFunctionalGroupsSequence)[0]!.SegmentIdentificationSequence,
        )[0]!.ReferencedSegmentNumber = 99;
      },
      'segment-99',
    ),
    ['seg_segment_unknown'],
  );

  // RTSTRUCT contours that enclose nothing or cross themselves.
  const { row, column, normal, spacing } = contourFrame(base);
  const along = (p: number[], d: number[], s: number) => p.map((x, k) => x + s * d[k]!);
  add(
    'RTSTRUCT contour with 2 points',
    'study',
    base.rtstruct,
    withContour(base, 'two-points', (p) => p.slice(0, 2)),
    ['rtstruct_contour_degenerate'],
  );
  add(
    'RTSTRUCT contour with 1 point',
    'study',
    base.rtstruct,
    withContour(base, 'one-point', (p) => p.slice(0, 1)),
    ['rtstruct_contour_degenerate'],
  );
  add(
    'RTSTRUCT contour of zero area (collinear points)',
    'study',
    base.rtstruct,
    withContour(base, 'zero-area', (p) => [p[0]!, along(p[0]!, row, 3), along(p[0]!, row, 7)]),
    ['rtstruct_contour_degenerate'],
  );
  add(
    'RTSTRUCT contour with a point off its plane',
    'study',
    base.rtstruct,
    withContour(base, 'off-plane', (p) => p.map((q, n) => (n === 1 ? along(q, normal, spacing) : q))),
    ['rtstruct_contour_not_planar'],
  );
  add(
    'RTSTRUCT self-intersecting contour (bow tie)',
    'study',
    base.rtstruct,
    withContour(base, 'bow-tie', (p) => {
      const c = p[0]!;
      const corner = (a: number, b: number) => along(along(c, row, a), column, b);
      // unequal lobes, so the signed area is not zero (that would be 'degenerate')
      return [corner(-4, -4), corner(6, 6), corner(6, -2), corner(-4, 2)];
    }),
    ['rtstruct_contour_self_intersecting'],
  );

  // Gigantic declared dimensions, and caps.
  add(
    'Rows × Columns 65535 × 65535 with a small Pixel Data',
    'part10',
    image,
    rewrite(
      image,
      (ds) => {
        ds.Rows = 65535;
        ds.Columns = 65535;
      },
      'huge-plane',
    ),
    ['dicom_truncated'],
  );
  add(
    'NumberOfFrames 10 000 000',
    'part10',
    image,
    rewrite(
      image,
      (ds) => {
        ds.NumberOfFrames = 10_000_000;
      },
      'huge-frames',
    ),
    ['dicom_too_many_frames'],
  );
  add(
    'Rows 0',
    'part10',
    image,
    rewrite(
      image,
      (ds) => {
        ds.Rows = 0;
      },
      'rows-zero',
    ),
    ['dicom_dimensions_invalid'],
  );
  add(
    'NumberOfFrames negative',
    'part10',
    image,
    rewrite(
      image,
      (ds) => {
        ds.NumberOfFrames = -3;
      },
      'frames-negative',
    ),
    ['dicom_dimensions_invalid'],
  );
  const small: InputLimits = { maxInstanceBytes: 4096, maxFramesPerInstance: 4, maxSeriesVoxels: 10_000 };
  add(
    'instance over HER2_MAX_INSTANCE_MB',
    'part10',
    image,
    { ...image, name: `${image.name}#cap` },
    ['dicom_instance_too_large'],
    small,
  );
  add(
    'SEG over HER2_MAX_FRAMES_PER_INSTANCE',
    'part10',
    base.seg,
    { ...base.seg, name: `${base.seg.name}#cap` },
    ['dicom_too_many_frames'],
    { ...small, maxInstanceBytes: 1 << 20, maxFramesPerInstance: 1 },
  );
  add(
    'series over HER2_MAX_SERIES_MEGAVOXELS',
    'study',
    image,
    { ...image, name: `${image.name}#cap` },
    ['series_too_large'],
    { ...small, maxInstanceBytes: 1 << 20, maxFramesPerInstance: 64 },
  );
  return cases;
}
