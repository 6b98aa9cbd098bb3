import { describe, expect, it } from 'vitest';
import { readFixtureJson, readSplitTable } from '../../../test/fixtures/sklearn/sklearn-fixtures.js';
import type { ForestOptionsInput } from './forest-options.js';
import { impurityImportance } from './importance.js';
import { outOfBagProbabilities } from './out-of-bag.js';
import { createXoshiro128 } from './prng.js';
import { fitRandomForest, predictClassProbability } from './random-forest.js';

// Reference: test/fixtures/sklearn/generate_forest_reference.py (scikit-learn RandomForestClassifier).

interface ReferenceConfig {
  name: string;
  params: Record<string, unknown>;
  meanTestAuc: number;
  meanOobAuc: number;
  meanImpurityImportance: number[];
  perSeed: { seed: number; impurityImportance: number[] }[];
}
interface MulticlassReferenceConfig {
  name: string;
  params: Record<string, unknown>;
  meanMacroOvrAuc: number;
}
interface Reference {
  nTrees: number;
  seeds: number[];
  configs: ReferenceConfig[];
  multiclassConfigs: MulticlassReferenceConfig[];
}

/** Mann–Whitney AUC: P(score of a positive > score of a negative) + ½ P(tie), by brute force over pairs. */
function mannWhitneyAuc(scores: ArrayLike<number>, labels: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1 || Number.isNaN(scores[i]!)) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0 || Number.isNaN(scores[j]!)) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins++;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** scikit-learn parameter names → ours. */
function toOptions(params: Record<string, unknown>, treeCount: number): ForestOptionsInput {
  const maxFeatures = params.max_features;
  const asMaxFeatures = (): ForestOptionsInput['maxFeatures'] => {
    if (typeof maxFeatures !== 'number') return maxFeatures as 'sqrt' | 'log2';
    // In scikit-learn an int is a count and a float a fraction; after JSON only the value tells
    // them apart, so an integral value is read as a count (the fixtures use 2 and 0.5).
    return Number.isInteger(maxFeatures) ? { count: maxFeatures } : { fraction: maxFeatures };
  };
  return {
    treeCount,
    maxFeatures: asMaxFeatures(),
    bootstrap: (params.bootstrap as boolean | undefined) ?? true,
    maxDepth: (params.max_depth as number | undefined) ?? null,
    minSamplesLeaf: (params.min_samples_leaf as number | undefined) ?? 1,
    minSamplesSplit: (params.min_samples_split as number | undefined) ?? 2,
    classWeight: (params.class_weight as 'balanced' | 'balanced_subsample' | undefined) ?? 'none',
  };
}

describe('agreement with scikit-learn RandomForestClassifier', () => {
  const reference = readFixtureJson<Reference>('forest-reference.json');
  const data = readSplitTable('forest-table.csv');

  for (const config of reference.configs) {
    it(`${config.name}: mean test AUC, OOB AUC and impurity importances over ${reference.seeds.length} seeds`, () => {
      const testAucs: number[] = [];
      const oobAucs: number[] = [];
      const importanceSums = new Float64Array(data.train.columns);
      for (const seed of reference.seeds) {
        const fit = fitRandomForest(
          data.train,
          data.trainY,
          toOptions(config.params, reference.nTrees),
          createXoshiro128(seed),
        );
        testAucs.push(mannWhitneyAuc(predictClassProbability(fit.model, data.test), data.testY));
        const oob = outOfBagProbabilities(fit, data.train);
        const oobPositive = Array.from({ length: data.train.rows }, (_, i) => oob.probabilities[2 * i + 1]!);
        oobAucs.push(mannWhitneyAuc(oobPositive, data.trainY));
        impurityImportance(fit.model).forEach((v, j) => {
          importanceSums[j]! += v / reference.seeds.length;
        });
      }
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(mean(testAucs) - config.meanTestAuc)).toBeLessThan(0.02);
      expect(Math.abs(mean(oobAucs) - config.meanOobAuc)).toBeLessThan(0.02);
      // Same algorithm → same expected importances; the two means differ by seed noise only. Allow
      // 4 standard errors of a difference of two 10-seed means (SE from scikit-learn's seed spread).
      config.meanImpurityImportance.forEach((sklearnMean, j) => {
        const perSeed = config.perSeed.map((r) => r.impurityImportance[j]!);
        const sd = Math.sqrt(perSeed.reduce((a, v) => a + (v - sklearnMean) ** 2, 0) / (perSeed.length - 1));
        const tolerance = 4 * Math.SQRT2 * (sd / Math.sqrt(perSeed.length)) + 0.001;
        expect(Math.abs(importanceSums[j]! - sklearnMean), `feature f${j}`).toBeLessThan(tolerance);
      });
    });
  }

  const multiclass = readSplitTable('tree-multiclass.csv');
  for (const config of reference.multiclassConfigs) {
    it(`3 classes, ${config.name}: mean macro one-vs-rest test AUC over ${reference.seeds.length} seeds`, () => {
      const aucs = reference.seeds.map((seed) => {
        const fit = fitRandomForest(
          multiclass.train,
          multiclass.trainY,
          toOptions(config.params, reference.nTrees),
          createXoshiro128(seed),
        );
        const perClass = [0, 1, 2].map((k) =>
          mannWhitneyAuc(
            predictClassProbability(fit.model, multiclass.test, k),
            multiclass.testY.map((y) => (y === k ? 1 : 0)),
          ),
        );
        return perClass.reduce((a, b) => a + b, 0) / 3;
      });
      const mean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
      expect(Math.abs(mean - config.meanMacroOvrAuc)).toBeLessThan(0.02);
    });
  }
});
