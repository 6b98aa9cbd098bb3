import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import type { DecisionTree } from './decision-tree.js';
import { resolveMaxFeatures } from './forest-options.js';
import { outOfBagProbabilities } from './out-of-bag.js';
import { createXoshiro128, type Prng } from './prng.js';
import {
  type ForestFit,
  fitRandomForest,
  predictClassProbability,
  predictProbabilities,
  type RandomForestModel,
} from './random-forest.js';
import { serializeForest } from './serialization.js';
import { type FeatureTable, featureTableFromRows } from './training-data.js';

/** A noisy synthetic table: label depends on features 0 and 1, the rest is noise. */
function noisyTable(
  rng: Prng,
  rows: number,
  columns: number,
  classCount = 2,
): { table: FeatureTable; labels: number[] } {
  const values: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = Array.from({ length: columns }, () => rng.nextFloat() * 2 - 1);
    const signal = row[0]! + 0.5 * row[1]! + 0.6 * (rng.nextFloat() - 0.5);
    labels.push(
      classCount === 2
        ? signal > 0
          ? 1
          : 0
        : Math.min(classCount - 1, Math.floor(((signal + 1.5) * classCount) / 3)),
    );
    values.push(row);
  }
  return { table: featureTableFromRows(values), labels };
}

function rowSums(probabilities: Float64Array, k: number): number[] {
  const sums: number[] = [];
  for (let i = 0; i < probabilities.length / k; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += probabilities[i * k + c]!;
    sums.push(s);
  }
  return sums;
}

/** A one-leaf tree that predicts `fractions` for every row. */
function constantTree(fractions: number[]): DecisionTree {
  return {
    nodeCount: 1,
    classCount: fractions.length,
    feature: Int32Array.of(-1),
    threshold: Float64Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    value: Float64Array.from(fractions),
    impurity: Float64Array.of(0),
    weightedSamples: Float64Array.of(1),
    samples: Int32Array.of(1),
  };
}

