import { AppError } from '../../errors/index.js';
import { splitByClass, youdenThreshold } from '../../stats/index.js';
import type { FeatureDataset } from '../feature-table-csv.js';
import { parseFeatureColumnName } from '../feature-table-csv.js';
import {
  createXoshiro128,
  type FeatureTable as ForestTable,
  fitRandomForest,
  impurityImportance,
  outOfBagPermutationImportance,
  outOfBagProbabilities,
  predictClassProbability,
  type RandomForestModel,
} from '../forest/index.js';
import type { ModelSpec, ModelsConfig } from '../models-config.js';
import {
  applySelectionModel,
  type FeatureTable,
  type FunnelRecord,
  fitSelectionFunnel,
  type SelectionModel,
  selectFeatures,
  selectRows,
  stratifiedFoldIds,
  toSelectionModel,
} from '../selection/index.js';

/** A selected feature's importance in the fitted forest. */
export interface FeatureImportance {
  readonly feature: string;
  /** Mean decrease in Gini impurity, normalised to sum 1 over the selected features. */
  readonly impurity: number;
  /** Drop in out-of-bag AUC when the feature is permuted: mean and SD over repeats. */
  readonly permutationMean: number;
  readonly permutationSd: number;
}

/** A selected feature's range on the training rows, in raw (not z-scored) units. */
export interface FeatureRange {
  readonly feature: string;
  readonly min: number;
  readonly max: number;
}

/** One fitted model and its probability for every patient of the dataset. */
export interface TrainedModel {
  readonly spec: ModelSpec;
  /** The seed this model's generator started from (derived from the run seed and the model name). */
  readonly seed: number;
  /** Feature columns the model could choose from. */
  readonly candidateFeatures: readonly string[];
  readonly selection: SelectionModel;
  /** The forest on the z-scored selected features; null when no feature survived selection. */
  readonly forest: RandomForestModel | null;
  /** When `forest` is null: the training prevalence, predicted for everyone. */
  readonly constantProbability: number | null;
  readonly trainingRanges: readonly FeatureRange[];
  readonly importances: readonly FeatureImportance[];
  /** Youden-optimal threshold on the training out-of-bag probabilities (probability ≥ threshold = positive). */
  readonly threshold: number;
  /**
   * Probability of HER-2 positive per dataset row: out-of-bag for training rows (each tree votes
   * only on rows outside its bootstrap sample), the whole forest for every other row.
   */
  readonly probabilities: Float64Array;
}

/** FNV-1a 32-bit hash: gives each model its own seed, independent of the order models are listed in. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The seed of one model: the run seed mixed with the model name. */
export function modelSeed(runSeed: number, modelName: string): number {
  return (runSeed ^ fnv1a32(modelName)) >>> 0;
}

/** The feature columns of a model: every column whose sequence and region the spec lists. */
export function candidateColumns(spec: ModelSpec, featureNames: readonly string[]): string[] {
  return featureNames.filter((name) => {
    const parsed = parseFeatureColumnName(name);
    return (
      parsed !== undefined && spec.sequences.includes(parsed.sequence) && spec.regions.includes(parsed.region)
    );
  });
}

/** Row-major copy of a column-wise table, the layout the forest reads. */
export function toForestTable(table: FeatureTable): ForestTable {
  const rows = table.rowCount;
  const columns = table.featureNames.length;
  const values = new Float64Array(rows * columns);
  table.columns.forEach((column, j) => {
    for (let i = 0; i < rows; i++) values[i * columns + j] = column[i]!;
  });
  return { values, rows, columns };
}

function checkComplete(
  table: FeatureTable,
  rowNumbers: readonly number[],
  model: string,
  cohort: string,
): void {
  table.columns.forEach((column, j) => {
    for (let i = 0; i < column.length; i++) {
      if (!Number.isFinite(column[i]!)) {
        throw new AppError(
          'features_missing_value',
          `Model "${model}": feature "${table.featureNames[j]}" is missing (or not finite) in data row ${rowNumbers[i]! + 1} of the ${cohort} rows; re-extract or exclude that patient.`,
          { details: { model, feature: table.featureNames[j], row: rowNumbers[i]! + 1 } },
        );
      }
    }
  });
}

/**
 * Drops the columns that are missing (NaN or ±∞) in any training row — a feature the extractor
 * could not compute for some patients (e.g. undefined on a thin ring) — as the first funnel step,
 * so selection only ever sees complete data. No imputation: the reason is recorded per feature.
 */
export function dropIncompleteColumns(table: FeatureTable): { table: FeatureTable; record: FunnelRecord } {
  const kept: string[] = [];
  const dropped: { name: string; reason: string }[] = [];
  table.columns.forEach((column, j) => {
    let missing = 0;
    for (const v of column) if (!Number.isFinite(v)) missing++;
    if (missing === 0) kept.push(table.featureNames[j]!);
    else
      dropped.push({
        name: table.featureNames[j]!,
        reason: `missing in ${missing} of ${column.length} training rows`,
      });
  });
  return {
    table: selectFeatures(table, kept),
    record: { step: 'complete in training', entered: table.featureNames.length, kept: kept.length, dropped },
  };
}

