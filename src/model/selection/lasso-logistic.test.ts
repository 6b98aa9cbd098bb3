import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { featureTableFromRows, selectFeatures, selectRows } from './feature-table.js';
import { coefficientsAtLambda, crossValidateLassoLogistic } from './lasso-cv.js';
import { fitLassoLogisticPath } from './lasso-logistic.js';

const reference = loadRSelectionReference();
const table = featureTableFromRows(reference.feature_names, reference.x);
const labels = Uint8Array.from(reference.y);

/** Largest |ours − R| over a path, relative to max(1, |R|). */
function maxDifference(ours: ArrayLike<number>, theirs: readonly number[]): number {
  let worst = 0;
  theirs.forEach((expected, k) => {
    worst = Math.max(worst, Math.abs(ours[k]! - expected) / Math.max(1, Math.abs(expected)));
  });
  return worst;
}

/** Indices of the non-zero coefficients. */
function support(beta: ArrayLike<number>): number[] {
  return Array.from(beta).flatMap((value, j) => (value !== 0 ? [j] : []));
}

// Tolerances of issue #7: selected sets exactly, coefficients 1e-5, CV curve 1e-6. The R reference
// is glmnet at thresh = 1e-30 (see generate.R); the measured agreement is in the README.
const COEFFICIENT_TOLERANCE = 1e-5;
const CV_TOLERANCE = 1e-6;

/** Path against an R path: length, λ, intercepts, coefficients and non-zero sets at every λ. */
function expectPathMatches(
  path: ReturnType<typeof fitLassoLogisticPath>,
  expected: { lambda: number[]; a0: number[]; beta: number[][] },
): void {
  expect(path.lambda.length).toBe(expected.lambda.length);
  expect(maxDifference(path.lambda, expected.lambda)).toBeLessThan(1e-12);
  expect(maxDifference(path.intercept, expected.a0)).toBeLessThan(COEFFICIENT_TOLERANCE);
  expected.beta.forEach((betaR, k) => {
    expect(maxDifference(path.beta[k]!, betaR)).toBeLessThan(COEFFICIENT_TOLERANCE);
    expect(support(path.beta[k]!)).toEqual(support(betaR));
  });
}

/**
 * Largest violation of the LASSO optimality (KKT) conditions on the standardised scale, relative
 * to λ: with g_j = (1/n) Σ x̃_ij (y_i − p_i), |g_j| ≤ λ where β_j = 0 and g_j = λ sign(β_j)
 * elsewhere, and Σ (y_i − p_i) = 0 for the intercept. Computed here from the definition.
 */
