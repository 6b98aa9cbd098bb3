import { normalQuantile } from './distributions.js';

/** A proportion with its confidence interval; all NaN when the denominator is 0. */
export interface Proportion {
  readonly estimate: number;
  readonly successes: number;
  readonly trials: number;
  readonly ci: readonly [number, number];
}

/**
 * Wilson score interval without continuity correction (Wilson 1927), as R
 * `prop.test(x, n, correct = FALSE)$conf.int`: with p̂ = x/n and z = Φ⁻¹(1 − α/2),
 * (p̂ + z²/2n ± z √(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). It stays inside [0, 1] and, unlike the
 * Wald interval, is not degenerate at x = 0 or x = n.
 */
export function wilsonProportion(successes: number, trials: number, confidenceLevel = 0.95): Proportion {
  if (trials === 0) {
    return { estimate: Number.NaN, successes, trials, ci: [Number.NaN, Number.NaN] };
  }
  const p = successes / trials;
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const z2n = (z * z) / trials;
  const centre = p + z2n / 2;
  const half = z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  const denominator = 1 + z2n;
  const lower = successes === 0 ? 0 : (centre - half) / denominator;
  const upper = successes === trials ? 1 : (centre + half) / denominator;
  return { estimate: p, successes, trials, ci: [Math.max(0, lower), Math.min(1, upper)] };
}
