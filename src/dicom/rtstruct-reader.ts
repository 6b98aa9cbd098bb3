import { AppError } from '../errors/index.js';
import { createVolume, type Mask, type Vec3 } from '../volume/index.js';
import { checkClosedPlanarContour } from './contour-checks.js';
import {
  type DicomDataset,
  optionalNumber,
  optionalNumbers,
  optionalString,
  requireNumber,
  requireString,
  sequenceItems,
} from './dataset.js';
import { type MaskObjectReadResult, maskVoxelCount, type RegionMask } from './mask-object.js';
import { dot, type SeriesVolume } from './series-volume.js';
import { SOP_CLASS } from './uids.js';

/** One contour of an ROI, points in patient coordinates (LPS, mm). */
export interface RtContour {
  readonly geometricType: string;
  readonly points: readonly Vec3[];
  /** SOP Instance UIDs from ContourImageSequence (often stale in real files). */
  readonly referencedSOPInstanceUIDs: readonly string[];
  /** ReferencedFrameNumber per referenced image (1 when absent: single-frame images). */
  readonly referencedFrameNumbers: readonly number[];
}

/** An ROI of the structure set with its contours (StructureSetROI + ROIContour + RTROIObservations). */
export interface RtRoi {
  readonly number: number;
  readonly name: string;
  readonly frameOfReferenceUID: string | undefined;
  readonly interpretedType: string | undefined;
  readonly generationAlgorithm: string | undefined;
  readonly displayColor: readonly number[] | undefined;
  readonly contours: readonly RtContour[];
}

export interface RtStructHeader {
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly label: string | undefined;
  /** FrameOfReferenceUIDs of ReferencedFrameOfReferenceSequence. */
  readonly frameOfReferenceUIDs: readonly string[];
  /** SeriesInstanceUIDs found under ReferencedFrameOfReferenceSequence › RTReferencedStudy › RTReferencedSeries. */
  readonly referencedSeriesInstanceUIDs: readonly string[];
  readonly rois: readonly RtRoi[];
}

/** One ROI as a binary mask on the referenced series' grid (number and name from the ROI). */
export interface RoiMask extends RegionMask {
  readonly roi: RtRoi;
}

/**
 * An RTSTRUCT read against an image series: one mask per ROI that has CLOSED_PLANAR contours
 * (POINT ROIs such as isocentres are skipped).
 */
export type RtStructReadResult = MaskObjectReadResult<RtStructHeader, RoiMask>;

export interface RtStructReadOptions {
  /**
   * Rasterise even when an ROI's FrameOfReferenceUID differs from the images' (some writers, e.g.
   * rt-utils, mint a new one while drawing on the images). A warning is returned instead of an error.
   * @defaultValue false
   */
  readonly allowFrameOfReferenceMismatch?: boolean;
}

/** Parses the ROIs and contours of an RT Structure Set. */
export function readRtStructHeader(ds: DicomDataset, what: string): RtStructHeader {
  const sopClassUID = requireString(ds, 'SOPClassUID', what);
  if (sopClassUID !== SOP_CLASS.rtStructureSet) {
    throw new AppError(
      'rtstruct_not_structure_set',
      `${what}: SOP class ${sopClassUID} is not an RT Structure Set`,
    );
  }
  const frames = sequenceItems(ds, 'ReferencedFrameOfReferenceSequence');
  const series = frames.flatMap((f) =>
    sequenceItems(f, 'RTReferencedStudySequence').flatMap((s) =>
      sequenceItems(s, 'RTReferencedSeriesSequence').map((r) => optionalString(r, 'SeriesInstanceUID')),
    ),
  );
  const contoursByRoi = new Map<number, RtContour[]>();
  for (const item of sequenceItems(ds, 'ROIContourSequence')) {
    const roiNumber = requireNumber(item, 'ReferencedROINumber', `${what} ROIContourSequence`);
    const contours = sequenceItems(item, 'ContourSequence').map((c, n) =>
      parseContour(c, `${what} ROI ${roiNumber} contour ${n + 1}`),
    );
    contoursByRoi.set(roiNumber, contours);
  }
  const observations = new Map<number, DicomDataset>();
  for (const o of sequenceItems(ds, 'RTROIObservationsSequence')) {
    const n = optionalNumber(o, 'ReferencedROINumber');
    if (n !== undefined) observations.set(n, o);
  }
  const rois = sequenceItems(ds, 'StructureSetROISequence').map((item): RtRoi => {
    const number = requireNumber(item, 'ROINumber', `${what} StructureSetROISequence`);
    const roiContour = sequenceItems(ds, 'ROIContourSequence').find(
      (c) => optionalNumber(c, 'ReferencedROINumber') === number,
    );
    return {
      number,
      name: optionalString(item, 'ROIName') ?? '',
      frameOfReferenceUID: optionalString(item, 'ReferencedFrameOfReferenceUID'),
      interpretedType: optionalString(observations.get(number) ?? {}, 'RTROIInterpretedType'),
      generationAlgorithm: optionalString(item, 'ROIGenerationAlgorithm'),
      displayColor: roiContour === undefined ? undefined : optionalNumbers(roiContour, 'ROIDisplayColor'),
      contours: contoursByRoi.get(number) ?? [],
    };
  });
  return {
    sopInstanceUID: requireString(ds, 'SOPInstanceUID', what),
    seriesInstanceUID: requireString(ds, 'SeriesInstanceUID', what),
    label: optionalString(ds, 'StructureSetLabel'),
    frameOfReferenceUIDs: frames
      .map((f) => optionalString(f, 'FrameOfReferenceUID'))
      .filter((s): s is string => s !== undefined),
    referencedSeriesInstanceUIDs: series.filter((s): s is string => s !== undefined),
    rois,
  };
}

