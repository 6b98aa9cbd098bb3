/**
 * Maximum-likelihood logistic regression for the one- and two-parameter models that calibration
 * needs, by Newton–Raphson (the same iteration as R's IRLS in `glm(family = binomial)`), run to
 * machine precision instead of R's default deviance tolerance of 1e-8. Written here rather than taken
 * from a library: the models are tiny and we need the exact MLE to match R.
 */

const MAX_ITERATIONS = 100;
const STEP_TOLERANCE = 1e-13;

function expit(eta: number): number {
  return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
}

/**
 * Intercept a of logit P(y = 1) = a + offset, the slope on the offset fixed at 1.
 * Newton step: a ← a + Σ(yᵢ − μᵢ) / Σ μᵢ(1 − μᵢ). The MLE exists whenever both outcomes occur.
 */
export function fitInterceptWithOffset(y: ArrayLike<number>, offset: ArrayLike<number>): number {
  let a = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let gradient = 0;
    let information = 0;
    for (let i = 0; i < y.length; i++) {
      const mu = expit(a + offset[i]!);
      gradient += y[i]! - mu;
      information += mu * (1 - mu);
    }
    const step = gradient / information;
    a += step;
    if (Math.abs(step) < STEP_TOLERANCE * (1 + Math.abs(a))) return a;
  }
  return Number.NaN;
}

/**
 * Coefficients (a, b) of logit P(y = 1) = a + b·x. Returns NaNs when the MLE does not exist: when x
 * separates the outcomes (every x of one class ≤ every x of the other; complete or quasi-complete
 * separation, Albert & Anderson 1984) or when x is constant.
 */
export function fitSimpleLogistic(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
): { intercept: number; slope: number } {
  const none = { intercept: Number.NaN, slope: Number.NaN };
  if (separates(y, x)) return none;
  let a = 0;
  let b = 0;
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
    const stepA = (ibb * ga - iab * gb) / determinant;
    const stepB = (iaa * gb - iab * ga) / determinant;
    a += stepA;
    b += stepB;
    if (
      Math.abs(stepA) < STEP_TOLERANCE * (1 + Math.abs(a)) &&
      Math.abs(stepB) < STEP_TOLERANCE * (1 + Math.abs(b))
    ) {
      return { intercept: a, slope: b };
    }
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
