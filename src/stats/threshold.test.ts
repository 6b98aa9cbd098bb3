import { describe, expect, it } from 'vitest';
import {
  expectClose,
  loadStatsVectors,
  type RAtThreshold,
  type RProportion,
} from '../../test/fixtures/r/load.js';
import { splitByClass } from './binary-sample.js';
import { metricsAtThreshold, type ThresholdMetrics, youdenThreshold } from './threshold.js';
import type { Proportion } from './wilson.js';
import { wilsonProportion } from './wilson.js';

const vectors = loadStatsVectors();

function expectProportion(actual: Proportion, expected: RProportion, label: string): void {
  expectClose(actual.estimate, expected.estimate, `${label} estimate`);
  expectClose(actual.ci[0], expected.lower, `${label} lower`);
  expectClose(actual.ci[1], expected.upper, `${label} upper`);
}

function expectMetrics(actual: ThresholdMetrics, expected: RAtThreshold): void {
  expect(actual.counts).toEqual({
    truePositives: expected.tp,
    falsePositives: expected.fp,
    trueNegatives: expected.tn,
    falseNegatives: expected.fn,
  });
  expectProportion(actual.sensitivity, expected.sensitivity, 'sensitivity');
  expectProportion(actual.specificity, expected.specificity, 'specificity');
  expectProportion(actual.accuracy, expected.accuracy, 'accuracy');
  expectProportion(actual.ppv, expected.ppv, 'ppv');
  expectProportion(actual.npv, expected.npv, 'npv');
}

describe.each(vectors)('operating point against R: $name', (v) => {
  it('Youden threshold equals pROC coords(roc, "best", best.method = "youden") (lowest on ties)', () => {
    const best = youdenThreshold(splitByClass(v.labels, v.score));
    expectClose(best.threshold, v.youden.threshold, 'threshold');
    expectClose(best.sensitivity, v.youden.sensitivity, 'sensitivity');
    expectClose(best.specificity, v.youden.specificity, 'specificity');
  });

  it('metrics at the Youden threshold with Wilson CIs equal prop.test(correct = FALSE)', () => {
    expectMetrics(metricsAtThreshold(v.labels, v.score, v.at_youden.threshold), v.at_youden);
  });
});

describe.each(vectors.filter((v) => v.at_fixed !== undefined))(
  'training threshold applied to: $name',
  (v) => {
    it('metrics with Wilson CIs at the Youden threshold of train_n300 equal R', () => {
      expectMetrics(metricsAtThreshold(v.labels, v.score, v.at_fixed!.threshold), v.at_fixed!);
    });
  },
);

describe('Youden ties and Wilson edges', () => {
  it('returns the lowest of tied optimal thresholds (-Inf for a fully reversed score, as pROC)', () => {
    const best = youdenThreshold(splitByClass([0, 0, 1, 1, 0, 1], [0.9, 0.8, 0.1, 0.2, 0.7, 0.3]));
    expect(best).toEqual({ threshold: Number.NEGATIVE_INFINITY, sensitivity: 1, specificity: 0 });
  });

  it('Wilson interval is NaN for an empty denominator and closed at 0 and n', () => {
    expect(wilsonProportion(0, 0).estimate).toBeNaN();
    expect(wilsonProportion(0, 12).ci[0]).toBe(0);
    expect(wilsonProportion(12, 12).ci[1]).toBe(1);
  });
});