function parseContour(item: DicomDataset, what: string): RtContour {
  const data = optionalNumbers(item, 'ContourData') ?? [];
  if (data.length % 3 !== 0 || data.length === 0) {
    throw new AppError(
      'rtstruct_contour_invalid',
      `${what}: ContourData holds ${data.length} numbers (a multiple of 3 expected)`,
    );
  }
  const points: Vec3[] = [];
  for (let n = 0; n < data.length; n += 3) points.push([data[n]!, data[n + 1]!, data[n + 2]!]);
  const images = sequenceItems(item, 'ContourImageSequence').filter(
    (c) => optionalString(c, 'ReferencedSOPInstanceUID') !== undefined,
  );
  return {
    geometricType: optionalString(item, 'ContourGeometricType') ?? '',
    points,
    referencedSOPInstanceUIDs: images.map((c) => optionalString(c, 'ReferencedSOPInstanceUID')!),
    referencedFrameNumbers: images.map((c) => optionalNumber(c, 'ReferencedFrameNumber') ?? 1),
  };
}

/**
 * Rasterises every ROI with CLOSED_PLANAR contours onto `reference`'s grid. A contour goes to the
 * slice named by its ContourImageSequence when that UID is one of the images, otherwise to the slice
 * whose plane it lies in (real files often carry stale UIDs, e.g. IBSI STS). A pixel is inside when its
 * centre is inside by the even-odd rule over all contours of the ROI on that slice, so a contour
 * nested in another is a hole (this reproduces IBSI's ground-truth masks exactly).
 */
export function readRtStruct(
  ds: DicomDataset,
  reference: SeriesVolume,
  what: string,
  options: RtStructReadOptions = {},
): RtStructReadResult {
  const header = readRtStructHeader(ds, what);
  const warnings: string[] = [];
  const regions: RoiMask[] = [];
  for (const roi of header.rois) {
    const planar = roi.contours.filter((c) => c.geometricType === 'CLOSED_PLANAR');
    const roiWhat = `${what} ROI ${roi.number} "${roi.name}"`;
    const ignored = roi.contours.filter(
      (c) => c.geometricType !== 'CLOSED_PLANAR' && c.geometricType !== 'POINT',
    );
    if (ignored.length > 0) {
      const types = [...new Set(ignored.map((c) => c.geometricType || '(none)'))].join(', ');
      warnings.push(
        `${roiWhat}: ${ignored.length} contour(s) of type ${types} ignored (only CLOSED_PLANAR encloses voxels)`,
      );
    }
    if (planar.length === 0) continue;
    const roiFoR = roi.frameOfReferenceUID ?? header.frameOfReferenceUIDs[0];
    if (
      roiFoR !== undefined &&
      reference.frameOfReferenceUID !== undefined &&
      roiFoR !== reference.frameOfReferenceUID
    ) {
      const message = `${roiWhat}: FrameOfReferenceUID ${roiFoR} differs from the images' ${reference.frameOfReferenceUID}`;
      if (!options.allowFrameOfReferenceMismatch) {
        throw new AppError('rtstruct_frame_of_reference_mismatch', message, {
          details: { roi: roi.number },
        });
      }
      warnings.push(message);
    }
    const mask = rasteriseContours(planar, reference, roiWhat, warnings);
    regions.push({ number: roi.number, name: roi.name, roi, mask, voxelCount: maskVoxelCount(mask.data) });
  }
  return { header, regions, warnings };
}

/**
 * Even-odd rasterisation of planar contours at pixel centres, slice by slice. Contours partly
 * outside the image are clipped and reported in `warnings`; degenerate, non-planar and
 * self-crossing contours are refused (`checkClosedPlanarContour`).
 */
