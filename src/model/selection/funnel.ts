import { AppError } from '../../errors/index.js';
import { fitCorrelationFilter } from './correlation-filter.js';
import { type BinaryLabels, checkFinite, checkLabels, type FeatureTable } from './feature-table.js';
import { type FittedLassoSelection, fitLassoSelection } from './lasso-step.js';
import { fitMrmr } from './mrmr.js';
import type { FittedStep, FunnelRecord } from './selection-step.js';
import { parseSelectionSettings, type SelectionSettingsInput } from './settings.js';
import { fitUnivariateFilter } from './univariate-filter.js';
import { type FittedZScore, fitZScore } from './zscore.js';

/** The whole fitted selection: its steps in order and the features that came out. */
export interface FittedSelectionFunnel {
  readonly steps: readonly FittedStep[];
  /** One record per step: entered, kept, dropped names with reasons. */
  readonly funnel: readonly FunnelRecord[];
  readonly selectedFeatures: readonly string[];
  /** The z-score step (training means and SDs). */
  readonly zScore: FittedZScore;
  /** The LASSO step, when it ran (its coefficients form a ready logistic model). */
  readonly lasso: FittedLassoSelection | undefined;
  /** Applies every step in order to another cohort (z-scored with training parameters). */
  apply(table: FeatureTable): FeatureTable;
}

/**
 * Fits the selection funnel on training rows: z-score (training mean/SD, constants dropped) →
 * univariate filter → correlation redundancy filter → optional mRMR → optional LASSO with the
 * given fold ids (one per training row, 1..K). Each step sees only the previous step's output
 * on the same training rows.
 */
export function fitSelectionFunnel(
  table: FeatureTable,
  labelValues: ArrayLike<number>,
  options: { settings?: SelectionSettingsInput; foldIds?: ArrayLike<number> } = {},
): FittedSelectionFunnel {
  const settings = parseSelectionSettings(options.settings ?? {});
  const labels: BinaryLabels = checkLabels(table, labelValues);
  checkFinite(table);
  const steps: FittedStep[] = [];
  let current = table;
  const run = <T extends FittedStep>(step: T): T => {
    steps.push(step);
    current = step.apply(current);
    return step;
  };

  const zScore = run(fitZScore(current));
  const univariate = run(
    fitUnivariateFilter(current, labels, { test: settings.univariateTest, pThreshold: settings.pThreshold }),
  );
  run(fitCorrelationFilter(current, univariate.pValues, { threshold: settings.correlationThreshold }));
  if (settings.mrmrK !== undefined && current.featureNames.length > 0) {
    run(fitMrmr(current, labels, { k: settings.mrmrK }));
  }
  let lasso: FittedLassoSelection | undefined;
  if (settings.lasso && current.featureNames.length > 0) {
    if (!options.foldIds) {
      throw new AppError('fold_ids_missing', 'LASSO selection needs fold ids for the training rows.', {
        details: { setting: 'lasso' },
      });
    }
    lasso = run(
      fitLassoSelection(current, labels, options.foldIds, {
        lambdaChoice: settings.lambdaChoice,
        lambdaCount: settings.lambdaCount,
        ...(settings.lambdaMinRatio === undefined ? {} : { lambdaMinRatio: settings.lambdaMinRatio }),
      }),
    );
  }
  const selectedFeatures = current.featureNames;
  return {
    steps,
    funnel: steps.map((step) => step.record),
    selectedFeatures,
    zScore,
    lasso,
    apply: (cohort) => steps.reduce((out, step) => step.apply(out), cohort),
  };
}