function kktViolation(
  tableIn: ReturnType<typeof featureTableFromRows>,
  y: ArrayLike<number>,
  lambda: number,
  intercept: number,
  beta: Float64Array,
): number {
  const n = tableIn.rowCount;
  const error = Array.from({ length: n }, (_, i) => {
    let eta = intercept;
    beta.forEach((b, j) => {
      eta += b * tableIn.columns[j]![i]!;
    });
    return (y[i]! - 1 / (1 + Math.exp(-eta))) / n;
  });
  let worst = Math.abs(error.reduce((a, b) => a + b, 0)) / lambda;
  tableIn.columns.forEach((column, j) => {
    const mean = column.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(column.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    if (sd === 0) return;
    const g = error.reduce((sum, e, i) => sum + ((column[i]! - mean) / sd) * e, 0);
    const violation =
      beta[j] === 0 ? Math.max(0, Math.abs(g) - lambda) : Math.abs(g - lambda * Math.sign(beta[j]!));
    worst = Math.max(worst, violation / lambda);
  });
  return worst;
}

describe('fitLassoLogisticPath (glmnet binomial, alpha = 1)', () => {
  const path = fitLassoLogisticPath(table, labels);

  it('stops the default 100-λ path where glmnet does and reproduces its λ values', () => {
    expect(path.lambda.length).toBe(reference.path.lambda.length);
    expect(maxDifference(path.lambda, reference.path.lambda)).toBeLessThan(1e-12);
  });

  it('matches the coefficient path (intercept, 40 betas and the non-zero set at every λ)', () => {
    expectPathMatches(path, reference.path);
    path.beta.forEach((beta, k) => {
      expect(support(beta).length).toBe(reference.path.df[k]);
    });
  });

  it('satisfies the optimality (KKT) conditions at every λ', () => {
    path.lambda.forEach((lambda, k) => {
      expect(kktViolation(table, labels, lambda, path.intercept[k]!, path.beta[k]!)).toBeLessThan(1e-8);
    });
  });

  it('gives the same answer from a cold start at one λ as along the path (route-independent)', () => {
    for (const k of [7, 40, 74]) {
      const alone = fitLassoLogisticPath(table, labels, { lambda: [path.lambda[k]!] });
      expect(maxDifference(alone.beta[0]!, Array.from(path.beta[k]!))).toBeLessThan(1e-9);
      expect(maxDifference(alone.intercept, [path.intercept[k]!])).toBeLessThan(1e-9);
    }
  });

  it('matches the deviance ratio and null deviance', () => {
    expect(maxDifference(path.devianceRatio, reference.path.dev_ratio)).toBeLessThan(1e-10);
    expect(path.nullDeviance).toBeCloseTo(reference.path.nulldev, 9);
  });

  it('never selects the constant feature f40', () => {
    expect(path.beta.every((beta) => beta[39] === 0)).toBe(true);
  });

  it('uses lambda.min.ratio 0.01 when n < p (30 x 40) and matches R', () => {
    const rows = reference.path_small.rows.map((row) => row - 1);
    const small = fitLassoLogisticPath(
      selectRows(table, rows),
      Uint8Array.from(rows, (i) => labels[i]!),
    );
    expect(small.lambda.at(-1)! / small.lambda[0]!).toBeCloseTo(0.01, 12);
    expectPathMatches(small, reference.path_small);
  });

  it('fits a given λ sequence in full, without the early stop', () => {
    const lambda = Array.from({ length: 8 }, (_, k) => path.lambda[0]! * 0.5 ** k);
    const given = fitLassoLogisticPath(table, labels, { lambda });
    expect(Array.from(given.lambda)).toEqual(lambda);
    expect(support(given.beta[0]!)).toEqual([]);
  });

  it('ends the path with a warning when the pass limit is reached', () => {
    const cut = fitLassoLogisticPath(table, labels, { maxPasses: 1 });
    expect(cut.lambda.length).toBe(1);
    expect(cut.warning).toMatch(/did not converge within 1 passes at lambda number 2/);
  });

  it('rejects a single-class outcome and invalid settings', () => {
    expect(() => fitLassoLogisticPath(table, new Uint8Array(table.rowCount))).toThrow(/only one class/);
    expect(() => fitLassoLogisticPath(table, labels, { lambda: [0.1, 0.2] })).toThrow(/decreasing/);
    expect(() => fitLassoLogisticPath(table, labels, { lambdaCount: 2 })).toThrow(/lambdaCount/);
    expect(() => fitLassoLogisticPath(table, labels, { lambdaMinRatio: 1 })).toThrow(/lambdaMinRatio/);
    expect(() => fitLassoLogisticPath(table, labels, { tolerance: 0 })).toThrow(/tolerance/);
  });
});

describe('crossValidateLassoLogistic (cv.glmnet, deviance, given fold ids)', () => {
  const cv = crossValidateLassoLogistic(table, labels, reference.foldid);

  it('matches the cv curve: cvm and cvsd to 1e-6 at every λ', () => {
    expect(cv.cvm.length).toBe(reference.cv.cvm.length);
    expect(maxDifference(cv.cvm, reference.cv.cvm)).toBeLessThan(CV_TOLERANCE);
    expect(maxDifference(cv.cvsd, reference.cv.cvsd)).toBeLessThan(CV_TOLERANCE);
  });

  it('chooses the same λ.min and λ.1se and the same selected features', () => {
    expect(cv.lambdaMin).toBeCloseTo(reference.cv.lambda_min, 14);
    expect(cv.lambda1se).toBeCloseTo(reference.cv.lambda_1se, 14);
    const selectedAt = (index: number) => table.featureNames.filter((_, j) => cv.path.beta[index]![j] !== 0);
    expect(selectedAt(cv.indexMin)).toEqual(reference.cv.selected_min);
    expect(selectedAt(cv.index1se)).toEqual(reference.cv.selected_1se);
  });

  it('rejects fold ids of the wrong length or with an empty fold', () => {
    expect(() => crossValidateLassoLogistic(table, labels, reference.foldid.slice(1))).toThrow(/Fold ids/);
    const gap = reference.foldid.map((id) => (id === 2 ? 3 : id));
    expect(() => crossValidateLassoLogistic(table, labels, gap)).toThrow(/non-empty/);
  });

  it('names the fold whose training rows have a single class', () => {
    // Fold 1 holds every positive row, so the rows outside it are all negative.
    const foldIds = reference.y.map((label, i) => (label === 1 ? 1 : (i % 3) + 2));
    expect(() => crossValidateLassoLogistic(table, labels, foldIds)).toThrow(
      /outside fold 1 contain only one class/,
    );
  });
});

describe('nearly separable data (60 x 12): glmnet stops at dev.ratio > 0.999', () => {
  const sep = reference.separable;
  const rows = sep.rows.map((row) => row - 1);
  const sepTable = selectFeatures(selectRows(table, rows), sep.features);
  const sepLabels = Uint8Array.from(sep.y);

  it('stops the path at the same λ and matches it', () => {
    const path = fitLassoLogisticPath(sepTable, sepLabels);
    expect(path.devianceRatio.at(-1)!).toBeGreaterThan(0.999);
    expectPathMatches(path, sep);
    expect(maxDifference(path.devianceRatio, sep.dev_ratio)).toBeLessThan(1e-8);
  });

  it('matches cv.glmnet where fold paths end at different λ', () => {
    const cv = crossValidateLassoLogistic(sepTable, sepLabels, sep.foldid);
    expect(maxDifference(cv.cvm, sep.cvm)).toBeLessThan(CV_TOLERANCE);
    expect(maxDifference(cv.cvsd, sep.cvsd)).toBeLessThan(CV_TOLERANCE);
    expect(cv.lambdaMin).toBeCloseTo(sep.lambda_min, 14);
    expect(cv.lambda1se).toBeCloseTo(sep.lambda_1se, 14);
  });
});

describe('coefficientsAtLambda', () => {
  const path = fitLassoLogisticPath(table, labels);

  it('returns the path point itself at a path λ and blends linearly in between', () => {
    expect(coefficientsAtLambda(path, path.lambda[10]!).intercept).toBe(path.intercept[10]);
    const middle = (path.lambda[10]! + path.lambda[11]!) / 2;
    const blended = coefficientsAtLambda(path, middle).intercept;
    expect(blended).toBeCloseTo((path.intercept[10]! + path.intercept[11]!) / 2, 12);
  });

  it('clamps λ beyond the path ends', () => {
    expect(coefficientsAtLambda(path, 1e9).intercept).toBe(path.intercept[0]);
    expect(coefficientsAtLambda(path, 0).intercept).toBe(path.intercept.at(-1));
  });
});
