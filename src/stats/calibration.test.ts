import { describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors } from '../../test/fixtures/r/load.js';
import { brierScore, calibration, hosmerLemeshow } from './calibration.js';

const vectors = loadStatsVectors();

describe.each(vectors)('calibration against R: $name', (v) => {
  it('Brier score equals mean((p - y)^2)', () => {
    expectClose(brierScore(v.labels, v.score), v.brier, 'brier');
  });

  it('Hosmer-Lemeshow statistic, df, p and group sizes equal the hoslem.test grouping', () => {
    const hl = hosmerLemeshow(v.labels, v.score);
    expect(hl.groups.map((g) => g.size)).toEqual(v.hosmer_lemeshow.sizes);
    expect(hl.df).toBe(v.hosmer_lemeshow.df);
    expectClose(hl.statistic, v.hosmer_lemeshow.statistic, 'statistic');
    expectClose(hl.p, v.hosmer_lemeshow.p, 'p');
  });

  it('calibration-in-the-large and slope equal R (glm, or uniroot where glm diverges); slope NaN under separation', () => {
    const fit = calibration(v.labels, v.score);
    expectClose(fit.citl, v.calibration.citl, 'citl');
    expectClose(fit.slope, v.calibration.slope, 'slope');
  });
});

describe('calibration edge cases', () => {
  it('rejects a probability outside [0, 1]', () => {
    expect(() => brierScore([0, 1], [0.2, 1.2])).toThrow(
      expect.objectContaining({ code: 'stats_not_probability' }),
    );
  });

  it('Hosmer-Lemeshow of a constant prediction has no groups and NaN results', () => {
    const hl = hosmerLemeshow([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]);
    expect(hl.groups).toEqual([]);
    expect(hl.statistic).toBeNaN();
  });

  it('keeps probabilities of exactly 0 and 1 finite on the logit scale', () => {
    const fit = calibration([0, 1, 0, 1, 1], [0, 1, 0.2, 0.4, 0.9]);
    expect(Number.isFinite(fit.citl)).toBe(true);
  });
});
