import { AppError } from '../errors/index.js';
import { createVolume, type Mat3, type Vec3, type Volume } from '../volume/index.js';
import type { DicomDataset } from './dataset.js';
import { type ImageFrame, imageFrames, notImageReason } from './image-frames.js';

/** Where slice k of a volume came from: needed to reference source images from SEG and SR. */
export interface SourceSlice {
  readonly sopInstanceUID: string;
  /** 1-based frame number for Enhanced instances, 1 otherwise. */
  readonly frameNumber: number;
  readonly sopClassUID: string;
  /** ImagePositionPatient of the slice (LPS, mm). */
  readonly position: Vec3;
}

/**
 * One 3-D volume built from the frames of a series (or of one group of a series: a DCE phase, a
 * b-value). ITK convention: origin = position of the first slice along the normal, direction columns
 * = row cosine, column cosine, normal (row × column); index x = column, y = row, z = slice.
 */
export interface SeriesVolume {
  readonly seriesInstanceUID: string;
  readonly frameOfReferenceUID: string | undefined;
  /** The value of the grouping key for this volume ('' when the series was not split). */
  readonly groupKey: string;
  readonly volume: Volume<Float64Array>;
  /** `slices[k]` is the source of index plane z = k. */
  readonly slices: readonly SourceSlice[];
}

export interface StackOptions {
  /**
   * Accept unequal slice spacing (the volume then uses the median spacing, and `slices` keeps the
   * true positions). Off by default: a radiomics volume with uneven spacing is wrong.
   * @defaultValue false
   */
  readonly allowIrregularSpacing?: boolean;
  /**
   * Largest accepted deviation of a slice step from the median step, as a fraction of it.
   * @defaultValue 0.01
   */
  readonly spacingTolerance?: number;
}

export interface SeriesVolumeOptions extends StackOptions {
  /**
   * Splits a series into several volumes when positions repeat (DCE phases, DWI b-values): frames
   * with the same key form one volume. Without it, repeated positions are an error.
   */
  readonly groupKey?: (frame: ImageFrame) => string;
}

export interface NamedDataset {
  readonly name: string;
  readonly dataset: DicomDataset;
}

export interface SeriesFrames {
  readonly frames: ImageFrame[];
  /** Instances that are not placeable grey-scale images (SR, private objects…), with the reason. */
  readonly skipped: { readonly name: string; readonly reason: string }[];
}

/** Image frames of every image instance; other instances are listed in `skipped`, not thrown. */
export function collectFrames(instances: readonly NamedDataset[]): SeriesFrames {
  const frames: ImageFrame[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const { name, dataset } of instances) {
    const reason = notImageReason(dataset);
    if (reason !== undefined) {
      skipped.push({ name, reason });
      continue;
    }
    frames.push(...imageFrames(dataset, name));
  }
  return { frames, skipped };
}

/**
 * Volumes of each series among `instances` (grouped by SeriesInstanceUID, then by `groupKey`),
 * ordered by series UID then key (see `compareKeys`).
 */
export function seriesVolumes(
  instances: readonly NamedDataset[],
  options: SeriesVolumeOptions = {},
): SeriesVolume[] {
  const { frames } = collectFrames(instances);
  if (frames.length === 0) {
    throw new AppError('series_empty', `no image frames among ${instances.length} instances`);
  }
  const bySeries = groupBy(frames, (f) => f.seriesInstanceUID);
  const out: SeriesVolume[] = [];
  const order = ([a]: [string, unknown], [b]: [string, unknown]) => compareKeys(a, b);
  for (const [seriesUID, seriesFrames] of [...bySeries].sort(order)) {
    const key = options.groupKey ?? (() => '');
    const groups = groupBy(seriesFrames, key);
    for (const [groupKey, groupFrames] of [...groups].sort(order)) {
      const what = groupKey === '' ? `series ${seriesUID}` : `series ${seriesUID} group "${groupKey}"`;
      out.push({ ...stackFrames(groupFrames, what, options), groupKey });
    }
  }
  return out;
}

