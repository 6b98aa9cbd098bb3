import { AppError } from '../errors/index.js';
import { createVolume, type Vec3 } from '../volume/index.js';
import {
  type CodedConcept,
  type DicomDataset,
  firstItem,
  optionalCode,
  optionalNumber,
  optionalString,
  pixelDataBytes,
  requireNumber,
  requireString,
  sequenceItems,
} from './dataset.js';
import { planeFromFunctionalGroups } from './image-frames.js';
import { type MaskObjectReadResult, maskVoxelCount, type RegionMask } from './mask-object.js';
import { cross, dot, type SeriesVolume } from './series-volume.js';
import { SOP_CLASS } from './uids.js';

export type SegmentationType = 'BINARY' | 'FRACTIONAL' | 'LABELMAP';

/** One item of the SegmentSequence. */
export interface SegmentDescription {
  readonly number: number;
  readonly label: string;
  readonly description: string | undefined;
  readonly algorithmType: string | undefined;
  readonly algorithmName: string | undefined;
  readonly category: CodedConcept | undefined;
  readonly type: CodedConcept | undefined;
  readonly anatomicRegion: CodedConcept | undefined;
}

/** What a SEG instance says about itself, before any pixel is decoded. */
export interface SegmentationHeader {
  readonly sopInstanceUID: string;
  readonly sopClassUID: string;
  readonly seriesInstanceUID: string;
  readonly segmentationType: SegmentationType;
  readonly fractionalType: string | undefined;
  readonly maxFractionalValue: number | undefined;
  readonly frameOfReferenceUID: string | undefined;
  /** SeriesInstanceUIDs listed in ReferencedSeriesSequence (may be empty on non-conformant SEGs). */
  readonly referencedSeriesInstanceUIDs: readonly string[];
  readonly rows: number;
  readonly columns: number;
  readonly frameCount: number;
  readonly segments: readonly SegmentDescription[];
}

/** One segment as a binary mask on the referenced series' grid (number and name from the segment). */
export interface SegmentMask extends RegionMask {
  readonly segment: SegmentDescription;
  readonly referencedSeriesInstanceUID: string;
}

/** A SEG read against an image series: one mask per segment (LABELMAP background excluded). */
export type SegmentationReadResult = MaskObjectReadResult<SegmentationHeader, SegmentMask>;

export interface SegReadOptions {
  /**
   * FRACTIONAL SEG: a voxel belongs to the segment when stored value ≥ threshold × MaximumFractionalValue.
   * @defaultValue 0.5
   */
  readonly fractionalThreshold?: number;
}

/** Reads the header of a Segmentation (66.4) or Label Map Segmentation (66.7) instance. */
export function readSegmentationHeader(ds: DicomDataset, what: string): SegmentationHeader {
  const sopClassUID = requireString(ds, 'SOPClassUID', what);
  if (sopClassUID !== SOP_CLASS.segmentation && sopClassUID !== SOP_CLASS.labelMapSegmentation) {
    throw new AppError('seg_not_segmentation', `${what}: SOP class ${sopClassUID} is not a Segmentation`);
  }
  const type = requireString(ds, 'SegmentationType', what);
  if (type !== 'BINARY' && type !== 'FRACTIONAL' && type !== 'LABELMAP') {
    throw new AppError('seg_type_unsupported', `${what}: SegmentationType ${type} is not supported`);
  }
  const segments = sequenceItems(ds, 'SegmentSequence').map(
    (item): SegmentDescription => ({
      number: requireNumber(item, 'SegmentNumber', `${what} SegmentSequence`),
      label: optionalString(item, 'SegmentLabel') ?? '',
      description: optionalString(item, 'SegmentDescription'),
      algorithmType: optionalString(item, 'SegmentAlgorithmType'),
      algorithmName: optionalString(item, 'SegmentAlgorithmName'),
      category: optionalCode(item, 'SegmentedPropertyCategoryCodeSequence'),
      type: optionalCode(item, 'SegmentedPropertyTypeCodeSequence'),
      anatomicRegion: optionalCode(item, 'AnatomicRegionSequence'),
    }),
  );
  if (segments.length === 0) throw new AppError('seg_no_segments', `${what}: SegmentSequence is empty`);
  return {
    sopInstanceUID: requireString(ds, 'SOPInstanceUID', what),
    sopClassUID,
    seriesInstanceUID: requireString(ds, 'SeriesInstanceUID', what),
    segmentationType: type,
    fractionalType: optionalString(ds, 'SegmentationFractionalType'),
    maxFractionalValue: optionalNumber(ds, 'MaximumFractionalValue'),
    frameOfReferenceUID: optionalString(ds, 'FrameOfReferenceUID'),
    referencedSeriesInstanceUIDs: sequenceItems(ds, 'ReferencedSeriesSequence')
      .map((s) => optionalString(s, 'SeriesInstanceUID'))
      .filter((s): s is string => s !== undefined),
    rows: requireNumber(ds, 'Rows', what),
    columns: requireNumber(ds, 'Columns', what),
    frameCount: optionalNumber(ds, 'NumberOfFrames') ?? 1,
    segments,
  };
}

