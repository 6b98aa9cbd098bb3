import { erfc, logGamma, normalCdf, normalUpperTail } from '../../stats/distributions.js';

export { erfc, logGamma, normalCdf, normalUpperTail };

/**
 * Student's t CDF (non-integer degrees of freedom, for Welch's test) on top of the normal CDF,
 * erfc and ln Γ of `src/stats/distributions.ts` (re-exported here for the univariate tests).
 *
 * P(T ≤ −|t|) = ½ I_{ν/(ν+t²)}(ν/2, ½) (A&S 26.7.1 with 26.5.27), with I_x(a, b) from its continued
 * fraction (A&S 26.5.8) by modified Lentz (Lentz 1976; Thompson & Barnett 1986), using the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) when x > (a+1)/(a+b+2) so the fraction converges fast; 1 − x is
 * passed separately so no digits are lost near t = 0.
 *
 * Precision (checked against R's `pt` and `pnorm` in the tests): t CDF ~1e-13 relative for ν up to
 * ~1e3, degrading slowly for larger ν because ln B(ν/2, ½) grows.
 */

/** Smallest magnitude the Lentz recurrences may divide by (avoids 0/0 on exact cancellations). */
const LENTZ_TINY = 1e-300;
const MAX_ITERATIONS = 10_000;
const RELATIVE_EPSILON = 1e-16;

/** Continued fraction of I_x(a, b) (A&S 26.5.8), modified Lentz; converges for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < RELATIVE_EPSILON) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b). `oneMinusX` is passed separately so callers that know
 * 1 − x exactly (the t CDF near t = 0) lose no digits to the subtraction.
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, oneMinusX = 1 - x): number {
  if (x <= 0) return 0;
  if (oneMinusX <= 0) return 1;
  const logPrefactor =
    a * Math.log(x) + b * Math.log(oneMinusX) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  if (x < (a + 1) / (a + b + 2)) {
    return (Math.exp(logPrefactor) * betaContinuedFraction(a, b, x)) / a;
  }
  return 1 - (Math.exp(logPrefactor) * betaContinuedFraction(b, a, oneMinusX)) / b;
}

/** Student's t CDF P(T ≤ t) with ν > 0 degrees of freedom (ν need not be an integer). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t) || !(degreesOfFreedom > 0)) return Number.NaN;
  if (t === 0) return 0.5;
  const t2 = t * t;
  const x = degreesOfFreedom / (degreesOfFreedom + t2);
  const oneMinusX = t2 / (degreesOfFreedom + t2);
  const tail = 0.5 * regularizedIncompleteBeta(degreesOfFreedom / 2, 0.5, x, oneMinusX);
  return t < 0 ? tail : 1 - tail;
}

/** P(T ≤ −|t|): one tail of Student's t without the cancellation of 1 − CDF. */
export function studentTLowerTailOfAbs(t: number, degreesOfFreedom: number): number {
  return studentTCdf(-Math.abs(t), degreesOfFreedom);
}