/**
 * Order of group keys: numerically when both keys start with a number (b-values "50/…" < "800/…" <
 * "1000/…", decimals included), else as strings with digit runs compared by value.
 */
export function compareKeys(a: string, b: string): number {
  const x = Number.parseFloat(a);
  const y = Number.parseFloat(b);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Frames grouped by a key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list === undefined) groups.set(k, [item]);
    else list.push(item);
  }
  return groups;
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function describeFrame(f: ImageFrame): string {
  return f.frameNumber === 1 && f.functionalGroups === undefined
    ? `instance ${f.sopInstanceUID}`
    : `instance ${f.sopInstanceUID} frame ${f.frameNumber}`;
}

/**
 * Stacks frames of one series into a volume, sorted by position along the slice normal (never by
 * InstanceNumber). Throws, listing the offenders, when frames differ in size, pixel spacing or
 * orientation, when positions repeat, when slices are missing (gap) or spacing is uneven, or when
 * the stack is sheared (positions not on a line along the normal, e.g. gantry tilt).
 */
export function stackFrames(
  frames: readonly ImageFrame[],
  what: string,
  options: StackOptions = {},
): SeriesVolume {
  if (frames.length === 0) throw new AppError('series_empty', `${what}: no image frames`);
  checkUniformPlanes(frames, what);
  const ref = frames[0]!;
  const normal = cross(ref.rowDirection, ref.columnDirection);
  const sorted = [...frames].sort((a, b) => dot(a.position, normal) - dot(b.position, normal));
  const depths = sorted.map((f) => dot(f.position, normal));
  const [rowSpacing, columnSpacing] = ref.pixelSpacing;
  const inPlaneTolerance = 0.05 * Math.min(rowSpacing, columnSpacing);

  const duplicates: string[] = [];
  for (let k = 1; k < sorted.length; k++) {
    if (Math.abs(depths[k]! - depths[k - 1]!) < 1e-3) {
      duplicates.push(
        `${describeFrame(sorted[k - 1]!)} and ${describeFrame(sorted[k]!)} at ${depths[k]!.toFixed(3)} mm`,
      );
    }
  }
  if (duplicates.length > 0) {
    throw new AppError(
      'series_duplicate_positions',
      `${what}: ${duplicates.length} slice position(s) occur more than once (several phases or b-values in one series? ` +
        `split them with a group key): ${duplicates.slice(0, 5).join('; ')}${duplicates.length > 5 ? '; …' : ''}`,
      { details: { count: duplicates.length } },
    );
  }

  const first = sorted[0]!.position;
  const sheared: string[] = [];
  for (const f of sorted) {
    const d = [f.position[0] - first[0], f.position[1] - first[1], f.position[2] - first[2]] as const;
    const u = dot(d, ref.rowDirection);
    const v = dot(d, ref.columnDirection);
    if (Math.abs(u) > inPlaneTolerance || Math.abs(v) > inPlaneTolerance) {
      sheared.push(`${describeFrame(f)} (in-plane offset ${u.toFixed(3)}, ${v.toFixed(3)} mm)`);
    }
  }
  if (sheared.length > 0) {
    throw new AppError(
      'series_sheared',
      `${what}: slice positions do not lie along the slice normal (gantry tilt or mixed stacks): ${sheared.slice(0, 5).join('; ')}`,
      { details: { count: sheared.length } },
    );
  }

  const steps = depths.slice(1).map((d, k) => d - depths[k]!);
  const sliceSpacing = steps.length === 0 ? (ref.sliceThickness ?? 1) : median(steps);
  const tolerance = (options.spacingTolerance ?? 0.01) * sliceSpacing;
  const gaps: string[] = [];
  const irregular: string[] = [];
  steps.forEach((step, k) => {
    if (step > 1.5 * sliceSpacing) {
      gaps.push(
        `between ${depths[k]!.toFixed(3)} and ${depths[k + 1]!.toFixed(3)} mm (about ${Math.round(step / sliceSpacing) - 1} slice(s) missing)`,
      );
    } else if (Math.abs(step - sliceSpacing) > tolerance) {
      irregular.push(`step ${step.toFixed(4)} mm after ${depths[k]!.toFixed(3)} mm`);
    }
  });
  if (!options.allowIrregularSpacing && gaps.length > 0) {
    throw new AppError(
      'series_slice_gap',
      `${what}: slices missing (median spacing ${sliceSpacing.toFixed(4)} mm): ${gaps.join('; ')}`,
      { details: { gaps: gaps.length } },
    );
  }
  if (!options.allowIrregularSpacing && irregular.length > 0) {
    throw new AppError(
      'series_spacing_irregular',
      `${what}: uneven slice spacing (median ${sliceSpacing.toFixed(4)} mm): ${irregular.slice(0, 5).join('; ')}`,
      { details: { irregular: irregular.length } },
    );
  }

  const planeSize = ref.rows * ref.columns;
  const data = new Float64Array(planeSize * sorted.length);
  sorted.forEach((f, k) => {
    data.set(f.values, k * planeSize);
  });
  const r = ref.rowDirection;
  const c = ref.columnDirection;
  const direction: Mat3 = [r[0], c[0], normal[0], r[1], c[1], normal[1], r[2], c[2], normal[2]];
  const volume = createVolume(
    {
      size: [ref.columns, ref.rows, sorted.length],
      spacing: [columnSpacing, rowSpacing, sliceSpacing],
      origin: first,
      direction,
    },
    data,
    what,
  );
  return {
    seriesInstanceUID: ref.seriesInstanceUID,
    frameOfReferenceUID: ref.frameOfReferenceUID,
    groupKey: '',
    volume,
    slices: sorted.map((f) => ({
      sopInstanceUID: f.sopInstanceUID,
      frameNumber: f.frameNumber,
      sopClassUID: f.sopClassUID,
      position: f.position,
    })),
  };
}