/**
 * Fits one model on the training rows only: columns missing in any training row dropped →
 * stratified fold ids → selection funnel (z-score,
 * univariate, redundancy, optional mRMR, LASSO) → random forest on the selected z-scored features →
 * Youden threshold on the out-of-bag probabilities → out-of-bag permutation importance. Then scores
 * every other row with the training parameters. Deterministic in `config.seed`.
 */
export function trainModel(dataset: FeatureDataset, spec: ModelSpec, config: ModelsConfig): TrainedModel {
  const candidates = candidateColumns(spec, dataset.features.featureNames);
  if (candidates.length === 0) {
    throw new AppError(
      'model_no_columns',
      `Model "${spec.name}" uses sequences ${spec.sequences.join('+')} and regions ${spec.regions.join('+')}, but the features table has no such column.`,
      { details: { model: spec.name } },
    );
  }
  const trainRows: number[] = [];
  const otherRows: number[] = [];
  dataset.patients.forEach((p, i) => {
    (p.split === 'train' ? trainRows : otherRows).push(i);
  });
  const labels = Uint8Array.from(trainRows, (i) => dataset.patients[i]!.label);
  const candidateTable = selectFeatures(dataset.features, candidates);
  const { table: trainTable, record: completeness } = dropIncompleteColumns(
    selectRows(candidateTable, trainRows),
  );

  const seed = modelSeed(config.seed, spec.name);
  const rng = createXoshiro128(seed);
  const foldIds = stratifiedFoldIds(labels, config.folds, () => rng.nextFloat());
  const funnel = fitSelectionFunnel(trainTable, labels, { settings: config.selection, foldIds });
  const fitted = toSelectionModel(funnel);
  const selection: SelectionModel = { ...fitted, funnel: [completeness, ...fitted.funnel] };
  const selected = funnel.selectedFeatures;
  const probabilities = new Float64Array(dataset.patients.length);
  const rawSelectedTrain = selectFeatures(trainTable, selected);
  const trainingRanges = selected.map((feature, j) => {
    const column = rawSelectedTrain.columns[j]!;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of column) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { feature, min, max };
  });

  if (selected.length === 0) {
    // Nothing survived selection: the honest model predicts the training prevalence for everyone.
    let positives = 0;
    for (const label of labels) positives += label;
    const prevalence = positives / labels.length;
    probabilities.fill(prevalence);
    return {
      spec,
      seed,
      candidateFeatures: candidates,
      selection,
      forest: null,
      constantProbability: prevalence,
      trainingRanges,
      importances: [],
      threshold: prevalence,
      probabilities,
    };
  }

  const trainForest = toForestTable(funnel.apply(trainTable));
  const fit = fitRandomForest(trainForest, labels, config.forest, rng, 2);
  const oob = outOfBagProbabilities(fit, trainForest);
  trainRows.forEach((row, i) => {
    const p = oob.probabilities[i * 2 + 1]!;
    if (Number.isNaN(p)) {
      throw new AppError(
        'oob_missing',
        `Model "${spec.name}": training row ${row + 1} was in every tree's bootstrap sample, so it has no out-of-bag probability; use more trees.`,
        { details: { model: spec.name, trees: config.forest.treeCount } },
      );
    }
    probabilities[row] = p;
  });
  const oobScores = Float64Array.from(trainRows, (row) => probabilities[row]!);
  const youden = youdenThreshold(
    splitByClass(labels, oobScores, `model "${spec.name}" out-of-bag probabilities`),
  );
  // −∞ (call everyone positive) is the same rule as ≥ 0 for probabilities, and survives JSON.
  const threshold = Number.isFinite(youden.threshold) ? youden.threshold : 0;

  const impurity = impurityImportance(fit.model);
  const permutation = outOfBagPermutationImportance(fit, trainForest, labels, rng, {
    repeats: config.importanceRepeats,
  });
  const importances = selected.map((feature, j) => ({
    feature,
    impurity: impurity[j]!,
    permutationMean: permutation.mean[j]!,
    permutationSd: permutation.standardDeviation[j]!,
  }));

  if (otherRows.length > 0) {
    const otherTable = applySelectionModel(selection, selectRows(candidateTable, otherRows));
    checkComplete(otherTable, otherRows, spec.name, 'validation/test');
    const scores = predictClassProbability(fit.model, toForestTable(otherTable), 1);
    otherRows.forEach((row, i) => {
      probabilities[row] = scores[i]!;
    });
  }
  return {
    spec,
    seed,
    candidateFeatures: candidates,
    selection,
    forest: fit.model,
    constantProbability: null,
    trainingRanges,
    importances,
    threshold,
    probabilities,
  };
}
