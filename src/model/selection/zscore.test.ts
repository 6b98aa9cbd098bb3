import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { createFeatureTable, featureTableFromRows, selectRows } from './feature-table.js';
import { applyZScore, fitZScore } from './zscore.js';

const reference = loadRSelectionReference();
const table = featureTableFromRows(reference.feature_names, reference.x);

describe('fitZScore', () => {
  const fitted = fitZScore(table);

  it('learns R colMeans and sd (n - 1) to 1e-12 relative', () => {
    expect(fitted.parameters.features).toEqual(reference.zscore.features);
    reference.zscore.mean.forEach((mean, j) => {
      expect(Math.abs(fitted.parameters.means[j]! - mean)).toBeLessThan(1e-12 * Math.max(1, Math.abs(mean)));
      const sd = reference.zscore.sd[j]!;
      expect(Math.abs(fitted.parameters.standardDeviations[j]! - sd) / sd).toBeLessThan(1e-12);
    });
  });

  it('drops the constant feature with a reason and records the funnel counts', () => {
    expect(fitted.record).toEqual({
      step: 'z-score',
      entered: 40,
      kept: 39,
      dropped: [{ name: 'f40', reason: 'constant on the training rows (SD = 0)' }],
    });
  });

  it('applies training parameters to another cohort, not the cohort’s own statistics', () => {
    const training = createFeatureTable(['a', 'b'], [Float64Array.of(1, 2, 3), Float64Array.of(5, 5, 5)]);
    const step = fitZScore(training);
    const cohort = createFeatureTable(
      ['b', 'a', 'c'],
      [Float64Array.of(0, 0), Float64Array.of(3, 5), Float64Array.of(9, 9)],
    );
    const out = step.apply(cohort);
    expect(out.featureNames).toEqual(['a']);
    expect(Array.from(out.columns[0]!)).toEqual([1, 3]); // (3 − 2)/1, (5 − 2)/1
  });

  it('rejects a cohort that lacks a training feature', () => {
    const step = fitZScore(selectRows(table, [0, 1, 2, 3, 4]));
    const missing = createFeatureTable(['f01'], [Float64Array.of(1)]);
    expect(() => applyZScore(step.parameters, missing)).toThrow(/"f02" is not in the table/);
  });

  it('rejects non-finite values', () => {
    const bad = createFeatureTable(['a'], [Float64Array.of(1, Number.NaN)]);
    expect(() => fitZScore(bad)).toThrow(/non-finite/);
  });
});
