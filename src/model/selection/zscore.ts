import { checkFinite, type FeatureTable, selectFeatures } from './feature-table.js';
import { type DroppedFeature, type FittedStep, funnelRecord } from './selection-step.js';

/** Learned z-score parameters: training mean and sample SD (n − 1) per kept feature. */
export interface ZScoreParameters {
  readonly features: readonly string[];
  readonly means: Float64Array;
  readonly standardDeviations: Float64Array;
}

export interface FittedZScore extends FittedStep {
  readonly parameters: ZScoreParameters;
}

/**
 * Mean and sample standard deviation (divisor n − 1, as R's `sd`; NaN for a single value) of a
 * training column, by two passes.
 */
export function meanAndSampleSd(column: Float64Array): { mean: number; sd: number } {
  const n = column.length;
  let sum = 0;
  for (const value of column) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of column) squares += (value - mean) * (value - mean);
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

/**
 * z = (x − mean_train) / sd_train with the sample SD (divisor n − 1, as R's `sd`), fitted on
 * the training table. Features that are constant on the training rows (every value equal)
 * cannot be scaled and carry no information: they are dropped with that reason.
 */
export function fitZScore(table: FeatureTable): FittedZScore {
  checkFinite(table);
  const features: string[] = [];
  const means: number[] = [];
  const sds: number[] = [];
  const dropped: DroppedFeature[] = [];
  table.columns.forEach((column, j) => {
    const name = table.featureNames[j]!;
    const { mean, sd } = meanAndSampleSd(column);
    if (column.every((value) => value === column[0]) || !(sd > 0)) {
      dropped.push({ name, reason: 'constant on the training rows (SD = 0)' });
      return;
    }
    features.push(name);
    means.push(mean);
    sds.push(sd);
  });
  const parameters: ZScoreParameters = {
    features,
    means: Float64Array.from(means),
    standardDeviations: Float64Array.from(sds),
  };
  return {
    step: 'z-score',
    keptFeatures: features,
    parameters,
    record: funnelRecord('z-score', table.featureNames, features, dropped),
    apply: (cohort) => applyZScore(parameters, cohort),
  };
}

/** Scales a cohort with training parameters (the cohort's own mean/SD are never used). */
export function applyZScore(parameters: ZScoreParameters, table: FeatureTable): FeatureTable {
  const selected = selectFeatures(table, parameters.features);
  const columns = selected.columns.map((column, j) => {
    const mean = parameters.means[j]!;
    const sd = parameters.standardDeviations[j]!;
    return column.map((value) => (value - mean) / sd);
  });
  return { featureNames: selected.featureNames, columns, rowCount: selected.rowCount };
}