/**
 * Frames stack only when matrix size, pixel spacing (relative 1e-3) and orientation (1e-3 per
 * direction cosine) agree. Compared with tolerances, not as rounded strings, so scanner noise in
 * the last digits never splits a series.
 */
function samePlaneKind(a: ImageFrame, b: ImageFrame): boolean {
  if (a.rows !== b.rows || a.columns !== b.columns) return false;
  for (let n = 0; n < 2; n++) {
    if (Math.abs(a.pixelSpacing[n]! - b.pixelSpacing[n]!) > 1e-3 * a.pixelSpacing[n]!) return false;
  }
  for (let n = 0; n < 3; n++) {
    if (Math.abs(a.rowDirection[n]! - b.rowDirection[n]!) > 1e-3) return false;
    if (Math.abs(a.columnDirection[n]! - b.columnDirection[n]!) > 1e-3) return false;
  }
  return true;
}

function describePlaneKind(f: ImageFrame): string {
  const orientation = [...f.rowDirection, ...f.columnDirection].map((x) => x.toFixed(3)).join('\\');
  const spacing = f.pixelSpacing.map((s) => s.toFixed(4)).join('\\');
  return `${f.rows}x${f.columns}, spacing ${spacing}, orientation ${orientation}`;
}

function checkUniformPlanes(frames: readonly ImageFrame[], what: string): void {
  const series = new Set(frames.map((f) => f.seriesInstanceUID));
  if (series.size > 1) {
    throw new AppError(
      'series_mixed',
      `${what}: frames from ${series.size} series: ${[...series].join(', ')}`,
    );
  }
  const kinds: { representative: ImageFrame; count: number }[] = [];
  for (const f of frames) {
    const kind = kinds.find((k) => samePlaneKind(k.representative, f));
    if (kind === undefined) kinds.push({ representative: f, count: 1 });
    else kind.count++;
  }
  if (kinds.length > 1) {
    const list = kinds.map(
      (k) =>
        `${k.count} frame(s) ${describePlaneKind(k.representative)} (e.g. ${describeFrame(k.representative)})`,
    );
    throw new AppError(
      'series_mixed_geometry',
      `${what}: frames differ in matrix size, pixel spacing or orientation: ${list.join('; ')}`,
      { details: { kinds: kinds.length } },
    );
  }
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
