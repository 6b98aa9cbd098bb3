import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { featureTableFromRows, selectFeatures, splitByLabel } from './feature-table.js';
import { mannWhitneyU, midRanks, welchTTest } from './univariate-tests.js';

const reference = loadRSelectionReference();
const table = selectFeatures(
  featureTableFromRows(reference.feature_names, reference.x),
  reference.univariate.features,
);
const labels = Uint8Array.from(reference.y);

describe('mannWhitneyU', () => {
  it('matches R wilcox.test(exact = FALSE, correct = TRUE) W exactly and p to 1e-12 on 39 features', () => {
    table.columns.forEach((column, j) => {
      const [positive, negative] = splitByLabel(column, labels);
      const result = mannWhitneyU(positive, negative);
      expect(result.statistic).toBe(reference.univariate.wilcox_w[j]);
      expect(Math.abs(result.pValue - reference.univariate.wilcox_p[j]!)).toBeLessThan(1e-12);
    });
  });

  it('applies the tie correction (f09, f10 have heavy ties)', () => {
    const tied = table.columns[table.featureNames.indexOf('f09')]!;
    expect(midRanks(tied).tieSizes.some((size) => size > 10)).toBe(true);
  });

  it('is symmetric in the two groups and gives p = 1 when all values tie', () => {
    const a = [1, 3, 5, 7, 9];
    const b = [2, 2, 4, 8];
    expect(mannWhitneyU(a, b).pValue).toBeCloseTo(mannWhitneyU(b, a).pValue, 15);
    expect(mannWhitneyU([2, 2], [2, 2, 2]).pValue).toBe(1);
  });
});

describe('midRanks', () => {
  it('averages tied ranks as R rank()', () => {
    expect(Array.from(midRanks([10, 20, 10, 30]).ranks)).toEqual([1.5, 3, 1.5, 4]);
  });
});

describe('welchTTest', () => {
  it('matches R t.test (Welch) t and df to 1e-12 relative and p to 1e-12 on 39 features', () => {
    table.columns.forEach((column, j) => {
      const [positive, negative] = splitByLabel(column, labels);
      const result = welchTTest(positive, negative);
      const t = reference.univariate.welch_t[j]!;
      expect(Math.abs(result.statistic - t)).toBeLessThan(1e-12 * Math.max(1, Math.abs(t)));
      expect(Math.abs(result.degreesOfFreedom! - reference.univariate.welch_df[j]!)).toBeLessThan(1e-9);
      expect(Math.abs(result.pValue - reference.univariate.welch_p[j]!)).toBeLessThan(1e-12);
    });
  });

  it('gives p = 1 for two equal constant groups and p = 0 for two different ones', () => {
    expect(welchTTest([1, 1, 1], [1, 1]).pValue).toBe(1);
    expect(welchTTest([2, 2, 2], [1, 1])).toMatchObject({ pValue: 0, statistic: Infinity });
  });
});
