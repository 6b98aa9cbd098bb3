/**
 * Random forest of CART classification trees, behaving as scikit-learn's RandomForestClassifier
 * (checked against it by test/fixtures/sklearn/generate_forest_reference.py). Pure: all randomness
 * comes from a seeded {@link Prng}.
 *
 * @example
 * const fit = fitRandomForest(featureTableFromRows(rows), labels, { treeCount: 500, classWeight: 'balanced' },
 *   createXoshiro128(seed));
 * const pHer2 = predictClassProbability(fit.model, featureTableFromRows(newRows)); // class 1
 * const oob = outOfBagProbabilities(fit, featureTableFromRows(rows));
 * const json = JSON.stringify(serializeForest(fit.model)); // deserializeForest(JSON.parse(json))
 */
export { type CartData, type CartParameters, gini, growTree } from './cart.js';
export { computeClassWeights } from './class-weights.js';
export { type DecisionTree, findLeaf } from './decision-tree.js';
export {
  type ClassWeight,
  classWeightSchema,
  type ForestOptions,
  type ForestOptionsInput,
  forestOptionsSchema,
  type MaxFeatures,
  maxFeaturesSchema,
  parseForestOptions,
  resolveMaxFeatures,
} from './forest-options.js';
export {
  impurityImportance,
  outOfBagPermutationImportance,
  type PermutationImportance,
  type PermutationOptions,
  permutationImportance,
} from './importance.js';
export { type OutOfBagProbabilities, outOfBagProbabilities } from './out-of-bag.js';
export { createXoshiro128, createXoshiro128FromState, type Prng, shuffleInPlace } from './prng.js';
export {
  type ForestFit,
  fitRandomForest,
  predictClassProbability,
  predictProbabilities,
  type RandomForestModel,
} from './random-forest.js';
export { accuracyScorer, aucScorer, defaultScorer, type ProbabilityScorer } from './scoring.js';
export {
  deserializeForest,
  FOREST_FORMAT,
  FOREST_FORMAT_VERSION,
  type SerializedForest,
  serializeForest,
} from './serialization.js';
export {
  assertFeatureTable,
  type FeatureTable,
  featureTableFromRows,
  resolveClassCount,
  toColumnMajor,
} from './training-data.js';