export function rasteriseContours(
  contours: readonly RtContour[],
  reference: SeriesVolume,
  what: string,
  warnings: string[] = [],
): Mask {
  const g = reference.volume.geometry;
  const [nx, ny, nz] = g.size;
  const d = g.direction;
  const row: Vec3 = [d[0], d[3], d[6]];
  const column: Vec3 = [d[1], d[4], d[7]];
  const normal: Vec3 = [d[2], d[5], d[8]];
  const bySop = new Map(reference.slices.map((s, k) => [`${s.sopInstanceUID}#${s.frameNumber}`, k] as const));
  const depths = reference.slices.map((s) => dot(s.position, normal));
  const polygonsBySlice = new Map<number, { u: number[]; v: number[] }[]>();
  const problems: string[] = [];
  const plane = { row, column, normal, sliceSpacing: g.spacing[2] };
  contours.forEach((contour, n) => {
    checkClosedPlanarContour(contour.points, plane, `${what} contour ${n + 1}`);
    let slice = contour.referencedSOPInstanceUIDs
      .map((uid, r) => bySop.get(`${uid}#${contour.referencedFrameNumbers[r]}`))
      .find((k) => k !== undefined);
    const depth = contour.points.reduce((s, p) => s + dot(p, normal), 0) / contour.points.length;
    if (slice === undefined) slice = nearestSlice(depths, depth, g.spacing[2]);
    if (slice === undefined) {
      problems.push(
        `contour ${n + 1} at ${depth.toFixed(2)} mm along the normal lies outside the image stack ` +
          `(${Math.min(...depths).toFixed(2)}..${Math.max(...depths).toFixed(2)} mm)`,
      );
      return;
    }
    const origin = reference.slices[slice]!.position;
    const u: number[] = [];
    const v: number[] = [];
    for (const p of contour.points) {
      const delta: Vec3 = [p[0] - origin[0], p[1] - origin[1], p[2] - origin[2]];
      u.push(dot(delta, row) / g.spacing[0]);
      v.push(dot(delta, column) / g.spacing[1]);
    }
    const outside =
      Math.max(...u) < -0.5 ||
      Math.min(...u) > nx - 0.5 ||
      Math.max(...v) < -0.5 ||
      Math.min(...v) > ny - 0.5;
    if (outside) {
      problems.push(`contour ${n + 1} on slice ${slice} lies entirely outside the ${nx}x${ny} image`);
      return;
    }
    if (
      Math.min(...u) < -0.5 ||
      Math.max(...u) > nx - 0.5 ||
      Math.min(...v) < -0.5 ||
      Math.max(...v) > ny - 0.5
    ) {
      warnings.push(`${what}: contour ${n + 1} on slice ${slice} extends beyond the image and was clipped`);
    }
    const list = polygonsBySlice.get(slice) ?? [];
    list.push({ u, v });
    polygonsBySlice.set(slice, list);
  });
  if (problems.length > 0) {
    throw new AppError('rtstruct_contour_outside', `${what}: ${problems.join('; ')}`, {
      details: { contours: problems.length },
    });
  }
  const data = new Uint8Array(nx * ny * nz);
  for (const [slice, polygons] of polygonsBySlice) {
    fillEvenOdd(polygons, nx, ny, data.subarray(slice * nx * ny, (slice + 1) * nx * ny));
  }
  return createVolume(g, data, what);
}

function nearestSlice(depths: readonly number[], depth: number, defaultStep: number): number | undefined {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  depths.forEach((d, k) => {
    if (Math.abs(d - depth) < bestDistance) {
      bestDistance = Math.abs(d - depth);
      best = k;
    }
  });
  const neighbours = [depths[best - 1], depths[best + 1]].filter((x): x is number => x !== undefined);
  const step =
    neighbours.length === 0 ? defaultStep : Math.min(...neighbours.map((x) => Math.abs(x - depths[best]!)));
  return bestDistance < 0.5 * step ? best : undefined;
}

/**
 * Scan-line even-odd fill: for pixel row j (centre at v = j) collect the crossings of every polygon
 * edge with the half-open rule (one endpoint strictly above, the other at or below), then pixel i is
 * inside when an odd number of crossings lies to its right, i.e. i ∈ [x₁, x₂) ∪ [x₃, x₄) ∪ …
 */
export function fillEvenOdd(
  polygons: readonly { u: readonly number[]; v: readonly number[] }[],
  nx: number,
  ny: number,
  out: Uint8Array,
): void {
  const crossings: number[] = [];
  for (let j = 0; j < ny; j++) {
    crossings.length = 0;
    for (const { u, v } of polygons) {
      const n = u.length;
      for (let a = 0, b = n - 1; a < n; b = a++) {
        const va = v[a]!;
        const vb = v[b]!;
        if (va > j !== vb > j) crossings.push(u[a]! + ((j - va) * (u[b]! - u[a]!)) / (vb - va));
      }
    }
    crossings.sort((p, q) => p - q);
    for (let c = 0; c + 1 < crossings.length; c += 2) {
      const from = Math.max(0, Math.ceil(crossings[c]!));
      const to = Math.min(nx, Math.ceil(crossings[c + 1]!));
      for (let i = from; i < to; i++) out[i + nx * j] = 1;
    }
  }
}
