import { normalCdf, normalUpperTail, studentTLowerTailOfAbs } from './distributions.js';

/** Result of a two-sample test; `statistic` is W for Mann–Whitney and t for Welch. */
export interface TwoSampleTestResult {
  readonly statistic: number;
  readonly pValue: number;
  /** Welch–Satterthwaite degrees of freedom (Welch only). */
  readonly degreesOfFreedom?: number;
}

/** Mid-ranks (ties get the average of the ranks they span), 1-based as in R's `rank`. */
export function midRanks(values: ArrayLike<number>): { ranks: Float64Array; tieSizes: number[] } {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = averageRank;
    tieSizes.push(end - start);
    start = end;
  }
  return { ranks, tieSizes };
}

/**
 * Two-sided Mann–Whitney U (Wilcoxon rank-sum) test with the normal approximation, tie
 * correction and continuity correction, as R's `wilcox.test(x, y, exact = FALSE, correct = TRUE)`:
 *
 *   W = Σ rank(x) − n_x(n_x+1)/2,   z = W − n_x n_y / 2,
 *   σ = √( n_x n_y / 12 · ( (N+1) − Σ(t³ − t) / (N(N−1)) ) ),   N = n_x + n_y, t = tie sizes,
 *   p = 2 · min(Φ(z'), 1 − Φ(z')),   z' = (z − sign(z)·½) / σ.
 *
 * Returns p = 1 when σ = 0 (all values tied), where R would return NaN.
 */
export function mannWhitneyU(x: ArrayLike<number>, y: ArrayLike<number>): TwoSampleTestResult {
  const nx = x.length;
  const ny = y.length;
  const pooled = new Float64Array(nx + ny);
  for (let i = 0; i < nx; i++) pooled[i] = x[i]!;
  for (let i = 0; i < ny; i++) pooled[nx + i] = y[i]!;
  const { ranks, tieSizes } = midRanks(pooled);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i]!;
  const w = rankSumX - (nx * (nx + 1)) / 2;
  const n = nx + ny;
  let tieTerm = 0;
  for (const t of tieSizes) tieTerm += t * t * t - t;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { statistic: w, pValue: 1 };
  const centred = w - (nx * ny) / 2;
  const z = (centred - Math.sign(centred) * 0.5) / sigma;
  const pValue = Math.min(1, 2 * Math.min(normalCdf(z), normalUpperTail(z)));
  return { statistic: w, pValue };
}

/** Mean (with one refinement pass, as R's `mean`) and sample variance (n − 1). */
function meanAndSampleVariance(values: ArrayLike<number>): [number, number] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  let mean = sum / values.length;
  let residual = 0;
  for (let i = 0; i < values.length; i++) residual += values[i]! - mean;
  mean += residual / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i]! - mean) ** 2;
  return [mean, squares / (values.length - 1)];
}

/**
 * Two-sided Welch t-test (unequal variances), as R's `t.test(x, y)`:
 *
 *   t = (x̄ − ȳ) / √(s_x²/n_x + s_y²/n_y),
 *   ν = (s_x²/n_x + s_y²/n_y)² / ( (s_x²/n_x)²/(n_x−1) + (s_y²/n_y)²/(n_y−1) ),
 *   p = 2 · P(T_ν ≤ −|t|).
 *
 * Needs at least two values per group. When both groups are constant (R stops with "data are
 * essentially constant") the limit is returned: p = 1 if the two values are equal, p = 0 with
 * t = ±∞ if they differ (a feature that separates the classes perfectly must not be filtered out).
 */
export function welchTTest(x: ArrayLike<number>, y: ArrayLike<number>): TwoSampleTestResult {
  const [meanX, varX] = meanAndSampleVariance(x);
  const [meanY, varY] = meanAndSampleVariance(y);
  const seX2 = varX / x.length;
  const seY2 = varY / y.length;
  const se = Math.sqrt(seX2 + seY2);
  if (!(se > 0)) {
    if (meanX === meanY) return { statistic: 0, pValue: 1, degreesOfFreedom: Number.NaN };
    return { statistic: meanX > meanY ? Infinity : -Infinity, pValue: 0, degreesOfFreedom: Number.NaN };
  }
  const degreesOfFreedom = se ** 4 / (seX2 ** 2 / (x.length - 1) + seY2 ** 2 / (y.length - 1));
  const t = (meanX - meanY) / se;
  return { statistic: t, pValue: 2 * studentTLowerTailOfAbs(t, degreesOfFreedom), degreesOfFreedom };
}