/** Where one SEG frame lands on the reference grid. */
interface FramePlacement {
  readonly slice: number;
  /** Offset of the SEG frame's first pixel in reference pixels (column, row). */
  readonly columnOffset: number;
  readonly rowOffset: number;
}

/**
 * Decodes every segment of a SEG into its own mask on `reference`'s grid (overlapping segments stay
 * separate). Frames are placed by per-frame ReferencedSOPInstanceUID when it resolves to a slice of
 * `reference`, otherwise by position along the slice normal (FrameOfReferenceUID must then match).
 * BINARY pixel data are read as one bit stream across frame boundaries; FRACTIONAL values are
 * thresholded; LABELMAP values are segment numbers (segment 0, the background, gets no mask).
 */
export function readSegmentation(
  ds: DicomDataset,
  reference: SeriesVolume,
  what: string,
  options: SegReadOptions = {},
): SegmentationReadResult {
  const header = readSegmentationHeader(ds, what);
  const warnings: string[] = [];
  if (
    header.referencedSeriesInstanceUIDs.length > 0 &&
    !header.referencedSeriesInstanceUIDs.includes(reference.seriesInstanceUID)
  ) {
    throw new AppError(
      'seg_reference_mismatch',
      `${what}: references series ${header.referencedSeriesInstanceUIDs.join(', ')}, ` +
        `but the images given are series ${reference.seriesInstanceUID}`,
      { details: { referenced: header.referencedSeriesInstanceUIDs } },
    );
  }
  const perFrameItems = sequenceItems(ds, 'PerFrameFunctionalGroupsSequence').length;
  if (perFrameItems > 0 && perFrameItems !== header.frameCount) {
    // PS3.3 C.7.6.16: one per-frame item per frame; a mismatch means frames would be misplaced or dropped.
    throw new AppError(
      'seg_frame_count_mismatch',
      `${what}: NumberOfFrames is ${header.frameCount} but PerFrameFunctionalGroupsSequence has ${perFrameItems} item(s)`,
      { details: { frames: header.frameCount, perFrameItems } },
    );
  }
  const placements = placeFrames(ds, header, reference, what, warnings);
  const [nx, ny, nz] = reference.volume.geometry.size;
  const planeSize = header.rows * header.columns;
  const isMember = memberTest(ds, header, what, options);
  const frameSegments = frameSegmentNumbers(ds, header, what);

  const masks = new Map<number, Uint8Array>();
  const segmentsToRead = header.segments.filter(
    (s) => !(header.segmentationType === 'LABELMAP' && s.number === 0),
  );
  for (const s of segmentsToRead) masks.set(s.number, new Uint8Array(nx * ny * nz));
  const outside: string[] = [];
  for (let f = 0; f < header.frameCount; f++) {
    const { slice, columnOffset, rowOffset } = placements[f]!;
    const candidates =
      header.segmentationType === 'LABELMAP' ? segmentsToRead.map((s) => s.number) : [frameSegments[f]!];
    for (const segmentNumber of candidates) {
      const target = masks.get(segmentNumber);
      if (target === undefined) {
        throw new AppError(
          'seg_segment_unknown',
          `${what}: frame ${f + 1} refers to segment ${segmentNumber}, not in SegmentSequence`,
        );
      }
      let lost = 0;
      for (let r = 0; r < header.rows; r++) {
        for (let c = 0; c < header.columns; c++) {
          if (!isMember(f * planeSize + r * header.columns + c, segmentNumber)) continue;
          const x = c + columnOffset;
          const y = r + rowOffset;
          if (x < 0 || y < 0 || x >= nx || y >= ny) {
            lost++;
            continue;
          }
          target[x + nx * (y + ny * slice)] = 1;
        }
      }
      if (lost > 0) outside.push(`frame ${f + 1}: ${lost} voxel(s) of segment ${segmentNumber}`);
    }
  }
  if (outside.length > 0) {
    throw new AppError(
      'seg_outside_reference',
      `${what}: segment voxels fall outside the referenced image grid: ${outside.join('; ')}`,
    );
  }
  const regions = segmentsToRead.map((segment): SegmentMask => {
    const data = masks.get(segment.number)!;
    return {
      number: segment.number,
      name: segment.label,
      segment,
      mask: createVolume(reference.volume.geometry, data, `${what} segment ${segment.number}`),
      referencedSeriesInstanceUID: reference.seriesInstanceUID,
      voxelCount: maskVoxelCount(data),
    };
  });
  return { header, regions, warnings };
}

