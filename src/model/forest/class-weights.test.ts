import { describe, expect, it } from 'vitest';
import { computeClassWeights } from './class-weights.js';

describe('computeClassWeights', () => {
  const labels = Int32Array.from([0, 0, 0, 1, 2, 2]);

  it("'balanced': n / (K · n_k)", () => {
    // n = 6, K = 3: class 0 → 6/9, class 1 → 6/3, class 2 → 6/6.
    expect(Array.from(computeClassWeights('balanced', labels, 3))).toEqual([6 / 9, 2, 1]);
  });

  it("'balanced' on a bootstrap: counts multiplicities and only the classes drawn", () => {
    // Rows drawn: row 0 twice, row 3 once, row 4 three times → n = 6, classes {0, 1, 2} with 2, 1, 3 rows.
    expect(Array.from(computeClassWeights('balanced', labels, 3, [2, 0, 0, 1, 3, 0]))).toEqual([1, 2, 6 / 9]);
    // Class 1 not drawn: K = 2 present classes, class 1 gets 0 (as scikit-learn's balanced_subsample).
    expect(Array.from(computeClassWeights('balanced', labels, 3, [1, 1, 0, 0, 1, 1]))).toEqual([1, 0, 1]);
  });

  it('explicit weights and none', () => {
    expect(Array.from(computeClassWeights([1, 2.5, 4], labels, 3))).toEqual([1, 2.5, 4]);
    expect(Array.from(computeClassWeights('none', labels, 3))).toEqual([1, 1, 1]);
    expect(() => computeClassWeights([1, 2], labels, 3)).toThrow(/2 weights for 3 classes/);
  });
});
