import { AppError } from '../../errors/index.js';
import { type BinaryLabels, checkFinite, checkLabels, type FeatureTable } from './feature-table.js';

/**
 * LASSO logistic regression path with glmnet's semantics (`glmnet(x, y, family = "binomial")`,
 * alpha = 1, standardize = TRUE, intercept = TRUE, type.logistic = "Newton").
 *
 * Objective for each λ, with observation weights w_i = 1/n:
 *
 *   min_{β₀, β}  −Σ w_i [ y_i (β₀ + x_iᵀβ) − log(1 + e^{β₀ + x_iᵀβ}) ]  +  λ Σ_j |β_j|
 *
 * on features standardised by their mean and their 1/n standard deviation; the coefficients
 * are mapped back to the original scale afterwards (β_j / s_j, β₀ − Σ β_j m_j / s_j).
 *
 * The solver reproduces glmnet's `lognet2n` step for step, because glmnet stops at a
 * convergence threshold (thresh = 1e-7 on the weighted squared coefficient change) and its
 * answer therefore depends on the path it took, not only on the optimum:
 * - outer loop: IRLS (quadratic approximation with weights v_i = w_i p_i (1 − p_i));
 * - inner loop: cyclic coordinate descent with soft-thresholding over the "ever active" set,
 *   first a sweep over the strong set, then sweeps over the active set until converged;
 * - sequential strong rule (Tibshirani et al. 2012) to pick candidate features, followed by a
 *   KKT check on all others (a violator re-enters and the λ is solved again);
 * - λ path: λ_max = max_j |x_jᵀ(y − ȳ)w| (all β = 0 there), then λ_k = λ_max·r^{k/(nλ−1)}
 *   built by repeated multiplication, r = lambda.min.ratio; the first λ is reported as
 *   exp(2 log λ₂ − log λ₃) exactly as R's glmnet does;
 * - the path stops early as glmnet does when the deviance ratio exceeds 0.999 or improves by
 *   less than 1e-5 from one λ to the next (not before the 5th λ).
 * Each operation keeps glmnet's order of evaluation (e.g. sequential sums) so results agree
 * with R to rounding, far inside the 1e-5 the tests demand.
 *
 * Names used below ↔ glmnet's Fortran: curvature = xv, gradientAbs = ga, strong = ixx,
 * activeOrder = m(1:nin), irlsWeight = v, residual = r, weightSum = xmz, prob = q,
 * halfNullDeviance = dev0, nullLoss = dev1, convergenceBound = shr, lambdaStep = alf.
 *
 * Written here (no maintained JavaScript glmnet exists); the algorithm follows Friedman,
 * Hastie & Tibshirani (2010) "Regularization paths for generalized linear models via
 * coordinate descent", J Stat Softw 33(1), and the behaviour of glmnet 4.1.
 */

/** Settings mirroring glmnet's arguments and `glmnet.control()` defaults. */
export interface LassoLogisticOptions {
  /** Number of λ values (glmnet `nlambda`). @defaultValue 100 */
  lambdaCount?: number;
  /** λ_min / λ_max; glmnet's default is 0.01 when n < p else 1e-4. */
  lambdaMinRatio?: number;
  /** A decreasing λ sequence to use instead of the automatic one (glmnet `lambda`). */
  lambda?: readonly number[];
  /** Convergence threshold on max_j v_j Δβ_j² relative to the null deviance. @defaultValue 1e-7 */
  threshold?: number;
  /** Maximum number of coordinate-descent passes over all λ. @defaultValue 100000 */
  maxPasses?: number;
}

/** A fitted path: one intercept and coefficient vector (original feature scale) per λ. */
export interface LassoLogisticPath {
  readonly featureNames: readonly string[];
  readonly lambda: Float64Array;
  readonly intercept: Float64Array;
  /** `beta[k][j]`: coefficient of feature j at λ_k, on the original (unstandardised) scale. */
  readonly beta: readonly Float64Array[];
  /** Fraction of null deviance explained at each λ (glmnet `dev.ratio`). */
  readonly devianceRatio: Float64Array;
  /** Null deviance −2 Σ [y log ȳ + (1−y) log(1−ȳ)] (glmnet `nulldev`). */
  readonly nullDeviance: number;
  /** Set when the pass limit cut the path short (glmnet's convergence warning). */
  readonly warning?: string;
}

