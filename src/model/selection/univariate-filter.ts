import { AppError } from '../../errors/index.js';
import { type BinaryLabels, type FeatureTable, selectFeatures, splitByLabel } from './feature-table.js';
import { type DroppedFeature, type FittedStep, formatNumber, funnelRecord } from './selection-step.js';
import { mannWhitneyU, welchTTest } from './univariate-tests.js';

/** Which two-sample test ranks a feature's association with the label. */
export type UnivariateTest = 'mann-whitney' | 'welch';

const TEST_LABEL: Record<UnivariateTest, string> = {
  'mann-whitney': 'Mann-Whitney U',
  welch: 'Welch t-test',
};

/** Two-sided p-value of each feature (positive vs negative rows) with the chosen test. */
export function univariatePValues(
  table: FeatureTable,
  labels: BinaryLabels,
  test: UnivariateTest,
): Float64Array {
  return Float64Array.from(table.columns, (column) => {
    const [positive, negative] = splitByLabel(column, labels);
    if (positive.length < 2 || negative.length < 2) {
      throw new AppError(
        'univariate_group_too_small',
        `Each class needs at least 2 rows for the ${TEST_LABEL[test]}; found ${positive.length} positive and ${negative.length} negative.`,
        { details: { positives: positive.length, negatives: negative.length } },
      );
    }
    return (test === 'welch' ? welchTTest(positive, negative) : mannWhitneyU(positive, negative)).pValue;
  });
}

export interface FittedUnivariateFilter extends FittedStep {
  readonly test: UnivariateTest;
  /** p-value of every feature that entered, keyed by name (training rows). */
  readonly pValues: ReadonlyMap<string, number>;
}

/**
 * Keeps features whose two-sided p-value (Mann–Whitney U as R `wilcox.test(exact = FALSE,
 * correct = TRUE)`, or Welch t as R `t.test`) on the training rows is below `pThreshold`.
 * No multiple-testing correction: this is a screening step ahead of LASSO, not inference.
 */
export function fitUnivariateFilter(
  table: FeatureTable,
  labels: BinaryLabels,
  options: { test: UnivariateTest; pThreshold: number },
): FittedUnivariateFilter {
  const { test, pThreshold } = options;
  if (!(pThreshold > 0 && pThreshold <= 1)) {
    throw new AppError('selection_setting', `pThreshold must be in (0, 1]; found ${pThreshold}.`, {
      details: { setting: 'pThreshold', value: pThreshold },
    });
  }
  const pValues = univariatePValues(table, labels, test);
  const kept: string[] = [];
  const dropped: DroppedFeature[] = [];
  table.featureNames.forEach((name, j) => {
    const p = pValues[j]!;
    if (p < pThreshold) kept.push(name);
    else dropped.push({ name, reason: `${TEST_LABEL[test]} p = ${formatNumber(p)} >= ${pThreshold}` });
  });
  const step = `univariate (${TEST_LABEL[test]})`;
  return {
    step,
    test,
    pValues: new Map(table.featureNames.map((name, j) => [name, pValues[j]!])),
    keptFeatures: kept,
    record: funnelRecord(step, table.featureNames, kept, dropped),
    apply: (cohort) => selectFeatures(cohort, kept),
  };
}
