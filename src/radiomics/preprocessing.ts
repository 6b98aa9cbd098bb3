import { AppError } from '../errors/index.js';
import { type BoundingBox, boundingBox, type Geometry, type Mask, type Volume } from '../volume/index.js';

/**
 * Intensity and mask preprocessing steps of PyRadiomics (`imageoperations.py`), each named after
 * its setting. All work on whole volumes and return new arrays (inputs are not modified).
 */

/** Sum with Kahan compensation, as ITK's StatisticsImageFilter accumulates (CompensatedSummation). */
class CompensatedSum {
  private sum = 0;
  private error = 0;
  add(value: number): void {
    const y = value - this.error;
    const t = this.sum + y;
    this.error = t - this.sum - y;
    this.sum = t;
  }
  get value(): number {
    return this.sum;
  }
}

/**
 * `normalize` (PyRadiomics `normalizeImage`, ITK NormalizeImageFilter): over **all voxels of the
 * image**, f(x) = (x − μ)/σ with σ the sample standard deviation (n − 1); then, with
 * `removeOutliers` = k, values are clipped to [−k, k]; then multiplied by `normalizeScale`.
 */
export function normalizeImage(
  image: Volume,
  normalizeScale: number,
  removeOutliers: number | null,
): Volume<Float64Array | Float32Array> {
  const data = image.data;
  const n = data.length;
  if (n < 2) throw new AppError('image_invalid', 'normalize needs an image of at least 2 voxels');
  const sum = new CompensatedSum();
  const squares = new CompensatedSum();
  for (let i = 0; i < n; i++) {
    const v = data[i]!;
    sum.add(v);
    squares.add(v * v);
  }
  const mean = sum.value / n;
  // ITK: variance = (Σx² − (Σx)²/n)/(n − 1)
  const variance = (squares.value - (sum.value * sum.value) / n) / (n - 1);
  const sigma = Math.sqrt(Math.max(variance, 0));
  if (!(sigma > 0))
    throw new AppError('image_invalid', 'normalize: the image is constant (standard deviation 0)');
  const scale = 1 / sigma;
  // ITK's output pixel type is the input's real type: float stays float, integers become double
  const out = data instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = (data[i]! - mean) * scale;
    if (removeOutliers !== null) v = Math.min(removeOutliers, Math.max(-removeOutliers, v));
    out[i] = v * normalizeScale;
  }
  return { geometry: image.geometry, data: out };
}

/**
 * `resegmentRange` + `resegmentMode` (PyRadiomics `resegmentMask`): keeps the voxels of `label` whose
 * intensity lies in [lo, hi] (one value: lower bound only). Thresholds are, per mode: `absolute` the
 * values themselves; `relative` the values × the ROI maximum; `sigma` μ + value·σ of the ROI, with σ
 * the population standard deviation (numpy.std). Returns a binary mask (1 = kept) and the thresholds.
 */
export function resegmentMask(
  image: Volume,
  mask: Mask,
  label: number,
  range: readonly number[],
  mode: 'absolute' | 'relative' | 'sigma',
): { mask: Mask; thresholds: number[] } {
  let thresholds = [...range];
  if (mode !== 'absolute') {
    let count = 0;
    let sum = 0;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < mask.data.length; i++) {
      if (mask.data[i] !== label) continue;
      const v = image.data[i]!;
      count++;
      sum += v;
      if (v > max) max = v;
    }
    if (count === 0) throw new AppError('label_absent', `label ${label} is not present in the mask`);
    if (mode === 'relative') {
      thresholds = range.map((t) => t * max);
    } else {
      const mean = sum / count;
      let squares = 0;
      for (let i = 0; i < mask.data.length; i++) {
        if (mask.data[i] === label) squares += (image.data[i]! - mean) ** 2;
      }
      const sigma = Math.sqrt(squares / count);
      thresholds = range.map((t) => mean + t * sigma);
    }
  }
  const [lo, hi] = thresholds;
  const out = new Uint8Array(mask.data.length);
  for (let i = 0; i < out.length; i++) {
    if (mask.data[i] !== label) continue;
    const v = image.data[i]!;
    if (v < lo!) continue;
    if (hi !== undefined && v > hi) continue;
    out[i] = 1;
  }
  return { mask: { geometry: mask.geometry, data: out }, thresholds };
}

/**
 * Whether image and mask share a grid, as ITK checks it (`geometryTolerance`, default 1e-6):
 * same size; origin and spacing within tolerance × the image's first spacing; direction within
 * tolerance. Throws `geometry_mismatch` naming the first difference.
 */
export function checkSameGrid(image: Geometry, mask: Geometry, tolerance: number): void {
  const coordinate = tolerance * image.spacing[0];
  const fail = (what: string, a: readonly number[], b: readonly number[]) => {
    throw new AppError(
      'geometry_mismatch',
      `image and mask are on different grids: ${what} ${fmt(a)} vs ${fmt(b)} (geometryTolerance ${tolerance})`,
      { details: { what } },
    );
  };
  if (image.size.some((s, n) => s !== mask.size[n])) fail('size', image.size, mask.size);
  if (image.spacing.some((s, n) => Math.abs(s - mask.spacing[n]!) > coordinate))
    fail('spacing', image.spacing, mask.spacing);
  if (image.origin.some((s, n) => Math.abs(s - mask.origin[n]!) > coordinate))
    fail('origin', image.origin, mask.origin);
  if (image.direction.some((s, n) => Math.abs(s - mask.direction[n]!) > tolerance)) {
    fail('direction', image.direction, mask.direction);
  }
}

function fmt(v: readonly number[]): string {
  return `(${v.map((x) => Number(x.toPrecision(8))).join(', ')})`;
}

/**
 * PyRadiomics `checkMask` on a mask already on the image grid: the label must be present, the
 * bounding box must span at least `minimumROIDimensions` axes (a single voxel never passes) and the
 * ROI must hold more than `minimumROISize` voxels. `what` names the mask in errors.
 */
export function checkRoi(
  mask: Mask,
  label: number,
  minimumROIDimensions: number,
  minimumROISize: number | null,
  what = 'mask',
): BoundingBox {
  const box = boundingBox(mask, label);
  if (box === null) {
    throw new AppError('label_absent', `${what}: label ${label} is not present (empty ROI)`, {
      details: { label },
    });
  }
  const dims = [0, 1, 2].filter((axis) => box.hi[axis]! > box.lo[axis]!).length;
  if (dims === 0) {
    throw new AppError(
      'roi_too_small',
      `${what}: label ${label} has a single voxel; features need at least 2`,
    );
  }
  if (dims < minimumROIDimensions) {
    throw new AppError(
      'roi_too_small',
      `${what}: label ${label} spans ${dims} dimension(s), minimumROIDimensions is ${minimumROIDimensions}`,
      { details: { dims, minimumROIDimensions } },
    );
  }
  if (minimumROISize !== null) {
    let count = 0;
    for (let i = 0; i < mask.data.length; i++) if (mask.data[i] === label) count++;
    if (count <= minimumROISize) {
      throw new AppError(
        'roi_too_small',
        `${what}: label ${label} has ${count} voxels, more than minimumROISize ${minimumROISize} needed`,
        { details: { count, minimumROISize } },
      );
    }
  }
  return box;
}

/** IBSI intensity rounding after interpolation (e.g. CT Hounsfield units): nearest integer. */
export function roundIntensities(image: Volume): Volume<Float64Array> {
  const out = new Float64Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(image.data[i]!);
  return { geometry: image.geometry, data: out };
}