// glmnet.control() defaults.
const FDEV = 1e-5;
const DEVMAX = 0.999;
const EPS = 1e-6;
const BIG = 9.9e35;
const MNLAM = 5;
const PMIN = 1e-9;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** True when every value equals the first (glmnet `chkvars`): such a feature never enters. */
function isConstant(column: Float64Array): boolean {
  for (let i = 1; i < column.length; i++) if (column[i] !== column[0]) return false;
  return true;
}

interface StandardisedDesign {
  /** Standardised columns; a constant feature keeps an empty array and `usable` 0. */
  columns: Float64Array[];
  usable: Uint8Array;
  means: Float64Array;
  scales: Float64Array;
}

/** Centres by the weighted mean and scales by the weighted (1/n) SD, as glmnet `lstandard1`. */
function standardise(table: FeatureTable, weights: Float64Array): StandardisedDesign {
  const p = table.columns.length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p).fill(1);
  const usable = new Uint8Array(p);
  const columns = table.columns.map((raw, j) => {
    if (isConstant(raw)) return new Float64Array(0);
    usable[j] = 1;
    const mean = dot(weights, raw);
    const centred = raw.map((value) => value - mean);
    let ss = 0;
    for (let i = 0; i < centred.length; i++) ss += weights[i]! * (centred[i]! * centred[i]!);
    const scale = Math.sqrt(ss);
    means[j] = mean;
    scales[j] = scale;
    return centred.map((value) => value / scale);
  });
  return { columns, usable, means, scales };
}

/** glmnet's default lambda.min.ratio for n observations and p features. */
export function defaultLambdaMinRatio(rowCount: number, featureCount: number): number {
  return rowCount < featureCount ? 0.01 : 1e-4;
}

