/**
 * Distribution functions needed by the evaluation statistics, written here so the numbers do not
 * depend on a third-party numeric library: the standard normal CDF and quantile and the chi-square
 * upper tail. Each agrees with R (`pnorm`, `qnorm`, `pchisq`) to about 1e-15 relative (see
 * distributions.test.ts, which compares with values written by test/fixtures/r/generate.R).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const DOUBLE_EPSILON = 2 ** -52;
const TINY = 1e-300;

/**
 * erf(z) for 0 ≤ z < 1 by the series with positive terms only (Abramowitz & Stegun 7.1.6):
 * erf(z) = 2/√π · e^(−z²) · Σₙ 2ⁿ z^(2n+1) / (1·3·…·(2n+1)).
 */
function erfSeries(z: number): number {
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (2 * z * z) / (2 * n + 1);
    sum += term;
    if (term < sum * DOUBLE_EPSILON * 0.25) break;
  }
  return (2 / SQRT_PI) * Math.exp(-z * z) * sum;
}

/**
 * Scaled complement e^(z²)·erfc(z) for z ≥ 1 by the continued fraction (Abramowitz & Stegun 7.1.14)
 * e^(z²)·erfc(z) = (1/√π) · 1/(z + (1/2)/(z + (2/2)/(z + (3/2)/(z + …)))), evaluated with the
 * modified Lentz method (Numerical Recipes 3rd ed. §5.2). It needs at most ~190 terms at z = 1 and
 * far fewer further out.
 */
function scaledErfcContinuedFraction(z: number): number {
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 1000; n++) {
    const a = n / 2;
    d = z + a * d;
    if (d === 0) d = TINY;
    c = z + a / c;
    if (c === 0) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < DOUBLE_EPSILON) break;
  }
  return 1 / (SQRT_PI * f);
}

/**
 * e^(−x²/2) with full relative precision for large |x|: x² is split as xₕ² + (x − xₕ)(x + xₕ) with
 * xₕ = x rounded to 1/16, so the rounding error of x² is not amplified by the exponential (the same
 * device as Cody's algorithm in R's pnorm).
 */
function gaussianKernel(x: number): number {
  const xh = Math.trunc(x * 16) / 16;
  const rest = (x - xh) * (x + xh);
  return Math.exp((-xh * xh) / 2) * Math.exp(-rest / 2);
}

/** Complementary error function erfc(z) = 1 − erf(z), accurate relative to erfc in both tails. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z < 0) return 2 - erfc(-z);
  if (z < 1) return 1 - erfSeries(z);
  if (z > 27.3) return 0; // e^(−z²) underflows below the smallest double
  return gaussianKernel(z * Math.SQRT2) * scaledErfcContinuedFraction(z);
}

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2; the lower tail keeps full relative precision. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const z = Math.abs(x) / Math.SQRT2;
  // Tail mass beyond |x|, computed from x itself so that e^(−x²/2) is exact to rounding.
  const tail = z < 1 ? erfc(z) / 2 : z > 27.3 ? 0 : (gaussianKernel(x) * scaledErfcContinuedFraction(z)) / 2;
  return x < 0 ? tail : 1 - tail;
}

/** Standard normal upper tail 1 − Φ(x), computed without cancellation for large x. */
export function normalUpperTail(x: number): number {
  return normalCdf(-x);
}

/**
 * Standard normal quantile Φ⁻¹(p). Starts from the rational approximation of Abramowitz & Stegun
 * 26.2.23 (|error| < 4.5e-4) and refines it with Halley's method on the lower-tail CDF above, whose
 * cubic convergence reaches double precision in three steps.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantile(1 - p);
  if (p === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3)
  );
  for (let step = 0; step < 4; step++) {
    const density = Math.exp((-x * x) / 2) / SQRT_2PI;
    const u = (normalCdf(x) - p) / density;
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Lanczos coefficients for g = 7, n = 9 (Godfrey's set), relative error of ln Γ below 1e-15. */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(a) for a > 0 by the Lanczos approximation (Lanczos 1964; coefficients by P. Godfrey). */
export function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
  const x = a - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (x + i);
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** e^(−x) xᵃ / Γ(a), the common prefactor of both incomplete-gamma expansions, in log space. */
function gammaPrefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/**
 * Regularized lower incomplete gamma P(a, x) by its series (Abramowitz & Stegun 6.5.29):
 * P(a, x) = e^(−x) xᵃ / Γ(a) · Σₙ xⁿ / (a (a+1) … (a+n)). Used for x < a + 1, where it converges fast.
 */
function lowerGammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10_000; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * DOUBLE_EPSILON) break;
  }
  return sum * gammaPrefactor(a, x);
}

/**
 * Regularized upper incomplete gamma Q(a, x) by Legendre's continued fraction (Abramowitz & Stegun
 * 6.5.31) with the modified Lentz method (Numerical Recipes 3rd ed. §6.2). Used for x ≥ a + 1.
 */
function upperGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < DOUBLE_EPSILON) break;
  }
  return gammaPrefactor(a, x) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), for a > 0, x ≥ 0. */
export function upperRegularizedGamma(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaContinuedFraction(a, x);
}

/** Chi-square upper tail P(X > statistic) for `df` degrees of freedom: Q(df/2, statistic/2). */
export function chiSquareUpperTail(statistic: number, df: number): number {
  if (df <= 0) return Number.NaN;
  if (statistic <= 0) return 1;
  return upperRegularizedGamma(df / 2, statistic / 2);
}

/** Chi-square CDF P(X ≤ statistic) for `df` degrees of freedom. */
export function chiSquareCdf(statistic: number, df: number): number {
  if (df <= 0) return Number.NaN;
  if (statistic <= 0) return 0;
  const a = df / 2;
  const x = statistic / 2;
  return x < a + 1 ? lowerGammaSeries(a, x) : 1 - upperGammaContinuedFraction(a, x);
}

/**
 * Continued fraction of the incomplete beta function (Abramowitz & Stegun 26.5.8), evaluated with the
 * modified Lentz method; converges quickly for x < (a + 1)/(a + b + 2).
 */
function incompleteBetaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    // even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m))
    let an = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    an = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + an * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < DOUBLE_EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta Iₓ(a, b) = B(x; a, b)/B(a, b) for a, b > 0, 0 ≤ x ≤ 1:
 * xᵃ(1 − x)ᵇ / (a B(a, b)) times the continued fraction, using Iₓ(a, b) = 1 − I₁₋ₓ(b, a) on the side
 * where the fraction would converge slowly (Numerical Recipes 3rd ed. §6.4). A caller that knows
 * 1 − x exactly (Student's t near t = 0, where x rounds towards 1) passes it as `oneMinusX` so no
 * digits are lost to the subtraction.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, oneMinusX?: number): number {
  if (Number.isNaN(x) || a <= 0 || b <= 0) return Number.NaN;
  if (x <= 0) return 0;
  if (oneMinusX === undefined ? x >= 1 : oneMinusX <= 0) return 1;
  const logOneMinusX = oneMinusX === undefined ? Math.log1p(-x) : Math.log(oneMinusX);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * logOneMinusX);
  if (x < (a + 1) / (a + b + 2)) return (front * incompleteBetaContinuedFraction(a, b, x)) / a;
  return 1 - (front * incompleteBetaContinuedFraction(b, a, oneMinusX ?? 1 - x)) / b;
}

/** F distribution CDF P(F ≤ f) on (d1, d2) degrees of freedom: I_{d1 f/(d1 f + d2)}(d1/2, d2/2). */
export function fCdf(f: number, d1: number, d2: number): number {
  if (f <= 0) return 0;
  if (f === Number.POSITIVE_INFINITY) return 1;
  return regularizedIncompleteBeta((d1 * f) / (d1 * f + d2), d1 / 2, d2 / 2);
}

/** F distribution upper tail P(F > f) = I_{d2/(d2 + d1 f)}(d2/2, d1/2), exact in the far tail. */
export function fUpperTail(f: number, d1: number, d2: number): number {
  if (f <= 0) return 1;
  if (f === Number.POSITIVE_INFINITY) return 0;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/**
 * F distribution quantile: the f with P(F ≤ f) = p, for any positive (also non-integer) degrees of
 * freedom. Found by bisection on log f (the CDF is monotone), first bracketing the root by doubling;
 * 200 halvings bound the relative error by the double precision of the CDF itself.
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(d1 > 0) || !(d2 > 0)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return Number.POSITIVE_INFINITY;
  // Compare in the tail where the CDF is accurate: P(F > f) against 1 − p above the median.
  const below = p <= 0.5 ? (f: number) => fCdf(f, d1, d2) < p : (f: number) => fUpperTail(f, d1, d2) > 1 - p;
  let lo = 1;
  let hi = 1;
  while (below(hi) && hi < 1e300) hi *= 2;
  while (!below(lo) && lo > 1e-300) lo /= 2;
  for (let i = 0; i < 200 && hi - lo > hi * DOUBLE_EPSILON; i++) {
    const mid = Math.sqrt(lo * hi);
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
