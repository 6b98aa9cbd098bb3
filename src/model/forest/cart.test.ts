import { describe, expect, it } from 'vitest';
import {
  readFixtureJson,
  readSplitTable,
  type SplitTable,
} from '../../../test/fixtures/sklearn/sklearn-fixtures.js';
import { createXoshiro128 } from './prng.js';
import { fitRandomForest, predictProbabilities } from './random-forest.js';
import { type FeatureTable, featureTableFromRows } from './training-data.js';

interface TreeReference {
  table: 'binary' | 'multiclass';
  name: string;
  params: {
    max_depth?: number;
    min_samples_leaf?: number;
    min_samples_split?: number;
    class_weight?: string | number[];
  };
  testProbabilities: number[][];
  nodes: [number, number, number][];
}

function toFloat32(data: SplitTable): SplitTable {
  const round = (t: FeatureTable): FeatureTable => ({ ...t, values: t.values.map(Math.fround) });
  return { ...data, train: round(data.train), test: round(data.test) };
}

describe('CART tree: same partitions as scikit-learn DecisionTreeClassifier (all features, no bootstrap)', () => {
  // With every feature examined at every split the best split is unique except for exact ties in
  // improvement, which scikit-learn breaks by its random feature order and we by ours. Such ties
  // (e.g. two features that both peel off the same single row) make the same partition of the
  // training rows with a different threshold. So: training-set probabilities (which depend only on
  // the partition and leaf values) must be identical; test-set probabilities agree on most rows.
  const reference = readFixtureJson<{ trees: TreeReference[] }>('tree-reference.json');
  // scikit-learn trees cast X to float32 before fitting and predicting (thresholds stay float64
  // midpoints of float32 values); we keep float64, so round the inputs the same way.
  const tables = {
    binary: toFloat32(readSplitTable('forest-table.csv')),
    multiclass: toFloat32(readSplitTable('tree-multiclass.csv')),
  };

  for (const ref of reference.trees) {
    it(`${ref.table} / ${ref.name}`, () => {
      const data = tables[ref.table];
      const classWeight = ref.params.class_weight as 'balanced' | number[] | undefined;
      const fit = fitRandomForest(
        data.train,
        data.trainY,
        {
          treeCount: 1,
          bootstrap: false,
          maxFeatures: 'all',
          maxDepth: ref.params.max_depth ?? null,
          minSamplesLeaf: ref.params.min_samples_leaf ?? 1,
          minSamplesSplit: ref.params.min_samples_split ?? 2,
          classWeight: classWeight ?? 'none',
        },
        createXoshiro128(1),
      );
      const tree = fit.model.trees[0]!;
      const nodes = Array.from({ length: tree.nodeCount }, (_, i) => [
        tree.samples[i]!,
        tree.weightedSamples[i]!,
        tree.impurity[i]!,
      ]).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!);
      expect(nodes.length).toBe(ref.nodes.length);
      nodes.forEach(([samples, weighted, impurity], i) => {
        const [refSamples, refWeighted, refImpurity] = ref.nodes[i]!;
        expect(samples, `node ${i} rows`).toBe(refSamples);
        expect(weighted, `node ${i} weighted rows`).toBeCloseTo(refWeighted, 9);
        expect(impurity, `node ${i} Gini`).toBeCloseTo(refImpurity, 12);
      });
      if (ref.table === 'binary' && ref.name === 'depth3') {
        // This tree has no exactly tied splits (checked by dumping both trees; the others have
        // ties such as two features peeling off the same row), so thresholds and features are the
        // same and so are the predictions on unseen rows.
        const k = fit.model.classCount;
        const test = predictProbabilities(fit.model, data.test);
        ref.testProbabilities.forEach((row, i) => {
          row.forEach((p, c) => {
            expect(test[i * k + c], `test row ${i}, class ${c}`).toBeCloseTo(p, 12);
          });
        });
      }
    });
  }
});

describe('CART tree: hand cases', () => {
  it('puts the threshold halfway between adjacent distinct values and sends ties left', () => {
    const table = featureTableFromRows([[1], [1], [2], [4], [4]]);
    const fit = fitRandomForest(
      table,
      [0, 0, 0, 1, 1],
      { treeCount: 1, bootstrap: false },
      createXoshiro128(1),
    );
    const tree = fit.model.trees[0]!;
    expect(tree.nodeCount).toBe(3);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(3);
    expect(Array.from(predictProbabilities(fit.model, featureTableFromRows([[3], [3.0001]])))).toEqual([
      1, 0, 0, 1,
    ]);
  });

  it('leaves a constant feature unsplit and keeps looking past max features to find a useful one', () => {
    // Feature 0 is constant; with maxFeatures 1, a node that draws it first must still try feature 1.
    const rows = [0, 1, 2, 3, 4, 5].map((v) => [7, v]);
    const fit = fitRandomForest(
      featureTableFromRows(rows),
      [0, 0, 0, 1, 1, 1],
      {
        treeCount: 20,
        bootstrap: false,
        maxFeatures: { count: 1 },
      },
      createXoshiro128(3),
    );
    for (const tree of fit.model.trees) {
      expect(tree.nodeCount).toBe(3);
      expect(tree.feature[0]).toBe(1);
      expect(tree.threshold[0]).toBe(2.5);
    }
  });

  it('respects minSamplesLeaf by counting distinct rows', () => {
    // Best unconstrained split isolates row 0 (x = 0, the only class 1); with minSamplesLeaf 2 it cannot.
    const table = featureTableFromRows([[0], [1], [2], [3], [4], [5]]);
    const labels = [1, 0, 0, 0, 0, 0];
    const free = fitRandomForest(table, labels, { treeCount: 1, bootstrap: false }, createXoshiro128(1));
    expect(free.model.trees[0]!.threshold[0]).toBe(0.5);
    const constrained = fitRandomForest(
      table,
      labels,
      { treeCount: 1, bootstrap: false, minSamplesLeaf: 2 },
      createXoshiro128(1),
    );
    expect(constrained.model.trees[0]!.threshold[0]).toBe(1.5);
  });
});
