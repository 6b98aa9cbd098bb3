import { AppError } from '../../errors/index.js';
import { type OutOfBagProbabilities, outOfBagProbabilities } from './out-of-bag.js';
import { type Prng, shuffleInPlace } from './prng.js';
import { type ForestFit, predictProbabilities, type RandomForestModel } from './random-forest.js';
import { defaultScorer, type ProbabilityScorer } from './scoring.js';
import { assertFeatureTable, type FeatureTable, resolveClassCount } from './training-data.js';

/**
 * Impurity (mean decrease in Gini) importance, as scikit-learn's `feature_importances_`:
 * per tree, I_t(j) = Σ over nodes s splitting on j of (W_s·G_s − W_L·G_L − W_R·G_R) / W_root,
 * normalised to sum 1; then the mean over trees that have at least one split, normalised to sum 1.
 * W are weighted row counts, G Gini impurities. All zeros if no tree splits.
 * Biased towards features with many distinct values; prefer permutation importance to rank them.
 */
export function impurityImportance(model: RandomForestModel): Float64Array {
  const p = model.featureCount;
  const total = new Float64Array(p);
  const perTree = new Float64Array(p);
  for (const tree of model.trees) {
    if (tree.nodeCount <= 1) continue;
    perTree.fill(0);
    const { feature, left, right, impurity, weightedSamples: w } = tree;
    for (let s = 0; s < tree.nodeCount; s++) {
      const f = feature[s]!;
      if (f < 0) continue;
      const l = left[s]!;
      const r = right[s]!;
      perTree[f]! += w[s]! * impurity[s]! - w[l]! * impurity[l]! - w[r]! * impurity[r]!;
    }
    let sum = 0;
    for (let j = 0; j < p; j++) sum += perTree[j]!;
    if (sum > 0) for (let j = 0; j < p; j++) total[j]! += perTree[j]! / sum;
  }
  let sum = 0;
  for (let j = 0; j < p; j++) sum += total[j]!;
  if (sum > 0) for (let j = 0; j < p; j++) total[j]! /= sum;
  return total;
}

/** Permutation importance per feature: mean and (population) standard deviation over repeats. */
export interface PermutationImportance {
  /** Score on the unpermuted data. */
  readonly baselineScore: number;
  /** baseline − score with feature j permuted, averaged over repeats. */
  readonly mean: Float64Array;
  readonly standardDeviation: Float64Array;
}

export interface PermutationOptions {
  /** Permutations per feature. @defaultValue 5 (scikit-learn's n_repeats) */
  readonly repeats?: number;
  /** @defaultValue AUC for two classes, accuracy otherwise. */
  readonly scorer?: ProbabilityScorer;
}

/**
 * Permutation importance on given data (Breiman 2001; as scikit-learn's `permutation_importance`):
 * for each feature j and repeat r, shuffle column j across rows with `rng`, predict, and record
 * baseline score − permuted score. Seeded: the same rng seed gives the same numbers.
 */
export function permutationImportance(
  model: RandomForestModel,
  table: FeatureTable,
  labels: ArrayLike<number>,
  rng: Prng,
  options: PermutationOptions = {},
): PermutationImportance {
  assertFeatureTable(table, model.featureCount);
  resolveClassCount(labels, table.rows, model.classCount);
  const y = Int32Array.from(labels);
  const scorer = options.scorer ?? defaultScorer(model.classCount);
  const score = (t: FeatureTable) => scorer(predictProbabilities(model, t), y, model.classCount);
  return permuteEachFeature(table, score, repeatsOf(options), rng);
}

/**
 * Permutation importance on the out-of-bag rows: the score of the out-of-bag probabilities
 * ({@link outOfBagProbabilities}) minus their score once column j is shuffled across the training
 * rows, so each tree is only judged on rows it did not see. Rows never out of bag are left out of
 * every score. `table` and `labels` must be the training data of `fit`.
 */
export function outOfBagPermutationImportance(
  fit: ForestFit,
  table: FeatureTable,
  labels: ArrayLike<number>,
  rng: Prng,
  options: PermutationOptions = {},
): PermutationImportance {
  const k = fit.model.classCount;
  resolveClassCount(labels, table.rows, k);
  const y = Int32Array.from(labels);
  const scorer = options.scorer ?? defaultScorer(k);
  const baseline = outOfBagProbabilities(fit, table);
  const scored = rowsWithVotes(baseline);
  const scoredLabels = Int32Array.from(scored, (i) => y[i]!);
  const score = (t: FeatureTable) => {
    const oob = outOfBagProbabilities(fit, t).probabilities;
    const subset = new Float64Array(scored.length * k);
    scored.forEach((row, s) => {
      subset.set(oob.subarray(row * k, row * k + k), s * k);
    });
    return scorer(subset, scoredLabels, k);
  };
  return permuteEachFeature(table, score, repeatsOf(options), rng);
}

function rowsWithVotes(oob: OutOfBagProbabilities): number[] {
  const rows: number[] = [];
  oob.treeCounts.forEach((count, i) => {
    if (count > 0) rows.push(i);
  });
  return rows;
}

function repeatsOf(options: PermutationOptions): number {
  const repeats = options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new AppError(
      'invalid_permutation_options',
      `Permutation "repeats" must be a positive integer; found ${repeats}.`,
    );
  }
  return repeats;
}

/** Shuffles one column at a time in a working copy (restored after each feature) and scores it. */
function permuteEachFeature(
  table: FeatureTable,
  score: (table: FeatureTable) => number,
  repeats: number,
  rng: Prng,
): PermutationImportance {
  const { rows, columns } = table;
  const baselineScore = score(table);
  const working: FeatureTable = { values: table.values.slice(), rows, columns };
  const column = new Float64Array(rows);
  const mean = new Float64Array(columns);
  const standardDeviation = new Float64Array(columns);
  const drops = new Float64Array(repeats);
  for (let j = 0; j < columns; j++) {
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < rows; i++) column[i] = table.values[i * columns + j]!;
      shuffleInPlace(column, rng);
      for (let i = 0; i < rows; i++) working.values[i * columns + j] = column[i]!;
      drops[r] = baselineScore - score(working);
    }
    for (let i = 0; i < rows; i++) working.values[i * columns + j] = table.values[i * columns + j]!;
    let sum = 0;
    for (let r = 0; r < repeats; r++) sum += drops[r]!;
    const m = sum / repeats;
    let squares = 0;
    for (let r = 0; r < repeats; r++) squares += (drops[r]! - m) ** 2;
    mean[j] = m;
    standardDeviation[j] = Math.sqrt(squares / repeats);
  }
  return { baselineScore, mean, standardDeviation };
}
