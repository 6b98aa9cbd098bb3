import { describe, expect, it } from 'vitest';
import { calibrationPoints } from './figures.js';

describe('calibrationPoints', () => {
  it('cuts sorted probabilities into near-equal groups: mean predicted vs observed fraction', () => {
    const scores = Float64Array.from([0.9, 0.1, 0.2, 0.8, 0.3, 0.7]);
    const labels = Uint8Array.from([1, 0, 0, 1, 1, 0]);
    expect(calibrationPoints(labels, scores, 3)).toEqual([
      { x: (0.1 + 0.2) / 2, y: 0, n: 2 },
      { x: (0.3 + 0.7) / 2, y: 0.5, n: 2 },
      { x: (0.8 + 0.9) / 2, y: 1, n: 2 },
    ]);
  });

  it('keeps tied probabilities together (a constant model is one point)', () => {
    const labels = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const constant = calibrationPoints(labels, new Float64Array(10).fill(0.3), 5);
    expect(constant).toHaveLength(1);
    expect(constant[0]!.x).toBeCloseTo(0.3, 12);
    expect(constant[0]!.y).toBeCloseTo(0.3, 12);
    expect(constant[0]!.n).toBe(10);
    const scores = Float64Array.from([0.1, 0.2, 0.2, 0.2, 0.9, 0.9]);
    expect(calibrationPoints(Uint8Array.from([0, 0, 1, 0, 1, 1]), scores, 3).map((p) => p.n)).toEqual([4, 2]);
  });
});
