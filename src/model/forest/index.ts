/** Random forest of CART classification trees, scikit-learn compatible; pure and seeded. */
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
