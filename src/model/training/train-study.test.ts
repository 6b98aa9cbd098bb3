import { describe, expect, it } from 'vitest';
import { syntheticFeatureDataset } from '../../../test/support/synthetic-features.js';
import { evaluateBinaryScores } from '../../stats/index.js';
import { predictClassProbability } from '../forest/index.js';
import { parseModelsConfig } from '../models-config.js';
import { applySelectionModel, selectRows } from '../selection/index.js';
import { holmAdjust } from './evaluate-study.js';
import { toForestTable, trainModel } from './train-model.js';
import { formatPredictionsCsv, trainStudy } from './train-study.js';

// Small forests and tables keep this file at a few seconds; the protocol's sizes are in the benchmark.
const config = parseModelsConfig({ seed: 11, forest: { treeCount: 40 }, importanceRepeats: 2 });
const dataset = (effect: number) =>
  syntheticFeatureDataset({ seed: 5, featuresPerGroup: 15, informativePerGroup: 3, effect });
const signal = dataset(1.2);
const signalRun = trainStudy(signal, config, 'test');
const noiseRun = trainStudy(dataset(0), config, 'test');

const aucOf = (run: typeof signalRun, model: string, split: string) =>
  run.metrics.models.find((m) => m.name === model)!.cohorts.find((c) => c.split === split)!.evaluation!.auc;

describe('trainStudy on a synthetic table with a known signal', () => {
  it('fits the eight study models', () => {
    expect(signalRun.metrics.models.map((m) => m.name)).toHaveLength(8);
    expect(signalRun.metrics.cohorts.map((c) => [c.centre, c.split, c.n])).toEqual([
      ['1', 'train', 140],
      ['1', 'validation', 59],
      ['2', 'test', 67],
    ]);
  });

  it('finds the informative columns and discriminates on validation and test', () => {
    for (const model of signalRun.metrics.models) {
      const informative = model.selectedFeatures.filter((f) => /_Feature[012]$/.test(f));
      expect(informative.length, model.name).toBeGreaterThanOrEqual(2);
    }
    for (const model of ['all_intra', 'all_peri']) {
      expect(aucOf(signalRun, model, 'validation')).toBeGreaterThan(0.85);
      expect(aucOf(signalRun, model, 'test')).toBeGreaterThan(0.85);
    }
  });

  it('gives AUCs around 0.5 on validation and test when the labels carry no signal', () => {
    const aucs = noiseRun.metrics.models.flatMap((m) => [
      aucOf(noiseRun, m.name, 'validation'),
      aucOf(noiseRun, m.name, 'test'),
    ]);
    for (const auc of aucs) expect(auc).toBeGreaterThan(0.25);
    for (const auc of aucs) expect(auc).toBeLessThan(0.75);
    const mean = aucs.reduce((s, a) => s + a, 0) / aucs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.08);
  });

  it('scores training rows out of bag and other rows with the whole forest', () => {
    const model = signalRun.models.find((m) => m.spec.name === 'all_intra')!;
    const trainRows = signal.patients.flatMap((p, i) => (p.split === 'train' ? [i] : []));
    const testRows = signal.patients.flatMap((p, i) => (p.split === 'test' ? [i] : []));
    const inSample = (rows: number[]) =>
      predictClassProbability(
        model.forest!,
        toForestTable(applySelectionModel(model.selection, selectRows(signal.features, rows))),
        1,
      );
    // Whole-forest probabilities on the training rows differ from the stored (out-of-bag) ones...
    const whole = inSample(trainRows);
    expect(trainRows.some((row, i) => Math.abs(whole[i]! - model.probabilities[row]!) > 0.05)).toBe(true);
    // ...while on the test rows they are the stored ones exactly.
    const test = inSample(testRows);
    testRows.forEach((row, i) => {
      expect(model.probabilities[row]).toBe(test[i]);
    });
  });

  it('reports the numbers src/stats gives on the written predictions, at the training threshold', () => {
    const model = signalRun.metrics.models.find((m) => m.name === 'dwi_peri')!;
    const trained = signalRun.models.find((m) => m.spec.name === 'dwi_peri')!;
    const rows = signal.patients.flatMap((p, i) => (p.split === 'validation' ? [i] : []));
    const expected = evaluateBinaryScores(
      rows.map((i) => signal.patients[i]!.label),
      rows.map((i) => trained.probabilities[i]!),
      { threshold: trained.threshold },
    );
    expect(model.cohorts[1]!.evaluation).toEqual(expected);
    expect(model.cohorts[0]!.label).toBe('Training (OOB, after feature selection)');
    const csv = formatPredictionsCsv(signal, signalRun.models);
    expect(csv.split('\n')[0]).toBe('patient_id,centre,split,label,model,probability,predicted,source');
    expect(csv.trim().split('\n')).toHaveLength(1 + 8 * 266);
  });

  it('compares every pair of models per cohort with Holm-adjusted p values', () => {
    for (const split of ['train', 'validation', 'test'] as const) {
      const list = signalRun.metrics.comparisons[split];
      expect(list).toHaveLength(28);
      for (const c of list) expect(c.pHolm).toBeGreaterThanOrEqual(c.p);
    }
  });

  it('is deterministic in the seed, each model independent of which others are fitted', () => {
    const two = config.models.filter((m) => m.name === 'dce_peri' || m.name === 'all_intra');
    const again = trainStudy(signal, { ...config, models: two }, 'test');
    for (const model of again.metrics.models) {
      expect(model).toEqual(signalRun.metrics.models.find((m) => m.name === model.name));
    }
    const other = trainStudy(signal, { ...config, models: two, seed: 12 }, 'test');
    expect(other.metrics.models[0]!.modelId).not.toBe(again.metrics.models[0]!.modelId);
  });
});

describe('missing values', () => {
  it('drops a column missing in a training row, as the first funnel step, and still trains', () => {
    const columns = signal.features.columns.map((c) => Float64Array.from(c));
    const names = signal.features.featureNames;
    const broken = names.indexOf('t2_intra_original_firstorder_Feature0');
    const firstTrainRow = signal.patients.findIndex((p) => p.split === 'train');
    columns[broken]![firstTrainRow] = Number.NaN;
    const withGap = { ...signal, features: { ...signal.features, columns } };
    const spec = config.models.find((m) => m.name === 't2_intra')!;
    const model = trainModel(withGap, spec, config);
    expect(model.selection.funnel[0]).toEqual({
      step: 'complete in training',
      entered: 15,
      kept: 14,
      dropped: [
        { name: 't2_intra_original_firstorder_Feature0', reason: 'missing in 1 of 140 training rows' },
      ],
    });
    expect(model.selection.selectedFeatures).not.toContain('t2_intra_original_firstorder_Feature0');
    expect(model.forest).not.toBeNull();
  });
});

describe('holmAdjust', () => {
  it('matches R p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, 0.5), "holm")', () => {
    // R 4: 0.05 0.12 0.12 0.03 0.40 0.50
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005, 0.2, 0.5]);
    [0.05, 0.12, 0.12, 0.03, 0.4, 0.5].forEach((value, i) => {
      expect(adjusted[i]).toBeCloseTo(value, 12);
    });
  });
});
