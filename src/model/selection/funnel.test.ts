import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { featureTableFromRows } from './feature-table.js';
import { fitSelectionFunnel } from './funnel.js';
import { predictLassoProbability } from './lasso-step.js';
import { applySelectionModel, type SelectionModel, toSelectionModel } from './selection-model.js';
import { parseSelectionSettings } from './settings.js';

const reference = loadRSelectionReference();
const table = featureTableFromRows(reference.feature_names, reference.x);

describe('fitSelectionFunnel against the same funnel written in R', () => {
  const funnel = fitSelectionFunnel(table, reference.y, {
    foldIds: reference.foldid,
    settings: { lambdaChoice: 'lambda.1se' },
  });

  it('records entered / kept / dropped per step with R’s survivors', () => {
    expect(funnel.funnel.map((r) => [r.step, r.entered, r.kept])).toEqual([
      ['z-score', 40, 39],
      ['univariate (Mann-Whitney U)', 39, reference.funnel.univariate_kept.length],
      [
        'correlation redundancy',
        reference.funnel.univariate_kept.length,
        reference.funnel.correlation_kept.length,
      ],
      [
        'LASSO logistic (lambda.1se)',
        reference.funnel.correlation_kept.length,
        reference.funnel.selected.length,
      ],
    ]);
    expect(funnel.steps[1]!.keptFeatures).toEqual(reference.funnel.univariate_kept);
    expect(funnel.steps[2]!.keptFeatures).toEqual(reference.funnel.correlation_kept);
    for (const record of funnel.funnel) expect(record.dropped).toHaveLength(record.entered - record.kept);
  });

  it('selects R’s features with R’s λ.1se, cv curve and coefficients (1e-9)', () => {
    expect(funnel.selectedFeatures).toEqual(reference.funnel.selected);
    const lasso = funnel.lasso!;
    expect(lasso.lambda).toBeCloseTo(reference.funnel.lambda_1se, 12);
    expect(lasso.crossValidation.cvm.length).toBe(reference.funnel.cvm.length);
    lasso.crossValidation.cvm.forEach((value, k) => {
      expect(Math.abs(value - reference.funnel.cvm[k]!)).toBeLessThan(1e-9);
    });
    expect(lasso.intercept).toBeCloseTo(reference.funnel.intercept, 9);
    reference.funnel.selected.forEach((name, j) => {
      expect(lasso.coefficients.get(name)).toBeCloseTo(reference.funnel.coefficients[j]!, 9);
    });
  });

  it('applies the fitted funnel to another cohort with training z-scores', () => {
    const cohort = featureTableFromRows(reference.feature_names, reference.x.slice(0, 4));
    const out = funnel.apply(cohort);
    expect(out.featureNames).toEqual(reference.funnel.selected);
    const zscore = funnel.zScore;
    const f01 = reference.feature_names.indexOf('f01');
    const expected =
      (reference.x[2]![f01]! - zscore.parameters.means[f01]!) / zscore.parameters.standardDeviations[f01]!;
    expect(out.columns[0]![2]).toBeCloseTo(expected, 12);
  });

  it('predicts with R’s coefficients on the funnel-prepared cohort', () => {
    const prepared = funnel.apply(table);
    const probabilities = predictLassoProbability(funnel.lasso!, prepared);
    const row = 5;
    let eta = reference.funnel.intercept;
    reference.funnel.selected.forEach((name, j) => {
      eta += reference.funnel.coefficients[j]! * prepared.columns[prepared.featureNames.indexOf(name)]![row]!;
    });
    expect(probabilities[row]).toBeCloseTo(1 / (1 + Math.exp(-eta)), 9);
  });

  it('adds mRMR when mrmrK is set, and skips LASSO when disabled', () => {
    const withMrmr = fitSelectionFunnel(table, reference.y, { settings: { mrmrK: 2, lasso: false } });
    expect(withMrmr.funnel.map((r) => r.step)).toEqual([
      'z-score',
      'univariate (Mann-Whitney U)',
      'correlation redundancy',
      'mRMR (MID, k = 2)',
    ]);
    expect(withMrmr.selectedFeatures).toHaveLength(2);
    expect(withMrmr.lasso).toBeUndefined();
  });

  it('ends with an empty selection, not an error, when no feature passes the filter', () => {
    const none = fitSelectionFunnel(table, reference.y, {
      settings: { pThreshold: 1e-12 },
      foldIds: reference.foldid,
    });
    expect(none.selectedFeatures).toEqual([]);
    expect(none.funnel.at(-1)).toMatchObject({ step: 'correlation redundancy', entered: 0, kept: 0 });
    expect(none.apply(table).featureNames).toEqual([]);
  });

  it('needs fold ids for LASSO and rejects bad labels', () => {
    expect(() => fitSelectionFunnel(table, reference.y)).toThrow(/fold ids/);
    expect(() => fitSelectionFunnel(table, reference.y.slice(1), { foldIds: reference.foldid })).toThrow(
      /Labels have/,
    );
  });
});

describe('parseSelectionSettings', () => {
  it('fills the protocol defaults', () => {
    expect(parseSelectionSettings({})).toEqual({
      univariateTest: 'mann-whitney',
      pThreshold: 0.05,
      correlationThreshold: 0.9,
      lasso: true,
      lambdaChoice: 'lambda.min',
      lambdaCount: 100,
    });
  });

  it('names the wrong setting', () => {
    expect(() => parseSelectionSettings({ correlationThreshold: 1.5 })).toThrow(/"correlationThreshold"/);
  });
});

describe('SelectionModel (plain-data form of a fitted funnel)', () => {
  const funnel = fitSelectionFunnel(table, reference.y, {
    foldIds: reference.foldid,
    settings: { lambdaChoice: 'lambda.1se' },
  });

  it('survives a JSON round trip and applies exactly as the fitted funnel', () => {
    const model = JSON.parse(JSON.stringify(toSelectionModel(funnel))) as SelectionModel;
    const cohort = featureTableFromRows(reference.feature_names, reference.x.slice(10, 20));
    const expected = funnel.apply(cohort);
    const actual = applySelectionModel(model, cohort);
    expect(actual.featureNames).toEqual(expected.featureNames);
    actual.columns.forEach((column, j) => {
      expect(Array.from(column)).toEqual(Array.from(expected.columns[j]!));
    });
    expect(model.lasso?.coefficients).toEqual(Object.fromEntries(funnel.lasso!.coefficients));
    expect(model.funnel).toEqual(funnel.funnel);
  });

  it('rejects a model whose z-score arrays disagree in length', () => {
    const model = toSelectionModel(funnel);
    const broken: SelectionModel = {
      ...model,
      zScore: { ...model.zScore, means: model.zScore.means.slice(1) },
    };
    expect(() => applySelectionModel(broken, table)).toThrow(/z-score features/);
  });
});
