import { describe, expect, it } from 'vitest';
import { impurityImportance, outOfBagPermutationImportance, permutationImportance } from './importance.js';
import { createXoshiro128 } from './prng.js';
import { fitRandomForest, predictProbabilities } from './random-forest.js';
import { accuracyScorer, aucScorer } from './scoring.js';
import { featureTableFromRows } from './training-data.js';

// Feature 0 decides the label (with 10% flipped), feature 1 is noise, feature 2 is constant.
function table(seed: number, rows: number) {
  const rng = createXoshiro128(seed);
  const values: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < rows; i++) {
    const x0 = rng.nextFloat();
    values.push([x0, rng.nextFloat(), 1]);
    labels.push((x0 > 0.5 ? 1 : 0) ^ (rng.nextInt(10) === 0 ? 1 : 0));
  }
  return { data: featureTableFromRows(values), labels };
}

describe('impurity importance', () => {
  it('is the normalised weighted Gini decrease (hand case: a single stump)', () => {
    // One split on feature 1 of rows x = 1…4, y = 0 0 1 1: all decrease is feature 1's.
    const data = featureTableFromRows([1, 2, 3, 4].map((v) => [0, v]));
    const fit = fitRandomForest(data, [0, 0, 1, 1], { treeCount: 3, bootstrap: false }, createXoshiro128(1));
    expect(Array.from(impurityImportance(fit.model))).toEqual([0, 1]);
  });

  it('sums to 1 and ranks the signal first and the constant last', () => {
    const { data, labels } = table(1, 300);
    const importance = impurityImportance(
      fitRandomForest(data, labels, { treeCount: 30 }, createXoshiro128(2)).model,
    );
    expect(importance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(importance[0]).toBeGreaterThan(importance[1]!);
    expect(importance[2]).toBe(0);
  });
});

describe('permutation importance', () => {
  const train = table(3, 300);
  const heldOut = table(4, 200);
  const fit = fitRandomForest(train.data, train.labels, { treeCount: 40 }, createXoshiro128(5));

  it('is exactly 0 for a feature the forest never splits on, large for the signal', () => {
    const result = permutationImportance(fit.model, heldOut.data, heldOut.labels, createXoshiro128(6), {
      repeats: 3,
    });
    expect(result.mean[2]).toBe(0); // constant in training: never split on, permuting changes nothing
    expect(result.standardDeviation[2]).toBe(0);
    expect(result.mean[0]).toBeGreaterThan(0.2); // AUC ≈ 0.9 → ≈ 0.5 without feature 0
    expect(Math.abs(result.mean[1]!)).toBeLessThan(0.05);
    expect(result.baselineScore).toBeCloseTo(
      aucScorer(predictProbabilities(fit.model, heldOut.data), Int32Array.from(heldOut.labels), 2),
      12,
    );
  });

  it('is reproducible with the same seed', () => {
    const a = permutationImportance(fit.model, heldOut.data, heldOut.labels, createXoshiro128(7), {
      repeats: 2,
    });
    const b = permutationImportance(fit.model, heldOut.data, heldOut.labels, createXoshiro128(7), {
      repeats: 2,
    });
    expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
  });

  it('works on out-of-bag rows, with any scorer', () => {
    const result = outOfBagPermutationImportance(fit, train.data, train.labels, createXoshiro128(8), {
      repeats: 2,
      scorer: accuracyScorer,
    });
    expect(result.baselineScore).toBeGreaterThan(0.8); // 10% label noise caps accuracy at ≈ 0.9
    expect(result.mean[0]).toBeGreaterThan(0.2);
    expect(result.mean[2]).toBe(0);
  });
});

describe('aucScorer', () => {
  it('matches a hand count with ties (midranks)', () => {
    // Positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4) (0.8>0.1) (0.4=0.4 → ½) (0.4>0.1) → 3.5/4.
    const probabilities = Float64Array.from([0.2, 0.8, 0.6, 0.4, 0.6, 0.4, 0.9, 0.1]);
    expect(aucScorer(probabilities, Int32Array.from([1, 1, 0, 0]), 2)).toBe(0.875);
  });
});
