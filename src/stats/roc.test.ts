import { describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors } from '../../test/fixtures/r/load.js';
import { splitByClass } from './binary-sample.js';
import { auc, rocCurve } from './roc.js';

const vectors = loadStatsVectors();

describe.each(vectors)('ROC against pROC: $name', (v) => {
  const sample = splitByClass(v.labels, v.score);

  it('AUC equals pROC auc() to 1e-6', () => {
    expectClose(auc(sample), v.auc, 'auc');
  });

  it('thresholds, sensitivities and specificities equal pROC coords(roc, "all")', () => {
    const curve = rocCurve(sample);
    expect(curve.thresholds.length).toBe(v.roc.thresholds.length);
    curve.thresholds.forEach((t, i) => {
      expectClose(t, v.roc.thresholds[i]!, `threshold ${i}`);
      expectClose(curve.sensitivities[i]!, v.roc.sensitivities[i]!, `sensitivity ${i}`);
      expectClose(curve.specificities[i]!, v.roc.specificities[i]!, `specificity ${i}`);
    });
  });
});

describe('ROC edge cases', () => {
  it('keeps an AUC below 0.5 (direction controls < cases is never flipped)', () => {
    expect(auc(splitByClass([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]))).toBe(0);
  });

  it('counts ties between a case and a control as one half', () => {
    expect(auc(splitByClass([0, 1], [0.4, 0.4]))).toBe(0.5);
  });

  it('a constant score has only the thresholds -Inf and +Inf', () => {
    expect(Array.from(rocCurve(splitByClass([0, 1, 1], [2, 2, 2])).thresholds)).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ]);
  });

  it('moves a midpoint that rounds onto the lower score up to the higher one (as pROC)', () => {
    const a = 1;
    const b = 1 + 2 ** -52; // adjacent doubles: (a + b)/2 rounds to a
    const curve = rocCurve(splitByClass([0, 1], [a, b]));
    expect(curve.thresholds[1]).toBe(b);
    expect(curve.sensitivities[1]).toBe(1);
    expect(curve.specificities[1]).toBe(1);
  });
});

describe('input checks', () => {
  it.each([
    [[0, 1, 2], [0.1, 0.2, 0.3], 'stats_label_not_binary'],
    [[0, 1, 1], [0.1, Number.NaN, 0.3], 'stats_score_not_finite'],
    [[1, 1, 1], [0.1, 0.2, 0.3], 'stats_one_class'],
    [[0, 1], [0.1, 0.2, 0.3], 'stats_length_mismatch'],
  ])('rejects labels %j with scores %j (%s)', (labels, scores, code) => {
    expect(() => splitByClass(labels, scores)).toThrow(expect.objectContaining({ code }));
  });
});
