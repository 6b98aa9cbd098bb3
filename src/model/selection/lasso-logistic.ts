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
  columns: (Float64Array | null)[]; // null for constant features
  means: Float64Array;
  scales: Float64Array;
}

/** Centres by the weighted mean and scales by the weighted (1/n) SD, as glmnet `lstandard1`. */
function standardise(table: FeatureTable, weights: Float64Array): StandardisedDesign {
  const p = table.columns.length;
  const means = new Float64Array(p);
  const scales = new Float64Array(p).fill(1);
  const columns = table.columns.map((raw, j) => {
    if (isConstant(raw)) return null;
    const mean = dot(weights, raw);
    const centred = raw.map((value) => value - mean);
    let ss = 0;
    for (let i = 0; i < centred.length; i++) ss += weights[i]! * (centred[i]! * centred[i]!);
    const scale = Math.sqrt(ss);
    means[j] = mean;
    scales[j] = scale;
    return centred.map((value) => value / scale);
  });
  return { columns, means, scales };
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
  const { columns: x, means, scales } = standardise(table, w);
  if (x.every((column) => column === null)) {
    throw new AppError('lasso_no_features', 'Every feature is constant; LASSO has nothing to fit.');
  }

  const fmax = Math.log(1 / PMIN - 1);
  const fmin = -fmax;
  const vmin = (1 + PMIN) * PMIN * (1 - PMIN);
  const q0 = dot(w, y);
  if (q0 <= PMIN || q0 >= 1 - PMIN) {
    throw new AppError('labels_one_class', 'Labels contain (almost) only one class; LASSO needs both.');
  }
  const bz = Math.log(q0 / (1 - q0));
  const vi = q0 * (1 - q0);
  const b = new Float64Array(p); // standardised coefficients
  const bs = new Float64Array(p);
  let b0 = bz;
  let bs0 = 0;
  const v = w.map((wi) => vi * wi);
  const r = Float64Array.from(y, (yi, i) => w[i]! * (yi - q0));
  const q = new Float64Array(n).fill(q0);
  let xmz = vi;
  const dev1 = -(bz * q0 + Math.log(1 - q0));
  let dev0 = dev1;
  for (let i = 0; i < n; i++) {
    if (y[i]! > 0) dev0 += w[i]! * y[i]! * Math.log(y[i]!);
    if (y[i]! < 1) dev0 += w[i]! * (1 - y[i]!) * Math.log(1 - y[i]!);
  }
  const alf = userLambda ? 1 : Math.max(EPS, lambdaMinRatio) ** (1 / (lambdaCount - 1));
  const xv = new Float64Array(p);
  const ga = new Float64Array(p);
  const strong = new Uint8Array(p); // glmnet ixx
  const activeOrder: number[] = []; // glmnet m(1:nin): features in order of first entry
  const isActive = new Uint8Array(p); // glmnet mm(k) != 0
  const shr = threshold * dev0;
  for (let j = 0; j < p; j++) if (x[j]) ga[j] = Math.abs(dot(r, x[j]!));

  const lambdas: number[] = [];
  const intercepts: number[] = [];
  const betas: Float64Array[] = [];
  const devRatios: number[] = [];
  let passes = 0;
  let al = 0;

  /** One soft-thresholded coordinate update; returns the change in β_k (0 if none). */
  const updateCoordinate = (k: number, al1: number): number => {
    const xk = x[k]!;
    const bk = b[k]!;
    const gk = dot(r, xk);
    const u = gk + xv[k]! * bk;
    const au = Math.abs(u) - al1;
    b[k] = au <= 0 ? 0 : (Math.sign(u) * au) / xv[k]!; // alpha = 1: no ridge term in the denominator
    const d = b[k]! - bk;
    if (Math.abs(d) <= 0) return 0;
    for (let i = 0; i < n; i++) r[i] = r[i]! - d * v[i]! * xk[i]!;
    return d;
  };
  const updateIntercept = (): number => {
    let sumR = 0;
    for (let i = 0; i < n; i++) sumR += r[i]!;
    const d = sumR / xmz;
    if (d === 0) return 0;
    b0 += d;
    for (let i = 0; i < n; i++) r[i] = r[i]! - d * v[i]!;
    return xmz * d * d;
  };
  const checkPasses = (lambdaIndex: number): void => {
    if (passes > maxPasses) {
      throw new AppError(
        'lasso_not_converged',
        `LASSO did not converge within ${maxPasses} passes at lambda number ${lambdaIndex + 1}.`,
        { details: { maxPasses, lambdaIndex } },
      );
    }
  };

  for (let ilm = 0; ilm < lambdaCount; ilm++) {
    let al0 = al;
    if (userLambda) al = userLambda[ilm]!;
    else if (ilm > 1) al *= alf;
    else if (ilm === 0) al = BIG;
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (x[j]) al0 = Math.max(al0, ga[j]!);
      al = alf * al0;
    }
    const al1 = al;
    const tlam = 2 * al - al0;
    for (let k = 0; k < p; k++) if (!strong[k] && x[k] && ga[k]! > tlam) strong[k] = 1;

    for (;;) {
      // IRLS step: solve the weighted least-squares LASSO around the current fit.
      bs0 = b0;
      for (const k of activeOrder) bs[k] = b[k]!;
      for (let j = 0; j < p; j++) {
        if (!strong[j]) continue;
        let sum = 0;
        const xj = x[j]!;
        for (let i = 0; i < n; i++) sum += v[i]! * (xj[i]! * xj[i]!);
        xv[j] = sum;
      }
      for (;;) {
        passes++;
        let dlx = 0;
        for (let k = 0; k < p; k++) {
          if (!strong[k]) continue;
          const d = updateCoordinate(k, al1);
          if (d === 0) continue;
          dlx = Math.max(dlx, xv[k]! * d * d);
          if (!isActive[k]) {
            isActive[k] = 1;
            activeOrder.push(k);
          }
        }
        dlx = Math.max(dlx, updateIntercept());
        if (dlx < shr) break;
        checkPasses(ilm);
        for (;;) {
          passes++;
          let dlxActive = 0;
          for (const k of activeOrder) {
            const d = updateCoordinate(k, al1);
            if (d !== 0) dlxActive = Math.max(dlxActive, xv[k]! * d * d);
          }
          dlxActive = Math.max(dlxActive, updateIntercept());
          if (dlxActive < shr) break;
          checkPasses(ilm);
        }
      }
      // New linear predictor, probabilities, weights and working residuals.
      for (let i = 0; i < n; i++) {
        let fi = b0;
        if (activeOrder.length > 0) {
          let s = 0;
          for (const k of activeOrder) s += b[k]! * x[k]![i]!;
          fi += s;
        }
        q[i] = fi < fmin ? 0 : fi > fmax ? 1 : 1 / (1 + Math.exp(-fi));
      }
      xmz = 0;
      for (let i = 0; i < n; i++) {
        v[i] = w[i]! * q[i]! * (1 - q[i]!);
        xmz += v[i]!;
      }
      if (xmz <= vmin) break;
      for (let i = 0; i < n; i++) r[i] = w[i]! * (y[i]! - q[i]!);
      if (xmz * (b0 - bs0) ** 2 >= shr) continue;
      if (activeOrder.some((k) => xv[k]! * (b[k]! - bs[k]!) ** 2 >= shr)) continue;
      // Converged on the strong set: KKT check on every other feature.
      let violated = false;
      for (let k = 0; k < p; k++) {
        if (strong[k] || !x[k]) continue;
        ga[k] = Math.abs(dot(r, x[k]!));
        if (ga[k]! > al1) {
          strong[k] = 1;
          violated = true;
        }
      }
      if (!violated) break;
    }

    const coefficients = new Float64Array(p);
    let offset = 0;
    for (const k of activeOrder) {
      coefficients[k] = b[k]! / scales[k]!;
      offset += coefficients[k]! * means[k]!;
    }
    lambdas.push(al);
    intercepts.push(b0 - offset);
    betas.push(coefficients);
    let devi = 0;
    for (let i = 0; i < n; i++) {
      const pi = Math.min(Math.max(PMIN, q[i]!), 1 - PMIN);
      devi -= w[i]! * (y[i]! * Math.log(pi) + (1 - y[i]!) * Math.log(1 - pi));
    }
    devRatios.push((dev1 - devi) / dev0);
    if (xmz <= vmin) break;
    if (ilm < Math.min(MNLAM, lambdaCount) - 1 || userLambda) continue;
    if (devRatios[ilm]! > DEVMAX) break;
    if (devRatios[ilm]! - devRatios[ilm - 1]! < FDEV) break;
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
    nullDeviance: 2 * n * dev0, // glmnet: 2 · (sum of weights) · dev0, weights all 1
  };
}
