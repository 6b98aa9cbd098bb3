/**
 * Maximum-likelihood logistic regression for the one- and two-parameter models that calibration
 * needs. Written here rather than taken from a library: the models are tiny, we need the exact MLE
 * to match R's `glm(family = binomial)`, and we need it to stay robust where plain Newton/IRLS is
 * not, e.g. random-forest probabilities of exactly 0 or 1 that clip to logits of ±13.8.
 */

const MAX_ITERATIONS = 200;
const STEP_TOLERANCE = 1e-13;

function expit(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/** ln(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
}

/**
 * Intercept a of logit P(y = 1) = a + offset, the slope on the offset fixed at 1: the root of the
 * score U(a) = Σ(yᵢ − expit(a + offsetᵢ)), which decreases strictly in a. Newton steps are taken
 * inside a bracket [lo, hi] with U(lo) > 0 > U(hi) and replaced by bisection when they would leave
 * it, so the iteration converges from any start. The MLE exists whenever both outcomes occur.
 */
export function fitInterceptWithOffset(y: ArrayLike<number>, offset: ArrayLike<number>): number {
  const score = (a: number) => {
    let u = 0;
    let information = 0;
    for (let i = 0; i < y.length; i++) {
      const mu = expit(a + offset[i]!);
      u += y[i]! - mu;
      information += mu * (1 - mu);
    }
    return { u, information };
  };
  // Bracket the root by doubling outwards from 0.
  let lo = -1;
  let hi = 1;
  while (score(lo).u <= 0 && lo > -1e6) lo *= 2;
  while (score(hi).u >= 0 && hi < 1e6) hi *= 2;
  if (!(score(lo).u > 0 && score(hi).u < 0)) return Number.NaN; // a single class: no finite MLE
  let a = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const { u, information } = score(a);
    if (u === 0) return a;
    if (u > 0) lo = a;
    else hi = a;
    let next = a + u / information;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - a) < STEP_TOLERANCE * (1 + Math.abs(a))) return next;
    a = next;
  }
  return Number.NaN;
}

/**
 * Coefficients (a, b) of logit P(y = 1) = a + b·x by Newton–Raphson with step halving on the
 * log-likelihood ℓ = Σ yᵢηᵢ − ln(1 + e^ηᵢ), which is concave, so the damped iteration converges to
 * the MLE from any start. Returns NaNs when the MLE does not exist: when x separates the outcomes
 * (every x of one class ≤ every x of the other; complete or quasi-complete separation, Albert &
 * Anderson 1984) or when x is constant.
 */
export function fitSimpleLogistic(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
): { intercept: number; slope: number } {
  const none = { intercept: Number.NaN, slope: Number.NaN };
  if (separates(y, x)) return none;
  const logLikelihood = (a: number, b: number) => {
    let l = 0;
    for (let i = 0; i < y.length; i++) {
      const eta = a + b * x[i]!;
      l += y[i]! * eta - softplus(eta);
    }
    return l;
  };
  let a = 0;
  let b = 0;
  let current = logLikelihood(a, b);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let ga = 0;
    let gb = 0;
    let iaa = 0;
    let iab = 0;
    let ibb = 0;
    for (let i = 0; i < y.length; i++) {
      const xi = x[i]!;
      const mu = expit(a + b * xi);
      const w = mu * (1 - mu);
      ga += y[i]! - mu;
      gb += (y[i]! - mu) * xi;
      iaa += w;
      iab += w * xi;
      ibb += w * xi * xi;
    }
    const determinant = iaa * ibb - iab * iab;
    if (!(determinant > 0)) return none;
    let stepA = (ibb * ga - iab * gb) / determinant;
    let stepB = (iaa * gb - iab * ga) / determinant;
    if (
      Math.abs(stepA) < STEP_TOLERANCE * (1 + Math.abs(a)) &&
      Math.abs(stepB) < STEP_TOLERANCE * (1 + Math.abs(b))
    ) {
      return { intercept: a + stepA, slope: b + stepB };
    }
    // Halve the Newton step while the log-likelihood falls (beyond rounding noise, which near the
    // optimum is larger than the true change and must not stall the iteration).
    const noise = 1e-9 * (1 + Math.abs(current));
    let next = logLikelihood(a + stepA, b + stepB);
    for (let halving = 0; halving < 60 && !(next >= current - noise); halving++) {
      stepA /= 2;
      stepB /= 2;
      next = logLikelihood(a + stepA, b + stepB);
    }
    a += stepA;
    b += stepB;
    current = next;
  }
  return none;
}

/** True when a single cut on x splits the outcomes with at most ties at the cut (no finite MLE). */
function separates(y: ArrayLike<number>, x: ArrayLike<number>): boolean {
  let maxCase = Number.NEGATIVE_INFINITY;
  let minCase = Number.POSITIVE_INFINITY;
  let maxControl = Number.NEGATIVE_INFINITY;
  let minControl = Number.POSITIVE_INFINITY;
  for (let i = 0; i < y.length; i++) {
    const xi = x[i]!;
    if (y[i] === 1) {
      maxCase = Math.max(maxCase, xi);
      minCase = Math.min(minCase, xi);
    } else {
      maxControl = Math.max(maxControl, xi);
      minControl = Math.min(minControl, xi);
    }
  }
  return minCase >= maxControl || minControl >= maxCase;
}
