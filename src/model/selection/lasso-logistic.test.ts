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

describe('fitLassoLogisticPath (glmnet binomial, alpha = 1)', () => {
  const path = fitLassoLogisticPath(table, labels);

  it('stops the default 100-λ path where glmnet does and reproduces its λ values', () => {
    expect(path.lambda.length).toBe(reference.path.lambda.length);
    expect(maxDifference(path.lambda, reference.path.lambda)).toBeLessThan(1e-12);
  });

  it('matches the coefficient path (intercept and 40 betas at every λ) to 1e-9', () => {
    expect(maxDifference(path.intercept, reference.path.a0)).toBeLessThan(1e-9);
    reference.path.beta.forEach((betaR, k) => {
      expect(maxDifference(path.beta[k]!, betaR)).toBeLessThan(1e-9);
      const nonzero = Array.from(path.beta[k]!).filter((value) => value !== 0).length;
      expect(nonzero).toBe(reference.path.df[k]);
    });
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
    expect(small.lambda.length).toBe(reference.path_small.lambda.length);
    expect(maxDifference(small.lambda, reference.path_small.lambda)).toBeLessThan(1e-12);
    expect(small.lambda.at(-1)! / small.lambda[0]!).toBeCloseTo(0.01, 12);
    expect(maxDifference(small.intercept, reference.path_small.a0)).toBeLessThan(1e-9);
    reference.path_small.beta.forEach((betaR, k) => {
      expect(maxDifference(small.beta[k]!, betaR)).toBeLessThan(1e-9);
    });
  });

  it('rejects a single-class outcome', () => {
    expect(() => fitLassoLogisticPath(table, new Uint8Array(table.rowCount))).toThrow(/only one class/);
  });
});

describe('crossValidateLassoLogistic (cv.glmnet, deviance, given fold ids)', () => {
  const cv = crossValidateLassoLogistic(table, labels, reference.foldid);

  it('matches the cv curve: cvm and cvsd to 1e-10 at every λ', () => {
    expect(cv.cvm.length).toBe(reference.cv.cvm.length);
    expect(maxDifference(cv.cvm, reference.cv.cvm)).toBeLessThan(1e-10);
    expect(maxDifference(cv.cvsd, reference.cv.cvsd)).toBeLessThan(1e-10);
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

  it('stops the path at the same λ and matches it to 1e-8', () => {
    const path = fitLassoLogisticPath(sepTable, sepLabels);
    expect(path.lambda.length).toBe(sep.lambda.length);
    expect(path.devianceRatio.at(-1)!).toBeGreaterThan(0.999);
    expect(maxDifference(path.lambda, sep.lambda)).toBeLessThan(1e-12);
    expect(maxDifference(path.intercept, sep.a0)).toBeLessThan(1e-8);
    sep.beta.forEach((betaR, k) => {
      expect(maxDifference(path.beta[k]!, betaR)).toBeLessThan(1e-8);
    });
    expect(maxDifference(path.devianceRatio, sep.dev_ratio)).toBeLessThan(1e-10);
  });

  it('matches cv.glmnet where fold paths end at different λ (cvm, cvsd to 1e-8)', () => {
    const cv = crossValidateLassoLogistic(sepTable, sepLabels, sep.foldid);
    expect(maxDifference(cv.cvm, sep.cvm)).toBeLessThan(1e-8);
    expect(maxDifference(cv.cvsd, sep.cvsd)).toBeLessThan(1e-8);
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
