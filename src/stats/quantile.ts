/**
 * Sample quantiles by Hyndman & Fan's type 7 (R's default `quantile(x, probs, type = 7)`):
 * with the sorted sample x₍₁₎ ≤ … ≤ x₍ₙ₎, h = 1 + (n − 1)·prob, l = ⌊h⌋, it is
 * (1 − (h − l))·x₍ₗ₎ + (h − l)·x₍ₗ₊₁₎. The arithmetic follows R's order of operations so that
 * breaks built from these quantiles coincide with R's to the last bit.
 */
export function quantileType7(values: ArrayLike<number>, probs: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return probs.map(() => Number.NaN);
  return probs.map((prob) => {
    const index = 1 + Math.max(n - 1, 0) * prob;
    const lo = Math.floor(index);
    const hi = Math.ceil(index);
    const low = sorted[lo - 1]!;
    const high = sorted[hi - 1]!;
    if (!(index > lo && high !== low)) return low;
    const h = index - lo;
    return (1 - h) * low + h * high;
  });
}
