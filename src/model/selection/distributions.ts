import {
  erfc,
  logGamma,
  normalCdf,
  normalUpperTail,
  regularizedIncompleteBeta,
} from '../../stats/distributions.js';

export { erfc, logGamma, normalCdf, normalUpperTail, regularizedIncompleteBeta };

/**
 * Student's t CDF (non-integer degrees of freedom, for Welch's test) on top of the normal CDF,
 * erfc, ln Γ and regularised incomplete beta of `src/stats/distributions.ts` (re-exported here for
 * the univariate tests).
 *
 * P(T ≤ −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½) (A&S 26.7.1 with 26.5.27); 1 − x = t²/(ν + t²) is passed to
 * the incomplete beta separately so no digits are lost near t = 0.
 *
 * Precision (checked against R's `pt` and `pnorm` in the tests): t CDF ~1e-13 relative for ν up to
 * ~1e3, degrading slowly for larger ν because ln B(ν/2, ½) grows.
 */

/** Student's t CDF P(T ≤ t) with ν > 0 degrees of freedom (ν need not be an integer). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (t === 0) return 0.5;
  const t2 = t * t;
  const x = degreesOfFreedom / (degreesOfFreedom + t2);
  const oneMinusX = t2 / (degreesOfFreedom + t2);
  const tail = 0.5 * regularizedIncompleteBeta(x, degreesOfFreedom / 2, 0.5, oneMinusX);
  return t < 0 ? tail : 1 - tail;
}

/** P(T ≤ −|t|): one tail of Student's t without the cancellation of 1 − CDF. */
export function studentTLowerTailOfAbs(t: number, degreesOfFreedom: number): number {
  return studentTCdf(-Math.abs(t), degreesOfFreedom);
}
