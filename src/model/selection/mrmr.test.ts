import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { featureTableFromRows, selectFeatures } from './feature-table.js';
import { discretiseMeanSd, fitMrmr, mutualInformation } from './mrmr.js';

describe('mutualInformation (plug-in, nats)', () => {
  it('is ln 2 for a copy of a fair binary variable and 0 for independent ones', () => {
    expect(mutualInformation([0, 0, 1, 1], [0, 0, 1, 1])).toBeCloseTo(Math.LN2, 15);
    expect(mutualInformation([0, 1, 0, 1], [0, 0, 1, 1])).toBe(0);
  });

  it('matches a hand-computed 3 x 2 table', () => {
    // p(x) = (1/2, 1/4, 1/4), p(y) = (1/4, 3/4), four cells of 1/4.
    const expected = 0.25 * Math.log(2) + 0.25 * Math.log(2 / 3) + 0.5 * Math.log(4 / 3);
    expect(mutualInformation([0, 0, 1, 2], [0, 1, 1, 1])).toBeCloseTo(expected, 15);
  });
});

describe('discretiseMeanSd', () => {
  it('cuts at mean ± sample SD', () => {
    // mean 0, sample SD √(10/4) ≈ 1.58
    expect(Array.from(discretiseMeanSd(Float64Array.of(-2, -1, 0, 1, 2)))).toEqual([0, 1, 1, 1, 2]);
  });
});

describe('fitMrmr (MID)', () => {
  const reference = loadRSelectionReference();
  const table = selectFeatures(
    featureTableFromRows(reference.feature_names, reference.x),
    reference.univariate.features,
  );
  const labels = Uint8Array.from(reference.y);

  it('picks the same features, in the same order and with the same MID scores, as the R version', () => {
    const fitted = fitMrmr(table, labels, { k: reference.mrmr.k });
    expect(fitted.ranking.map((entry) => entry.name)).toEqual(reference.mrmr.picked);
    fitted.ranking.forEach((entry, i) => {
      expect(Math.abs(entry.score - reference.mrmr.scores[i]!)).toBeLessThan(1e-13);
    });
    table.columns.forEach((column, j) => {
      const relevance = mutualInformation(discretiseMeanSd(column), labels);
      expect(Math.abs(relevance - reference.mrmr.relevance[j]!)).toBeLessThan(1e-14);
    });
  });

  it('picks the most relevant feature first and avoids its near-copy next', () => {
    const fitted = fitMrmr(table, labels, { k: 5 });
    const relevance = table.columns.map((column) => mutualInformation(discretiseMeanSd(column), labels));
    const mostRelevant = table.featureNames[relevance.indexOf(Math.max(...relevance))];
    expect(fitted.ranking[0]!.name).toBe(mostRelevant);
    const picked = fitted.ranking.map((entry) => entry.name);
    expect(picked.includes('f01') && picked.includes('f07')).toBe(false);
    expect(fitted.record).toMatchObject({ entered: 39, kept: 5 });
    expect(fitted.record.dropped).toHaveLength(34);
  });

  it('keeps every feature when k exceeds their number, and rejects k < 1', () => {
    const small = selectFeatures(table, ['f01', 'f02']);
    expect(fitMrmr(small, labels, { k: 10 }).keptFeatures).toEqual(['f01', 'f02']);
    expect(() => fitMrmr(small, labels, { k: 0 })).toThrow(/mrmrK/);
  });
});