/** Fits the LASSO logistic path on all rows of `table` (labels 0/1; 1 is the modelled class). */
export function fitLassoLogisticPath(
  table: FeatureTable,
  labels: BinaryLabels,
  options: LassoLogisticOptions = {},
): LassoLogisticPath {
  const n = table.rowCount;
  const p = table.columns.length;
  const userLambda = options.lambda;
  const lambdaCount = userLambda ? userLambda.length : (options.lambdaCount ?? 100);
  const lambdaMinRatio = options.lambdaMinRatio ?? defaultLambdaMinRatio(n, p);
  const threshold = options.threshold ?? 1e-7;
  const maxPasses = options.maxPasses ?? 100_000;
  if (!userLambda && !(lambdaMinRatio > 0 && lambdaMinRatio < 1)) {
    throw new AppError('lasso_setting', `lambdaMinRatio must be in (0, 1); found ${lambdaMinRatio}.`, {
      details: { setting: 'lambdaMinRatio', value: lambdaMinRatio },
    });
  }
  if (
    userLambda &&
    (userLambda.length === 0 || userLambda.some((value, k) => k > 0 && value > userLambda[k - 1]!))
  ) {
    throw new AppError('lasso_setting', 'lambda must be a non-empty decreasing sequence.', {
      details: { setting: 'lambda', length: userLambda.length },
    });
  }
  if (!userLambda && lambdaCount < 3) {
    throw new AppError('lasso_setting', `lambdaCount must be at least 3; found ${lambdaCount}.`, {
      details: { setting: 'lambdaCount', value: lambdaCount },
    });
  }
  checkFinite(table);
  checkLabels(table, labels);

  const w = new Float64Array(n).fill(1 / n);
  const y = Float64Array.from(labels);
  // Every column is a Float64Array (never null) so the hot loops stay monomorphic.
  const { columns: x, usable, means, scales } = standardise(table, w);
  if (usable.every((flag) => flag === 0)) {
    throw new AppError('lasso_no_features', 'Every feature is constant; LASSO has nothing to fit.');
  }

  const etaMax = Math.log(1 / PMIN - 1);
  const etaMin = -etaMax;
  const weightSumMin = (1 + PMIN) * PMIN * (1 - PMIN); // below this the fit is saturated
  const meanLabel = dot(w, y);
  if (meanLabel <= PMIN || meanLabel >= 1 - PMIN) {
    throw new AppError('labels_one_class', 'Labels contain (almost) only one class; LASSO needs both.');
  }
  const nullIntercept = Math.log(meanLabel / (1 - meanLabel));
  const nullVariance = meanLabel * (1 - meanLabel);
  const beta = new Float64Array(p); // standardised coefficients
  const betaBefore = new Float64Array(p);
  let intercept = nullIntercept;
  let interceptBefore = 0;
  const irlsWeight = w.map((wi) => nullVariance * wi);
  const residual = Float64Array.from(y, (yi, i) => w[i]! * (yi - meanLabel));
  const prob = new Float64Array(n).fill(meanLabel);
  let weightSum = nullVariance;
  // Loss of the intercept-only model, −Σ w [y log ȳ + (1−y) log(1−ȳ)]; minus the saturated
  // model's loss (0 for 0/1 labels) it is half the null deviance per unit weight.
  const nullLoss = -(nullIntercept * meanLabel + Math.log(1 - meanLabel));
  let halfNullDeviance = nullLoss;
  for (let i = 0; i < n; i++) {
    if (y[i]! > 0) halfNullDeviance += w[i]! * y[i]! * Math.log(y[i]!);
    if (y[i]! < 1) halfNullDeviance += w[i]! * (1 - y[i]!) * Math.log(1 - y[i]!);
  }
  const lambdaStep = userLambda ? 1 : Math.max(EPS, lambdaMinRatio) ** (1 / (lambdaCount - 1));
  const curvature = new Float64Array(p);
  const gradientAbs = new Float64Array(p);
  const strong = new Uint8Array(p); // glmnet ixx
  const activeOrder: number[] = []; // glmnet m(1:nin): features in order of first entry
  const isActive = new Uint8Array(p); // glmnet mm(k) != 0
  const convergenceBound = threshold * halfNullDeviance;
  for (let j = 0; j < p; j++) if (usable[j]) gradientAbs[j] = Math.abs(dot(residual, x[j]!));

  const lambdas: number[] = [];
  const intercepts: number[] = [];
  const betas: Float64Array[] = [];
  const devRatios: number[] = [];
  let passes = 0;
  let lambda = 0;

  /** One soft-thresholded coordinate update; returns the change in β_k (0 if none). */
  const updateCoordinate = (k: number, penalty: number): number => {
    const xk = x[k]!;
    const betaOld = beta[k]!;
    const gradient = dot(residual, xk);
    const u = gradient + curvature[k]! * betaOld;
    const shrunk = Math.abs(u) - penalty;
    beta[k] = shrunk <= 0 ? 0 : (Math.sign(u) * shrunk) / curvature[k]!; // alpha = 1: no ridge term in the denominator
    const d = beta[k]! - betaOld;
    if (Math.abs(d) <= 0) return 0;
    for (let i = 0; i < n; i++) residual[i] = residual[i]! - d * irlsWeight[i]! * xk[i]!;
    return d;
  };
  const updateIntercept = (): number => {
    let sumR = 0;
    for (let i = 0; i < n; i++) sumR += residual[i]!;
    const d = sumR / weightSum;
    if (d === 0) return 0;
    intercept += d;
    for (let i = 0; i < n; i++) residual[i] = residual[i]! - d * irlsWeight[i]!;
    return weightSum * d * d;
  };
  /**
   * Pass limit reached at λ number `lambdaIndex + 1`: like glmnet ("solutions for larger lambdas
   * returned") the path ends at the previous λ with a warning; at the first λ there is no path.
   */
  let warning: string | undefined;
  const passLimitReached = (lambdaIndex: number): boolean => {
    if (passes <= maxPasses) return false;
    if (lambdaIndex === 0) {
      throw new AppError(
        'lasso_not_converged',
        `LASSO did not converge within ${maxPasses} passes at the first lambda.`,
        {
          details: { maxPasses },
        },
      );
    }
    warning = `LASSO did not converge within ${maxPasses} passes at lambda number ${lambdaIndex + 1}; the path ends at lambda number ${lambdaIndex}.`;
    return true;
  };

  lambdaLoop: for (let lambdaIndex = 0; lambdaIndex < lambdaCount; lambdaIndex++) {
    let previousLambda = lambda;
    if (userLambda) lambda = userLambda[lambdaIndex]!;
    else if (lambdaIndex > 1) lambda *= lambdaStep;
    else if (lambdaIndex === 0) lambda = BIG;
    else {
      previousLambda = 0;
      for (let j = 0; j < p; j++) if (usable[j]) previousLambda = Math.max(previousLambda, gradientAbs[j]!);
      lambda = lambdaStep * previousLambda;
    }
    const penalty = lambda; // alpha = 1: all of λ is the L1 penalty (glmnet al1 = α·λ)
    const strongRuleBound = 2 * lambda - previousLambda;
    for (let k = 0; k < p; k++)
      if (!strong[k] && usable[k] && gradientAbs[k]! > strongRuleBound) strong[k] = 1;

    for (;;) {
      // IRLS step: solve the weighted least-squares LASSO around the current fit.
      interceptBefore = intercept;
      for (const k of activeOrder) betaBefore[k] = beta[k]!;
      for (let j = 0; j < p; j++) {
        if (!strong[j]) continue;
        let sum = 0;
        const xj = x[j]!;
        for (let i = 0; i < n; i++) sum += irlsWeight[i]! * (xj[i]! * xj[i]!);
        curvature[j] = sum;
      }
      for (;;) {
        passes++;
        let maxChange = 0;
        for (let k = 0; k < p; k++) {
          if (!strong[k]) continue;
          const d = updateCoordinate(k, penalty);
          if (d === 0) continue;
          maxChange = Math.max(maxChange, curvature[k]! * d * d);
          if (!isActive[k]) {
            isActive[k] = 1;
            activeOrder.push(k);
          }
        }
        maxChange = Math.max(maxChange, updateIntercept());
        if (maxChange < convergenceBound) break;
        if (passLimitReached(lambdaIndex)) break lambdaLoop;
        for (;;) {
          passes++;
          let maxActiveChange = 0;
          for (const k of activeOrder) {
            const d = updateCoordinate(k, penalty);
            if (d !== 0) maxActiveChange = Math.max(maxActiveChange, curvature[k]! * d * d);
          }
          maxActiveChange = Math.max(maxActiveChange, updateIntercept());
          if (maxActiveChange < convergenceBound) break;
          if (passLimitReached(lambdaIndex)) break lambdaLoop;
        }
      }
      // New linear predictor, probabilities, weights and working residuals.
      for (let i = 0; i < n; i++) {
        let eta = intercept;
        if (activeOrder.length > 0) {
          let s = 0;
          for (const k of activeOrder) s += beta[k]! * x[k]![i]!;
          eta += s;
        }
        prob[i] = eta < etaMin ? 0 : eta > etaMax ? 1 : 1 / (1 + Math.exp(-eta));
      }
      // Accumulate in a block-local: `weightSum` is captured by a closure, and updating a
      // captured double in a loop allocates a heap number per step.
      let newWeightSum = 0;
      for (let i = 0; i < n; i++) {
        irlsWeight[i] = w[i]! * prob[i]! * (1 - prob[i]!);
        newWeightSum += irlsWeight[i]!;
      }
      weightSum = newWeightSum;
      if (weightSum <= weightSumMin) break;
      for (let i = 0; i < n; i++) residual[i] = w[i]! * (y[i]! - prob[i]!);
      const interceptMove = intercept - interceptBefore;
      if (weightSum * (interceptMove * interceptMove) >= convergenceBound) continue;
      const moved = activeOrder.some((k) => {
        const move = beta[k]! - betaBefore[k]!;
        return curvature[k]! * (move * move) >= convergenceBound;
      });
      if (moved) continue;
      // Converged on the strong set: KKT check on every other feature.
      let violated = false;
      for (let k = 0; k < p; k++) {
        if (strong[k] || !usable[k]) continue;
        gradientAbs[k] = Math.abs(dot(residual, x[k]!));
        if (gradientAbs[k]! > penalty) {
          strong[k] = 1;
          violated = true;
        }
      }
      if (!violated) break;
    }

    const coefficients = new Float64Array(p);
    let offset = 0;
    for (const k of activeOrder) {
      coefficients[k] = beta[k]! / scales[k]!;
      offset += coefficients[k]! * means[k]!;
    }
    lambdas.push(lambda);
    intercepts.push(intercept - offset);
    betas.push(coefficients);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(PMIN, prob[i]!), 1 - PMIN);
      loss -= w[i]! * (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi));
    }
    devRatios.push((nullLoss - loss) / halfNullDeviance);
    if (weightSum <= weightSumMin) break;
    if (lambdaIndex < Math.min(MNLAM, lambdaCount) - 1 || userLambda) continue;
    if (devRatios[lambdaIndex]! > DEVMAX) break;
    if (devRatios[lambdaIndex]! - devRatios[lambdaIndex - 1]! < FDEV) break;
  }

  if (!userLambda && lambdas.length >= 3) {
    // glmnet reports the first λ (solved as "infinity") as the log-linear extrapolation.
    lambdas[0] = Math.exp(2 * Math.log(lambdas[1]!) - Math.log(lambdas[2]!));
  }
  return {
    featureNames: table.featureNames,
    lambda: Float64Array.from(lambdas),
    intercept: Float64Array.from(intercepts),
    beta: betas,
    devianceRatio: Float64Array.from(devRatios),
    nullDeviance: 2 * n * halfNullDeviance, // glmnet: 2 · (sum of weights) · dev0, weights all 1
    ...(warning ? { warning } : {}),
  };
}