/** Segment number of each frame (BINARY/FRACTIONAL), from SegmentIdentificationSequence. */
function frameSegmentNumbers(ds: DicomDataset, header: SegmentationHeader, what: string): number[] {
  if (header.segmentationType === 'LABELMAP') return [];
  const shared = firstItem(ds, 'SharedFunctionalGroupsSequence');
  const perFrame = sequenceItems(ds, 'PerFrameFunctionalGroupsSequence');
  const out: number[] = [];
  for (let f = 0; f < header.frameCount; f++) {
    const id =
      firstItem(perFrame[f], 'SegmentIdentificationSequence') ??
      firstItem(shared, 'SegmentIdentificationSequence');
    const n = id === undefined ? undefined : optionalNumber(id, 'ReferencedSegmentNumber');
    if (n === undefined) {
      if (header.segments.length === 1) {
        out.push(header.segments[0]!.number);
        continue;
      }
      throw new AppError(
        'seg_frame_segment_missing',
        `${what}: frame ${f + 1} has no ReferencedSegmentNumber`,
      );
    }
    out.push(n);
  }
  return out;
}

/** A test "is stored voxel n a member of segment s" for the SEG's encoding. */
function memberTest(
  ds: DicomDataset,
  header: SegmentationHeader,
  what: string,
  options: SegReadOptions,
): (n: number, segment: number) => boolean {
  const bytes = pixelDataBytes(ds, what);
  const total = header.rows * header.columns * header.frameCount;
  const bits = requireNumber(ds, 'BitsAllocated', what);
  if (header.segmentationType === 'BINARY') {
    if (bits !== 1)
      throw new AppError('seg_pixel_format', `${what}: BINARY SEG with BitsAllocated ${bits} (1 expected)`);
    requireBytes(bytes, Math.ceil(total / 8), what);
    // Bits run on across frame boundaries (PS3.5 8.1.1): voxel n is bit n % 8 of byte n / 8.
    return (n) => ((bytes[n >> 3]! >> (n & 7)) & 1) === 1;
  }
  if (bits === 16) {
    requireBytes(bytes, total * 2, what);
    const words = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (header.segmentationType === 'LABELMAP') return (n, s) => words.getUint16(2 * n, true) === s;
    throw new AppError('seg_pixel_format', `${what}: FRACTIONAL SEG with BitsAllocated 16 (8 expected)`);
  }
  if (bits !== 8) throw new AppError('seg_pixel_format', `${what}: BitsAllocated ${bits} (8 expected)`);
  requireBytes(bytes, total, what);
  if (header.segmentationType === 'LABELMAP') return (n, s) => bytes[n] === s;
  const max = header.maxFractionalValue ?? 255;
  const threshold = (options.fractionalThreshold ?? 0.5) * max;
  return (n) => bytes[n]! >= threshold && bytes[n]! > 0;
}

