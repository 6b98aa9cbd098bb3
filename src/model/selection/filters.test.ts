import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { fitCorrelationFilter, pearsonCorrelation, relevanceOrder } from './correlation-filter.js';
import { createFeatureTable, featureTableFromRows, selectFeatures } from './feature-table.js';
import { fitUnivariateFilter, univariatePValues } from './univariate-filter.js';

const reference = loadRSelectionReference();
const features = reference.univariate.features;
const table = selectFeatures(featureTableFromRows(reference.feature_names, reference.x), features);
const labels = Uint8Array.from(reference.y);

describe('fitUnivariateFilter', () => {
  it('keeps exactly the features R finds with wilcox p < 0.05, and names the p of the others', () => {
    const fitted = fitUnivariateFilter(table, labels, { test: 'mann-whitney', pThreshold: 0.05 });
    const expected = features.filter((_, j) => reference.univariate.wilcox_p[j]! < 0.05);
    expect(fitted.keptFeatures).toEqual(expected);
    expect(fitted.record.entered).toBe(39);
    expect(fitted.record.kept).toBe(expected.length);
    expect(fitted.record.dropped).toHaveLength(39 - expected.length);
    const f03 = fitted.record.dropped.find((d) => d.name === 'f03')!;
    expect(f03.reason).toBe(
      `Mann-Whitney U p = ${Number(reference.univariate.wilcox_p[2]!.toPrecision(3))} >= 0.05`,
    );
  });

  it('uses Welch p-values when asked (same set as R t.test p < 0.05)', () => {
    const fitted = fitUnivariateFilter(table, labels, { test: 'welch', pThreshold: 0.05 });
    expect(fitted.keptFeatures).toEqual(features.filter((_, j) => reference.univariate.welch_p[j]! < 0.05));
  });

  it('applies the training selection to another cohort by name', () => {
    const fitted = fitUnivariateFilter(table, labels, { test: 'mann-whitney', pThreshold: 0.05 });
    const out = fitted.apply(featureTableFromRows(reference.feature_names, reference.x.slice(0, 3)));
    expect(out.featureNames).toEqual(fitted.keptFeatures);
    expect(out.rowCount).toBe(3);
  });

  it('rejects a p threshold outside (0, 1]', () => {
    expect(() => fitUnivariateFilter(table, labels, { test: 'welch', pThreshold: 0 })).toThrow(/pThreshold/);
  });
});

describe('pearsonCorrelation', () => {
  it('matches R cor() on all 39 x 39 pairs to 1e-13', () => {
    let worst = 0;
    table.columns.forEach((a, i) => {
      table.columns.forEach((b, j) => {
        worst = Math.max(worst, Math.abs(pearsonCorrelation(a, b) - reference.pearson[i]![j]!));
      });
    });
    expect(worst).toBeLessThan(1e-13);
  });
});

describe('fitCorrelationFilter', () => {
  const pValues = new Map(features.map((name, j) => [name, reference.univariate.wilcox_p[j]!]));

  it('drops the member of each |r| > 0.9 pair with the larger p (f07 ~ f01, f08 ~ -f02)', () => {
    const fitted = fitCorrelationFilter(table, pValues, { threshold: 0.9 });
    const dropped = new Map(fitted.record.dropped.map((d) => [d.name, d.reason]));
    for (const [copy, original] of [
      ['f07', 'f01'],
      ['f08', 'f02'],
    ] as const) {
      const loser = pValues.get(copy)! > pValues.get(original)! ? copy : original;
      const winner = loser === copy ? original : copy;
      expect(dropped.get(loser)).toMatch(new RegExp(`with ${winner} `));
      expect(fitted.keptFeatures).toContain(winner);
    }
    expect(fitted.record.entered).toBe(39);
    expect(fitted.record.kept).toBe(37);
  });

  it('gives the same result whatever the column order', () => {
    const reversed = selectFeatures(table, [...features].reverse());
    const a = fitCorrelationFilter(table, pValues, { threshold: 0.9 });
    const b = fitCorrelationFilter(reversed, pValues, { threshold: 0.9 });
    expect([...b.keptFeatures].sort()).toEqual([...a.keptFeatures].sort());
  });

  it('breaks equal p-values by name', () => {
    expect(
      relevanceOrder(
        ['b', 'a', 'c'],
        new Map([
          ['a', 0.1],
          ['b', 0.1],
          ['c', 0.01],
        ]),
      ),
    ).toEqual(['c', 'a', 'b']);
    const twins = createFeatureTable(
      ['z', 'y'],
      [Float64Array.of(1, 2, 3, 4), Float64Array.of(2, 4, 6, 8.5)],
    );
    const fitted = fitCorrelationFilter(
      twins,
      new Map([
        ['z', 0.2],
        ['y', 0.2],
      ]),
      { threshold: 0.9 },
    );
    expect(fitted.keptFeatures).toEqual(['y']);
  });

  it('needs a p-value for every feature', () => {
    expect(() => fitCorrelationFilter(table, new Map(), { threshold: 0.9 })).toThrow(/no univariate p-value/);
  });
});

describe('univariatePValues', () => {
  it('refuses classes with fewer than two rows', () => {
    const tiny = createFeatureTable(['a'], [Float64Array.of(1, 2, 3)]);
    expect(() => univariatePValues(tiny, Uint8Array.of(1, 0, 0), 'welch')).toThrow(/at least 2 rows/);
  });
});
