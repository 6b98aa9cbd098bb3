import { AppError } from '../../errors/index.js';
import { type CartParameters, growTree } from './cart.js';
import { computeClassWeights } from './class-weights.js';
import { type DecisionTree, findLeaf } from './decision-tree.js';
import {
  type ForestOptions,
  type ForestOptionsInput,
  parseForestOptions,
  resolveMaxFeatures,
} from './forest-options.js';
import type { Prng } from './prng.js';
import { assertFeatureTable, type FeatureTable, resolveClassCount, toColumnMajor } from './training-data.js';

/** A trained random forest: everything prediction needs, and what it was trained with. */
export interface RandomForestModel {
  readonly featureCount: number;
  readonly classCount: number;
  readonly options: ForestOptions;
  readonly trees: readonly DecisionTree[];
}

/** A model plus what only training knows: which rows each tree saw, for out-of-bag estimates. */
export interface ForestFit {
  readonly model: RandomForestModel;
  /** Per tree, how many times each training row was drawn into its bootstrap sample (0 = out of bag). */
  readonly inBagCounts: readonly Uint32Array[];
}

/**
 * Fits a random forest of CART classification trees (Breiman 2001), as scikit-learn's
 * `RandomForestClassifier`: each tree grows on n rows drawn with replacement from the n training
 * rows (kept as per-row multiplicities, as scikit-learn does), with `maxFeatures` features drawn
 * afresh at every split, rows weighted by their class weight; see {@link growTree}.
 *
 * `labels` are class indices 0..K−1; `classCount` defaults to the largest label + 1.
 * All randomness comes from `rng`: the same seed gives the same forest.
 */
export function fitRandomForest(
  table: FeatureTable,
  labels: ArrayLike<number>,
  optionsInput: ForestOptionsInput | undefined,
  rng: Prng,
  classCount?: number,
): ForestFit {
  const options = parseForestOptions(optionsInput);
  assertFeatureTable(table);
  const k = resolveClassCount(labels, table.rows, classCount);
  const y = Int32Array.from(labels);
  const n = table.rows;
  const data = {
    columns: toColumnMajor(table),
    rows: n,
    featureCount: table.columns,
    labels: y,
    classCount: k,
  };
  const params: CartParameters = {
    maxFeatures: resolveMaxFeatures(options.maxFeatures, table.columns),
    maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY,
    minSamplesSplit: options.minSamplesSplit,
    minSamplesLeaf: options.minSamplesLeaf,
  };
  // 'balanced' uses the whole training set once; 'balanced_subsample' is recomputed per bootstrap.
  const fixedClassWeights =
    options.classWeight === 'balanced_subsample' ? undefined : computeClassWeights(options.classWeight, y, k);

  const trees: DecisionTree[] = [];
  const inBagCounts: Uint32Array[] = [];
  const rowWeights = new Float64Array(n);
  for (let t = 0; t < options.treeCount; t++) {
    const counts = new Uint32Array(n);
    if (options.bootstrap) {
      for (let draw = 0; draw < n; draw++) counts[rng.nextInt(n)]!++;
    } else {
      counts.fill(1);
    }
    const classWeights = fixedClassWeights ?? computeClassWeights('balanced', y, k, counts);
    for (let i = 0; i < n; i++) rowWeights[i] = counts[i]! * classWeights[y[i]!]!;
    trees.push(growTree(data, rowWeights, params, rng));
    inBagCounts.push(counts);
  }
  return { model: { featureCount: table.columns, classCount: k, options, trees }, inBagCounts };
}

/**
 * Class probabilities, rows × K row-major: for each row, the mean over trees of the class
 * fractions in the leaf it reaches, P(k | x) = (1/T) Σ_t value_t[leaf_t(x), k]. Each row sums to 1.
 */
export function predictProbabilities(model: RandomForestModel, table: FeatureTable): Float64Array {
  assertFeatureTable(table, model.featureCount);
  const k = model.classCount;
  const out = new Float64Array(table.rows * k);
  for (const tree of model.trees) addTreeVotes(tree, table, out, undefined);
  const scale = 1 / model.trees.length;
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}

/** Probability of class `classIndex` per row (for binary models, class 1 is the positive class). */
export function predictClassProbability(
  model: RandomForestModel,
  table: FeatureTable,
  classIndex = 1,
): Float64Array {
  const k = model.classCount;
  if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= k) {
    throw new AppError(
      'invalid_class_index',
      `Class index ${classIndex} is not one of the model's ${k} classes.`,
      {
        details: { classIndex, classCount: k },
      },
    );
  }
  const all = predictProbabilities(model, table);
  const out = new Float64Array(table.rows);
  for (let i = 0; i < table.rows; i++) out[i] = all[i * k + classIndex]!;
  return out;
}

/**
 * Adds one tree's leaf class fractions into `sums` (rows × K); when `onlyRows` is given, only
 * for rows where it is 0 (the out-of-bag rows of that tree) and counts them in `votes`.
 */
export function addTreeVotes(
  tree: DecisionTree,
  table: FeatureTable,
  sums: Float64Array,
  onlyRows: Uint32Array | undefined,
  votes?: Uint32Array,
): void {
  const k = tree.classCount;
  const { values, rows, columns } = table;
  for (let i = 0; i < rows; i++) {
    if (onlyRows !== undefined && onlyRows[i] !== 0) continue;
    const leaf = findLeaf(tree, values, i * columns);
    const base = leaf * k;
    for (let c = 0; c < k; c++) sums[i * k + c]! += tree.value[base + c]!;
    if (votes !== undefined) votes[i]!++;
  }
}
