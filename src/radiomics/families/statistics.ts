/** Descriptive statistics on the ROI values, shared by firstorder and the IBSI intensity families. */

/** ROI values (mask = 1) of `image`, sorted ascending. */
export function sortedRoiValues(values: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k] === 1) n++;
  const out = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < mask.length; k++) if (mask[k] === 1) out[m++] = values[k]!;
  return out.sort();
}

/** numpy.percentile with linear interpolation: h = (n − 1)·q/100, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋). */
export function percentile(sorted: Float64Array, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k]!;
  return sum / values.length;
}

/** Central moment m_k = Σ (x − μ)^k / N. */
export function centralMoment(values: Float64Array, mu: number, k: number): number {
  return centralMoments(values, mu)[k - 2]!;
}

/** [m2, m3, m4] in one pass (no Math.pow: this runs over every ROI voxel). */
export function centralMoments(values: Float64Array, mu: number): [number, number, number] {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const n = values.length;
  return [m2 / n, m3 / n, m4 / n];
}

/** Σ |x − centre| / N. */
export function meanAbsoluteDeviation(values: Float64Array, centre: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]! - centre);
  return sum / values.length;
}

/** Mean absolute deviation, about their own mean, of the values with P10 ≤ x ≤ P90. */
export function robustMeanAbsoluteDeviation(sorted: Float64Array): number {
  const p10 = percentile(sorted, 10);
  const p90 = percentile(sorted, 90);
  // Sorted input: the kept values are one contiguous run.
  let lo = 0;
  while (lo < sorted.length && sorted[lo]! < p10) lo++;
  let hi = sorted.length;
  while (hi > lo && sorted[hi - 1]! > p90) hi--;
  const kept = sorted.subarray(lo, hi);
  return meanAbsoluteDeviation(kept, mean(kept));
}

/** Skewness m3 / m2^1.5; 0 for a flat region, as PyRadiomics. */
export function skewness(values: Float64Array, mu: number): number {
  const [m2, m3] = centralMoments(values, mu);
  return m2 === 0 ? 0 : m3 / m2 ** 1.5;
}

/** Kurtosis m4 / m2² (not excess); 0 for a flat region, as PyRadiomics. */
export function kurtosis(values: Float64Array, mu: number): number {
  const [m2, , m4] = centralMoments(values, mu);
  return m2 === 0 ? 0 : m4 / (m2 * m2);
}

/** Histogram of integer levels 1..ng (index 0 = level 1). */
export function levelHistogram(levels: Int32Array, ng: number): Float64Array {
  const counts = new Float64Array(ng);
  for (let k = 0; k < levels.length; k++) if (levels[k]! > 0) counts[levels[k]! - 1]! += 1;
  return counts;
}
