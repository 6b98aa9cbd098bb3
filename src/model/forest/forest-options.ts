import { z } from 'zod';
import { AppError } from '../../errors/index.js';

/**
 * How many features each split may look at, as in scikit-learn's `max_features`:
 * `'sqrt'` → max(1, ⌊√p⌋), `'log2'` → max(1, ⌊log₂ p⌋), `'all'` → p, `{ fraction }` → max(1, ⌊fraction·p⌋),
 * `{ count }` → count. Written as objects because JavaScript cannot tell the int 1 from the float 1.0.
 */
export const maxFeaturesSchema = z.union([
  z.literal('sqrt'),
  z.literal('log2'),
  z.literal('all'),
  z.strictObject({ fraction: z.number().gt(0).lte(1) }),
  z.strictObject({ count: z.number().int().positive() }),
]);
export type MaxFeatures = z.infer<typeof maxFeaturesSchema>;

/**
 * Class weights, as scikit-learn's `class_weight`: `'balanced'` gives class k the weight
 * n / (K · n_k) computed on the whole training set; `'balanced_subsample'` computes it on each
 * tree's bootstrap sample; an array gives one weight per class index; `'none'` weighs all alike.
 */
export const classWeightSchema = z.union([
  z.literal('none'),
  z.literal('balanced'),
  z.literal('balanced_subsample'),
  z.array(z.number().nonnegative().finite()).min(2),
]);
export type ClassWeight = z.infer<typeof classWeightSchema>;

/** Settings of a random forest of CART classification trees; defaults are scikit-learn's. */
export const forestOptionsSchema = z.strictObject({
  /** Number of trees (`n_estimators`). @defaultValue 100 */
  treeCount: z.number().int().positive().default(100),
  /** Features drawn without replacement at every split (`max_features`). @defaultValue 'sqrt' */
  maxFeatures: maxFeaturesSchema.default('sqrt'),
  /** Deepest level a node may sit at, root = 0 (`max_depth`); null = grow until pure. @defaultValue null */
  maxDepth: z.number().int().nonnegative().nullable().default(null),
  /** A node with fewer distinct training rows is not split (`min_samples_split`). @defaultValue 2 */
  minSamplesSplit: z.number().int().min(2).default(2),
  /** Each child must keep at least this many distinct training rows (`min_samples_leaf`). @defaultValue 1 */
  minSamplesLeaf: z.number().int().positive().default(1),
  /** Train each tree on n rows drawn with replacement (`bootstrap`). @defaultValue true */
  bootstrap: z.boolean().default(true),
  /** See {@link classWeightSchema}. @defaultValue 'none' */
  classWeight: classWeightSchema.default('none'),
});

export type ForestOptions = z.infer<typeof forestOptionsSchema>;
export type ForestOptionsInput = z.input<typeof forestOptionsSchema>;

/** Fills defaults and checks every setting; throws `invalid_forest_options` naming the setting. */
export function parseForestOptions(input: ForestOptionsInput | undefined): ForestOptions {
  const result = forestOptionsSchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = issue.path.join('.') || '(options)';
    throw new AppError('invalid_forest_options', `Random forest setting "${setting}": ${issue.message}.`, {
      details: { setting, issues: result.error.issues.map((i) => ({ path: i.path, message: i.message })) },
    });
  }
  return result.data;
}

/** Number of features examined per split for p features, as scikit-learn resolves `max_features`. */
export function resolveMaxFeatures(maxFeatures: MaxFeatures, featureCount: number): number {
  if (maxFeatures === 'all') return featureCount;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(featureCount)));
  // ⌊log₂ p⌋ from the bit length, exact on every engine (Math.log2 need not be correctly rounded).
  if (maxFeatures === 'log2') return Math.max(1, 31 - Math.clz32(featureCount));
  if ('fraction' in maxFeatures) return Math.max(1, Math.floor(maxFeatures.fraction * featureCount));
  if (maxFeatures.count > featureCount) {
    throw new AppError(
      'invalid_forest_options',
      `Random forest setting "maxFeatures.count" is ${maxFeatures.count} but the table has only ${featureCount} features.`,
      { details: { setting: 'maxFeatures.count', value: maxFeatures.count, featureCount } },
    );
  }
  return maxFeatures.count;
}
