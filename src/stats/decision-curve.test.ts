import { describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors } from '../../test/fixtures/r/load.js';
import { DEFAULT_DCA_THRESHOLDS, decisionCurve } from './decision-curve.js';

const vectors = loadStatsVectors();

describe.each(vectors)('decision curve against R: $name', (v) => {
  it('net benefit of model, treat-all and treat-none at pt = k/20', () => {
    const curve = decisionCurve(v.labels, v.score);
    expect(curve).toHaveLength(19);
    curve.forEach((point, i) => {
      const r = v.dca[i]!;
      expect(point.threshold).toBe(r.threshold);
      expectClose(point.model, r.model, `model at ${r.threshold}`);
      expectClose(point.treatAll, r.treat_all, `treat all at ${r.threshold}`);
      expect(point.treatNone).toBe(0);
    });
  });
});

it('the default grid is k/20 exactly (not accumulated sums)', () => {
  expect(DEFAULT_DCA_THRESHOLDS[2]).toBe(3 / 20);
  expect(DEFAULT_DCA_THRESHOLDS[18]).toBe(19 / 20);
});
