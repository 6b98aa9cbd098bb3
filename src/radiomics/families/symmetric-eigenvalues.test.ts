import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from './symmetric-eigenvalues.js';

describe('symmetricEigenvalues', () => {
  it('finds the eigenvalues of known matrices, ascending', () => {
    // [[2,1],[1,2]]: 1 and 3.
    expect(Array.from(symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2))).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(3, 12),
    ]);
    // Tridiagonal (2, −1): eigenvalues 2 − 2cos(kπ/4), k = 1..3 = 2 − √2, 2, 2 + √2.
    const t = Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2);
    const values = Array.from(symmetricEigenvalues(t, 3));
    expect(values[0]).toBeCloseTo(2 - Math.SQRT2, 12);
    expect(values[1]).toBeCloseTo(2, 12);
    expect(values[2]).toBeCloseTo(2 + Math.SQRT2, 12);
  });
});
