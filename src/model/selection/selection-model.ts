import { AppError } from '../../errors/index.js';
import { type FeatureTable, selectFeatures } from './feature-table.js';
import type { FittedSelectionFunnel } from './funnel.js';
import type { LambdaChoice } from './lasso-step.js';
import type { FunnelRecord } from './selection-step.js';
import { applyZScore } from './zscore.js';

/**
 * Everything a fitted funnel needs to be applied later, as plain JSON-safe data (for the model
 * file): training z-score parameters, the selected features, the LASSO model if any, and the
 * funnel records for the report. Steps after the z-score only select columns, so z-scoring
 * then selecting `selectedFeatures` reproduces the funnel's `apply` exactly.
 */
export interface SelectionModel {
  readonly zScore: {
    readonly features: readonly string[];
    readonly means: readonly number[];
    readonly standardDeviations: readonly number[];
  };
  readonly selectedFeatures: readonly string[];
  readonly lasso?: {
    readonly lambdaChoice: LambdaChoice;
    readonly lambda: number;
    readonly intercept: number;
    /** Coefficient per selected feature, on the z-scored scale. */
    readonly coefficients: Readonly<Record<string, number>>;
  };
  readonly funnel: readonly FunnelRecord[];
}

export function toSelectionModel(funnel: FittedSelectionFunnel): SelectionModel {
  const { parameters } = funnel.zScore;
  const lasso = funnel.lasso;
  return {
    zScore: {
      features: [...parameters.features],
      means: Array.from(parameters.means),
      standardDeviations: Array.from(parameters.standardDeviations),
    },
    selectedFeatures: [...funnel.selectedFeatures],
    ...(lasso
      ? {
          lasso: {
            lambdaChoice: lasso.lambdaChoice,
            lambda: lasso.lambda,
            intercept: lasso.intercept,
            coefficients: Object.fromEntries(lasso.coefficients),
          },
        }
      : {}),
    funnel: funnel.funnel.map((record) => ({ ...record, dropped: record.dropped.map((d) => ({ ...d })) })),
  };
}

/** z-scores a cohort with the model's training parameters and keeps the selected features. */
export function applySelectionModel(model: SelectionModel, table: FeatureTable): FeatureTable {
  const { features, means, standardDeviations } = model.zScore;
  if (means.length !== features.length || standardDeviations.length !== features.length) {
    throw new AppError(
      'selection_model_invalid',
      `Selection model has ${features.length} z-score features but ${means.length} means and ${standardDeviations.length} SDs.`,
      { details: { features: features.length, means: means.length, sds: standardDeviations.length } },
    );
  }
  const scaled = applyZScore(
    { features, means: Float64Array.from(means), standardDeviations: Float64Array.from(standardDeviations) },
    table,
  );
  return selectFeatures(scaled, model.selectedFeatures);
}
