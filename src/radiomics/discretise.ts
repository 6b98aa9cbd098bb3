import { AppError } from '../errors/index.js';

/**
 * Grey-level discretisation of the ROI intensities (IBSI 1 §3.4; PyRadiomics `getBinEdges` +
 * `binImage`). Levels start at 1. PyRadiomics mode reproduces numpy's arithmetic (arange / linspace
 * edges, `digitize`) so that values on a bin edge land in the same bin as in PyRadiomics.
 */

export interface DiscretisationOptions {
  readonly mode: 'pyradiomics' | 'ibsi';
  /** Fixed bin width W (used when `binCount` is null). */
  readonly binWidth: number;
  /** Fixed bin number N_g; takes precedence over `binWidth`, as in PyRadiomics. */
  readonly binCount: number | null;
  /**
   * IBSI fixed bin size only: the lower bound X_b of the first bin; the re-segmentation range's
   * lower bound when there is one, else the ROI minimum (null).
   */
  readonly lowerBound?: number | null;
}

export interface Discretised {
  /** Level of each input value, 1..binCount. */
  readonly levels: Int32Array;
  /** Highest level the scheme can produce (number of bins, N_g). */
  readonly binCount: number;
  /** Bin edges for the PyRadiomics schemes (numpy.digitize bins); null in IBSI mode. */
  readonly edges: Float64Array | null;
}

/** Discretises ROI intensities. `values` must be non-empty and finite. */
export function discretise(values: ArrayLike<number>, options: DiscretisationOptions): Discretised {
  if (values.length === 0) throw new AppError('roi_empty', 'cannot discretise an empty ROI');
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let n = 0; n < values.length; n++) {
    const v = values[n]!;
    if (!Number.isFinite(v))
      throw new AppError('roi_invalid', `ROI intensity ${v} at ROI voxel ${n} is not finite`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (options.binCount === null && !(options.binWidth > 0)) {
    throw new AppError('params_invalid', `binWidth must be positive, found ${options.binWidth}`);
  }
  if (options.mode === 'ibsi') {
    return options.binCount !== null
      ? ibsiFixedBinNumber(values, min, max, options.binCount)
      : ibsiFixedBinSize(values, options.lowerBound ?? min, max, options.binWidth);
  }
  const edges =
    options.binCount !== null
      ? binCountEdges(min, max, options.binCount)
      : binWidthEdges(min, max, options.binWidth);
  const levels = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) levels[n] = digitize(values[n]!, edges);
  return { levels, binCount: edges.length - 1, edges };
}

/** Python's float modulo: the result takes the sign of the divisor (so it floors for negatives). */
export function pythonMod(a: number, b: number): number {
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  return m;
}

/**
 * PyRadiomics fixed bin width: lowBound = min − (min mod W), edges = numpy.arange(lowBound,
 * max + 2W, W), i.e. edges at multiples of W (≡ level floor(x/W) − floor(min/W) + 1). numpy's arange
 * fills start + i·(second − first), reproduced here.
 */
export function binWidthEdges(min: number, max: number, width: number): Float64Array {
  const low = min - pythonMod(min, width);
  const high = max + 2 * width;
  const count = Math.max(0, Math.ceil((high - low) / width));
  const delta = low + width - low;
  const edges = new Float64Array(count);
  for (let i = 0; i < count; i++) edges[i] = low + i * delta;
  if (edges.length === 1) return Float64Array.of(edges[0]! - 0.5, edges[0]! + 0.5);
  return edges;
}

/**
 * PyRadiomics fixed bin count: numpy.histogram(x, binCount) edges (numpy.linspace(min, max,
 * binCount + 1); min = max widens to ±0.5) with the last edge raised by 1 so the maximum falls
 * inside the last bin.
 */
export function binCountEdges(min: number, max: number, count: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / count;
  const edges = new Float64Array(count + 1);
  for (let i = 0; i <= count; i++) edges[i] = i * step + first;
  edges[count] = last + 1;
  return edges;
}

/** numpy.digitize(x, edges) for increasing edges: the number of edges ≤ x. */
export function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** IBSI fixed bin size (IBSI 1 eq. "FBS"): level = ⌊(x − X_b)/W⌋ + 1. */
function ibsiFixedBinSize(
  values: ArrayLike<number>,
  lowerBound: number,
  max: number,
  width: number,
): Discretised {
  const levels = new Int32Array(values.length);
  for (let n = 0; n < values.length; n++) {
    const level = Math.floor((values[n]! - lowerBound) / width) + 1;
    if (level < 1) {
      throw new AppError(
        'roi_invalid',
        `ROI intensity ${values[n]} lies below the discretisation lower bound ${lowerBound}`,
      );
    }
    levels[n] = level;
  }
  return { levels, binCount: Math.floor((max - lowerBound) / width) + 1, edges: null };
}

/**
 * IBSI fixed bin number (IBSI 1 eq. "FBN"): level = ⌊N_g (x − X_min)/(X_max − X_min)⌋ + 1, with
 * X_max itself in bin N_g; a flat ROI is all level 1.
 */
function ibsiFixedBinNumber(values: ArrayLike<number>, min: number, max: number, count: number): Discretised {
  const levels = new Int32Array(values.length);
  const range = max - min;
  for (let n = 0; n < values.length; n++) {
    levels[n] = range === 0 ? 1 : Math.min(count, Math.floor((count * (values[n]! - min)) / range) + 1);
  }
  return { levels, binCount: count, edges: null };
}
