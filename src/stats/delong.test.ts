import { describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors } from '../../test/fixtures/r/load.js';
import { splitByClass } from './binary-sample.js';
import { aucWithDelongCi, delongVariance, pairedDelongTest } from './delong.js';

const vectors = loadStatsVectors();

describe.each(vectors)('DeLong against pROC: $name', (v) => {
  const sample = splitByClass(v.labels, v.score);

  it('variance equals var(roc, method = "delong") and the CI equals ci.auc(method = "delong")', () => {
    expectClose(delongVariance(sample), v.auc_variance, 'variance');
    const result = aucWithDelongCi(sample);
    expectClose(result.auc, v.auc, 'auc');
    expectClose(result.ci[0], v.auc_ci[0], 'ci lower');
    expectClose(result.ci[1], v.auc_ci[1], 'ci upper');
  });
});

describe.each(vectors.filter((v) => v.compare !== undefined))('paired DeLong against pROC: $name', (v) => {
  it('z and p equal roc.test(method = "delong", paired = TRUE)', () => {
    const test = pairedDelongTest(v.labels, v.score, v.compare!);
    expectClose(test.auc2, v.compare_auc!, 'second auc');
    expectClose(test.z, v.delong!.z, 'z');
    expectClose(test.p, v.delong!.p, 'p');
  });
});

describe('DeLong edge cases', () => {
  it('perfect separation has variance 0 and the CI [1, 1]', () => {
    const result = aucWithDelongCi(splitByClass([0, 0, 1, 1], [1, 2, 3, 4]));
    expect(result.variance).toBe(0);
    expect(result.ci).toEqual([1, 1]);
  });

  it('identical curves give z = 0 and p = 1 (pROC roc.test of a curve with itself)', () => {
    const labels = [0, 0, 1, 1, 0, 1, 0, 1];
    const scores = [0.1, 0.4, 0.35, 0.8, 0.7, 0.3, 0.6, 0.9];
    expect(pairedDelongTest(labels, scores, scores)).toMatchObject({ z: 0, p: 1 });
    // a monotone transform has the same ranks: both AUCs are 1 and pROC reports Z = 0
    const separated = [1, 2, 5, 6, 3, 7, 4, 8];
    expect(
      pairedDelongTest(
        labels,
        separated,
        separated.map((s) => 2 * s),
      ),
    ).toMatchObject({ z: 0, p: 1 });
  });

  it('a class with a single subject has no DeLong variance (NaN, as pROC var() gives NA)', () => {
    const result = aucWithDelongCi(splitByClass([0, 0, 0, 1], [0.1, 0.5, 0.3, 0.4]));
    expect(result.auc).toBeCloseTo(2 / 3, 15);
    expect(result.variance).toBeNaN();
    expect(result.ci[0]).toBeNaN();
  });

  it('swapping the scores flips the sign of z and keeps p', () => {
    const labels = [0, 0, 0, 1, 1, 1, 0, 1];
    const a = [0.1, 0.4, 0.35, 0.8, 0.7, 0.3, 0.6, 0.9];
    const b = [0.2, 0.1, 0.5, 0.6, 0.4, 0.9, 0.3, 0.7];
    const ab = pairedDelongTest(labels, a, b);
    const ba = pairedDelongTest(labels, b, a);
    expect(ba.z).toBeCloseTo(-ab.z, 14);
    expect(ba.p).toBeCloseTo(ab.p, 14);
  });
});