describe('fitRandomForest / predictProbabilities', () => {
  it.each([2, 3])('gives class probabilities that sum to 1 (%i classes)', (k) => {
    const { table, labels } = noisyTable(createXoshiro128(11), 150, 8, k);
    const fit = fitRandomForest(table, labels, { treeCount: 30 }, createXoshiro128(5));
    const probabilities = predictProbabilities(fit.model, table);
    expect(probabilities.length).toBe(150 * k);
    for (const s of rowSums(probabilities, k)) expect(s).toBeCloseTo(1, 12);
    for (const p of probabilities) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('gives the same forest for the same seed and a different one for another seed', () => {
    const { table, labels } = noisyTable(createXoshiro128(12), 120, 10);
    const fitWith = (seed: number) =>
      JSON.stringify(
        serializeForest(fitRandomForest(table, labels, { treeCount: 20 }, createXoshiro128(seed)).model),
      );
    expect(fitWith(3)).toBe(fitWith(3));
    expect(fitWith(4)).not.toBe(fitWith(3));
  });

  it('averages leaf class fractions over trees (not votes)', () => {
    // Two stumps on one row: fractions (0.25, 0.75) and (1, 0) average to (0.625, 0.375).
    const model: RandomForestModel = {
      featureCount: 1,
      classCount: 2,
      options: fitRandomForest(
        featureTableFromRows([[0], [1]]),
        [0, 1],
        { treeCount: 1 },
        createXoshiro128(1),
      ).model.options,
      trees: [constantTree([0.25, 0.75]), constantTree([1, 0])],
    };
    expect(Array.from(predictProbabilities(model, featureTableFromRows([[0]])))).toEqual([0.625, 0.375]);
  });

  it('draws features at every split, not once per tree', () => {
    // maxFeatures 1 of 10: a per-tree draw would give every split of a tree the same feature.
    const { table, labels } = noisyTable(createXoshiro128(13), 200, 10);
    const fit = fitRandomForest(
      table,
      labels,
      { treeCount: 5, maxFeatures: { count: 1 } },
      createXoshiro128(2),
    );
    for (const tree of fit.model.trees) {
      const used = new Set(Array.from(tree.feature).filter((f) => f >= 0));
      expect(used.size).toBeGreaterThan(3);
    }
  });

  it('bootstraps n rows with replacement per tree (about 36.8% out of bag)', () => {
    const { table, labels } = noisyTable(createXoshiro128(14), 500, 4);
    const fit = fitRandomForest(table, labels, { treeCount: 40 }, createXoshiro128(3));
    let outOfBag = 0;
    for (const counts of fit.inBagCounts) {
      expect(counts.reduce((a, b) => a + b, 0)).toBe(500);
      outOfBag += counts.filter((c) => c === 0).length;
    }
    // (1 − 1/n)^n → e^−1 ≈ 0.368; 20,000 row draws give sd ≈ 0.004.
    expect(outOfBag / (40 * 500)).toBeCloseTo(Math.exp(-1), 1);
    expect(fit.model.trees[0]!.samples[0]).toBe(fit.inBagCounts[0]!.filter((c) => c > 0).length);
  });

  it('resolves maxFeatures as scikit-learn does', () => {
    expect(resolveMaxFeatures('sqrt', 30)).toBe(5);
    expect(resolveMaxFeatures('log2', 30)).toBe(4);
    expect(resolveMaxFeatures('log2', 32)).toBe(5);
    expect(resolveMaxFeatures('log2', 1)).toBe(1);
    expect(resolveMaxFeatures('all', 30)).toBe(30);
    expect(resolveMaxFeatures({ fraction: 0.33 }, 30)).toBe(9);
    expect(resolveMaxFeatures({ fraction: 0.01 }, 30)).toBe(1);
    expect(resolveMaxFeatures({ count: 7 }, 30)).toBe(7);
    expect(() => resolveMaxFeatures({ count: 31 }, 30)).toThrow(/maxFeatures.count/);
  });

  it('rejects bad settings and bad data with named errors', () => {
    const table = featureTableFromRows([[0], [1]]);
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    const rng = createXoshiro128(1);
    expect(codeOf(() => fitRandomForest(table, [0, 1], { treeCount: 0 }, rng))).toMatch(
      /^invalid_forest_options: .*treeCount/,
    );
    expect(codeOf(() => fitRandomForest(table, [0, 1], { minSamplesLeaf: 0 }, rng))).toMatch(
      /minSamplesLeaf/,
    );
    expect(codeOf(() => fitRandomForest(table, [0, 1], { classWeight: [1, 2, 3] }, rng))).toMatch(
      /classWeight/,
    );
    expect(codeOf(() => fitRandomForest(table, [0], {}, rng))).toMatch(/^label_count_mismatch/);
    expect(codeOf(() => fitRandomForest(table, [0, 0.5], {}, rng))).toMatch(/^invalid_label/);
    expect(codeOf(() => fitRandomForest(table, [0, 0], {}, rng))).toMatch(/^invalid_label/);
    expect(codeOf(() => fitRandomForest(featureTableFromRows([[0], [Number.NaN]]), [0, 1], {}, rng))).toMatch(
      /^non_finite_feature: .*row 1, feature 0/,
    );
    const fit = fitRandomForest(table, [0, 1], { treeCount: 2 }, rng);
    expect(codeOf(() => predictClassProbability(fit.model, table, 2))).toMatch(/^invalid_class_index/);
    expect(codeOf(() => predictProbabilities(fit.model, featureTableFromRows([[0, 1]])))).toMatch(
      /^feature_count_mismatch/,
    );
  });
});

describe('class weights', () => {
  // x = 1…8, y = 0 0 0 1 0 0 1 1. Stump, weighted Gini of the children W_L·G_L + W_R·G_R:
  //   unweighted: split at 6.5 → 6·(1 − (5² + 1²)/6²) + 0 = 1.667;  at 3.5 → 0 + 5·(1 − (2² + 3²)/5²) = 2.4
  //   class 1 weighs 3: at 6.5 → 8·(1 − (5² + 3²)/8²) + 0 = 3.75;  at 3.5 → 0 + 11·(1 − (2² + 9²)/11²) = 3.27
  // so the best split moves from 6.5 to 3.5 (all other thresholds are worse in both cases).
  const table = featureTableFromRows([1, 2, 3, 4, 5, 6, 7, 8].map((v) => [v]));
  const labels = [0, 0, 0, 1, 0, 0, 1, 1];
  const stump = (classWeight: 'none' | 'balanced' | number[]) =>
    fitRandomForest(
      table,
      labels,
      { treeCount: 1, bootstrap: false, maxDepth: 1, classWeight },
      createXoshiro128(1),
    ).model.trees[0]!;

  it('move the best split as computed by hand', () => {
    expect(stump('none').threshold[0]).toBe(6.5);
    expect(stump([1, 3]).threshold[0]).toBe(3.5);
  });

  it("'balanced' weighs class k by n / (K · n_k)", () => {
    // n = 8, n₀ = 5, n₁ = 3 → weights 0.8 and 4/3; root weighted size 5·0.8 + 3·4/3 = 8.
    const balanced = stump('balanced');
    const explicit = stump([8 / 10, 8 / 6]);
    expect(balanced.weightedSamples[0]).toBeCloseTo(8, 12);
    expect(Array.from(balanced.value)).toEqual(Array.from(explicit.value));
    expect(balanced.threshold[0]).toBe(explicit.threshold[0]);
    expect(balanced.value[0]).toBeCloseTo(0.5, 12); // balanced root: half the weight in each class
  });

  it('integer weights act like repeated rows', () => {
    const { table: t, labels: y } = noisyTable(createXoshiro128(21), 60, 3);
    const repeatedRows: number[][] = [];
    const repeatedLabels: number[] = [];
    for (let i = 0; i < t.rows; i++) {
      for (let r = 0; r < (y[i] === 1 ? 3 : 1); r++) {
        repeatedRows.push(Array.from(t.values.subarray(i * 3, i * 3 + 3)));
        repeatedLabels.push(y[i]!);
      }
    }
    const options = { treeCount: 1, bootstrap: false, maxFeatures: 'all' as const, maxDepth: 4 };
    const weighted = fitRandomForest(t, y, { ...options, classWeight: [1, 3] }, createXoshiro128(4));
    const repeated = fitRandomForest(
      featureTableFromRows(repeatedRows),
      repeatedLabels,
      options,
      createXoshiro128(4),
    );
    expect(Array.from(predictProbabilities(weighted.model, t))).toEqual(
      Array.from(predictProbabilities(repeated.model, t)),
    );
  });
});

describe('out-of-bag probabilities', () => {
  it('average, per row, only the trees that did not draw it (hand case)', () => {
    const model: RandomForestModel = {
      featureCount: 1,
      classCount: 2,
      options: fitRandomForest(
        featureTableFromRows([[0], [1]]),
        [0, 1],
        { treeCount: 1 },
        createXoshiro128(1),
      ).model.options,
      trees: [constantTree([0.2, 0.8]), constantTree([0.6, 0.4]), constantTree([1, 0])],
    };
    const fit: ForestFit = {
      model,
      inBagCounts: [Uint32Array.of(1, 0, 2, 1), Uint32Array.of(0, 0, 3, 1), Uint32Array.of(3, 0, 0, 1)],
    };
    const oob = outOfBagProbabilities(fit, featureTableFromRows([[0], [0], [0], [0]]));
    expect(Array.from(oob.treeCounts)).toEqual([1, 3, 1, 0]);
    const p = Array.from(oob.probabilities);
    expect(p.slice(0, 2)).toEqual([0.6, 0.4]); // row 0: tree 2 only
    expect(p[2]).toBeCloseTo((0.2 + 0.6 + 1) / 3, 15); // row 1: all three trees
    expect(p[3]).toBeCloseTo((0.8 + 0.4 + 0) / 3, 15);
    expect(p.slice(4, 6)).toEqual([1, 0]); // row 2: tree 3 only
    expect(p.slice(6, 8).every(Number.isNaN)).toBe(true); // row 3: in every bag
  });

  it('are refused for a forest trained without bootstrap', () => {
    const table = featureTableFromRows([[0], [1]]);
    const fit = fitRandomForest(table, [0, 1], { treeCount: 2, bootstrap: false }, createXoshiro128(1));
    expect(() => outOfBagProbabilities(fit, table)).toThrow(/bootstrap: false/);
  });

  it('are exact on cleanly separable data', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [i < 20 ? i : i + 100, (i * 7) % 13]);
    const labels = rows.map((_, i) => (i < 20 ? 0 : 1));
    const fit = fitRandomForest(
      featureTableFromRows(rows),
      labels,
      { treeCount: 25, maxFeatures: 'all' },
      createXoshiro128(8),
    );
    const oob = outOfBagProbabilities(fit, featureTableFromRows(rows));
    labels.forEach((label, i) => {
      if (oob.treeCounts[i] === 0) return;
      expect(oob.probabilities[2 * i + label]).toBe(1);
    });
  });
});