function requireBytes(bytes: Uint8Array, needed: number, what: string): void {
  if (bytes.length < needed) {
    throw new AppError(
      'dicom_truncated',
      `${what}: Pixel Data holds ${bytes.length} bytes, ${needed} needed`,
    );
  }
}

function placeFrames(
  ds: DicomDataset,
  header: SegmentationHeader,
  reference: SeriesVolume,
  what: string,
  warnings: string[],
): FramePlacement[] {
  const bySop = new Map<string, number>();
  reference.slices.forEach((s, k) => {
    bySop.set(`${s.sopInstanceUID}#${s.frameNumber}`, k);
  });
  const shared = firstItem(ds, 'SharedFunctionalGroupsSequence') ?? {};
  const perFrame = sequenceItems(ds, 'PerFrameFunctionalGroupsSequence');
  const sameFrameOfReference =
    header.frameOfReferenceUID === undefined ||
    reference.frameOfReferenceUID === undefined ||
    header.frameOfReferenceUID === reference.frameOfReferenceUID;
  const placements: FramePlacement[] = [];
  const unplaced: string[] = [];
  for (let f = 0; f < header.frameCount; f++) {
    const groups: DicomDataset = { ...shared, ...(perFrame[f] ?? {}) };
    const bySopSlice = sliceFromSourceImages(groups, bySop);
    const hasPlane = firstItem(groups, 'PlanePositionSequence') !== undefined;
    if (bySopSlice !== undefined) {
      if (
        !hasPlane &&
        (header.columns !== reference.volume.geometry.size[0] ||
          header.rows !== reference.volume.geometry.size[1])
      ) {
        throw new AppError(
          'seg_grid_mismatch',
          `${what}: frame ${f + 1} has no plane position and its ${header.rows}x${header.columns} matrix differs from the images' ` +
            `${reference.volume.geometry.size[1]}x${reference.volume.geometry.size[0]}`,
        );
      }
      const offset = hasPlane
        ? inPlaneOffset(groups, reference, bySopSlice, `${what} frame ${f + 1}`, warnings)
        : { columnOffset: 0, rowOffset: 0 };
      placements.push({ slice: bySopSlice, ...offset });
      continue;
    }
    if (!hasPlane) {
      unplaced.push(`frame ${f + 1}: no resolvable source image and no PlanePositionSequence`);
      continue;
    }
    if (!sameFrameOfReference) {
      throw new AppError(
        'seg_frame_of_reference_mismatch',
        `${what}: frame ${f + 1} must be placed by position, but the SEG's FrameOfReferenceUID ` +
          `${header.frameOfReferenceUID} differs from the images' ${reference.frameOfReferenceUID}`,
      );
    }
    const slice = sliceByPosition(groups, reference, `${what} frame ${f + 1}`);
    if (slice === undefined) {
      unplaced.push(`frame ${f + 1}: position matches no slice of series ${reference.seriesInstanceUID}`);
      continue;
    }
    placements.push({
      slice,
      ...inPlaneOffset(groups, reference, slice, `${what} frame ${f + 1}`, warnings),
    });
  }
  if (!sameFrameOfReference) {
    warnings.push(
      `FrameOfReferenceUID ${header.frameOfReferenceUID} differs from the images' ${reference.frameOfReferenceUID}; ` +
        'frames were placed by their source image references',
    );
  }
  if (unplaced.length > 0) {
    throw new AppError(
      'seg_frames_unmapped',
      `${what}: ${unplaced.length} of ${header.frameCount} frame(s) could not be mapped onto the images: ` +
        `${unplaced.slice(0, 5).join('; ')}${unplaced.length > 5 ? '; …' : ''}`,
      { details: { unmapped: unplaced.length } },
    );
  }
  return placements;
}

function sliceFromSourceImages(groups: DicomDataset, bySop: Map<string, number>): number | undefined {
  for (const derivation of sequenceItems(groups, 'DerivationImageSequence')) {
    for (const source of sequenceItems(derivation, 'SourceImageSequence')) {
      const uid = optionalString(source, 'ReferencedSOPInstanceUID');
      const frame = optionalNumber(source, 'ReferencedFrameNumber') ?? 1;
      const k = uid === undefined ? undefined : bySop.get(`${uid}#${frame}`);
      if (k !== undefined) return k;
    }
  }
  return undefined;
}

