import { describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors } from '../../test/fixtures/r/load.js';
import { evaluateBinaryScores } from './evaluation.js';

const train = loadStatsVectors().find((v) => v.name === 'train_n300')!;

describe('evaluateBinaryScores', () => {
  it('gathers the R reference values of the training vector', () => {
    const e = evaluateBinaryScores(train.labels, train.score, {
      compare: train.compare!,
      threshold: train.youden.threshold,
    });
    expect([e.n, e.cases + e.controls]).toEqual([300, 300]);
    expectClose(e.auc, train.auc, 'auc');
    expectClose(e.auc_ci[1], train.auc_ci[1], 'auc_ci upper');
    expectClose(e.delong!.z, train.delong!.z, 'delong z');
    expectClose(e.at_threshold!.sensitivity.ci[0], train.at_youden.sensitivity.lower, 'sensitivity lower');
    expectClose(e.hosmer_lemeshow!.p, train.hosmer_lemeshow.p, 'hl p');
    expectClose(e.calibration!.slope, train.calibration.slope, 'slope');
    expectClose(e.dca![9]!.model, train.dca[9]!.model, 'net benefit at 0.5');
  });

  it('omits the compare and threshold sections when not asked, and calibration for non-probabilities', () => {
    const e = evaluateBinaryScores([0, 1, 0, 1], [-1, 2, 0.5, 3]);
    expect(e.delong).toBeUndefined();
    expect(e.at_threshold).toBeUndefined();
    expect([e.brier, e.hosmer_lemeshow, e.calibration, e.dca]).toEqual([null, null, null, null]);
    expect(e.auc).toBe(1);
  });
});