/** Slice whose plane contains the frame position (within half the local slice step). */
function sliceByPosition(groups: DicomDataset, reference: SeriesVolume, what: string): number | undefined {
  const plane = planeFromFunctionalGroups(groups, what);
  const normal = sliceNormal(reference);
  const depth = dot(plane.position, normal);
  const depths = reference.slices.map((s) => dot(s.position, normal));
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  depths.forEach((d, k) => {
    if (Math.abs(d - depth) < bestDistance) {
      bestDistance = Math.abs(d - depth);
      best = k;
    }
  });
  const neighbours = [depths[best - 1], depths[best + 1]].filter((d): d is number => d !== undefined);
  const step =
    neighbours.length === 0
      ? reference.volume.geometry.spacing[2]
      : Math.min(...neighbours.map((d) => Math.abs(d - depths[best]!)));
  return bestDistance < 0.5 * step ? best : undefined;
}

function sliceNormal(reference: SeriesVolume): Vec3 {
  const d = reference.volume.geometry.direction;
  return [d[2], d[5], d[8]];
}

/**
 * In-plane offset of a SEG frame relative to a reference slice, in reference pixels. Grids must
 * share orientation and pixel spacing. Offsets below one pixel are taken as zero: real SEGs (e.g. the
 * UCSF breast SEG) store positions shifted by half a pixel while meaning the same pixels, and
 * rounding there would move the whole mask by one pixel.
 */
function inPlaneOffset(
  groups: DicomDataset,
  reference: SeriesVolume,
  slice: number,
  what: string,
  warnings: string[],
): { columnOffset: number; rowOffset: number } {
  const plane = planeFromFunctionalGroups(groups, what);
  const g = reference.volume.geometry;
  const d = g.direction;
  const row: Vec3 = [d[0], d[3], d[6]];
  const column: Vec3 = [d[1], d[4], d[7]];
  const parallel = Math.abs(dot(cross(plane.rowDirection, plane.columnDirection), cross(row, column)));
  if (
    dot(plane.rowDirection, row) < 0.999 ||
    dot(plane.columnDirection, column) < 0.999 ||
    parallel < 0.999
  ) {
    throw new AppError('seg_grid_mismatch', `${what}: frame orientation differs from the referenced images'`);
  }
  const [rowSpacing, columnSpacing] = plane.pixelSpacing;
  if (
    Math.abs(columnSpacing - g.spacing[0]) > 1e-3 * g.spacing[0] ||
    Math.abs(rowSpacing - g.spacing[1]) > 1e-3 * g.spacing[1]
  ) {
    throw new AppError(
      'seg_grid_mismatch',
      `${what}: pixel spacing ${rowSpacing}\\${columnSpacing} differs from the images' ${g.spacing[1]}\\${g.spacing[0]} (resampling SEGs is not supported)`,
    );
  }
  const origin = reference.slices[slice]!.position;
  const delta: Vec3 = [
    plane.position[0] - origin[0],
    plane.position[1] - origin[1],
    plane.position[2] - origin[2],
  ];
  const u = dot(delta, row) / g.spacing[0];
  const v = dot(delta, column) / g.spacing[1];
  const snap = (x: number): number => {
    if (Math.abs(x) < 1) return 0;
    const r = Math.round(x);
    if (Math.abs(x - r) > 0.01) {
      throw new AppError(
        'seg_grid_mismatch',
        `${what}: frame is shifted by a non-integer ${x.toFixed(3)} pixels from the images`,
      );
    }
    return r;
  };
  if ((Math.abs(u) > 1e-3 && Math.abs(u) < 1) || (Math.abs(v) > 1e-3 && Math.abs(v) < 1)) {
    const message = `frames offset by a fraction of a pixel (${u.toFixed(3)}, ${v.toFixed(3)} px): mapped pixel for pixel`;
    if (!warnings.includes(message)) warnings.push(message);
  }
  return { columnOffset: snap(u), rowOffset: snap(v) };
}
