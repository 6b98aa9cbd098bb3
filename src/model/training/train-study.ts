import { buildModelArtifact, type ModelArtifact, modelArtifactId } from '../artifact.js';
import { formatCsv } from '../csv.js';
import type { FeatureDataset, Split } from '../feature-table-csv.js';
import type { CombatParameters } from '../harmonisation/index.js';
import { type ModelsConfig, modelsToFit } from '../models-config.js';
import type { FunnelRecord } from '../selection/index.js';
import {
  type CohortCount,
  type CohortEvaluation,
  cohortCounts,
  compareModels,
  evaluateModel,
  type ModelComparison,
} from './evaluate-study.js';
import { harmoniseDataset } from './harmonise-dataset.js';
import { type FeatureImportance, type TrainedModel, trainModel } from './train-model.js';

/** Format tag of metrics.json; the report refuses other versions. */
export const METRICS_FORMAT = 'her2-radiomics/metrics';
export const METRICS_VERSION = 1;

/** The multiplicity note printed with every table of pairwise comparisons. */
export const MULTIPLICITY_NOTE =
  'Paired DeLong tests between every pair of models in each cohort (k models give k(k−1)/2 tests); ' +
  'p values are shown raw and Holm-adjusted within each cohort. Treat unadjusted p < 0.05 as exploratory.';

/** One model's entry in metrics.json. */
export interface ModelMetrics {
  readonly name: string;
  readonly title: string;
  readonly modelId: string;
  readonly threshold: number;
  readonly candidateFeatureCount: number;
  readonly selectedFeatures: readonly string[];
  /** True when no feature survived selection and the model predicts the training prevalence. */
  readonly constant: boolean;
  readonly importances: readonly FeatureImportance[];
  readonly cohorts: readonly CohortEvaluation[];
}

/** Content of metrics.json (numbers that are not finite become null when written). */
export interface StudyMetrics {
  readonly format: typeof METRICS_FORMAT;
  readonly version: typeof METRICS_VERSION;
  readonly softwareVersion: string;
  readonly seed: number;
  readonly synthetic: boolean;
  readonly cohorts: readonly CohortCount[];
  readonly models: readonly ModelMetrics[];
  readonly comparisons: Record<Split, ModelComparison[]>;
  readonly multiplicityNote: string;
}

/** Everything `her2 train` writes, as data. */
export interface StudyRun {
  readonly models: readonly TrainedModel[];
  readonly artifacts: readonly ModelArtifact[];
  readonly metrics: StudyMetrics;
  /** Selection funnel per model name. */
  readonly funnel: Record<string, readonly FunnelRecord[]>;
  /** ComBat parameters of every harmonised feature, or null when harmonisation is off. */
  readonly harmonisation: CombatParameters | null;
}

/**
 * Harmonises the features when configured (ComBat, see {@link harmoniseDataset}), then trains every
 * configured model on the training rows, evaluates each on every cohort (training by
 * out-of-bag probabilities), compares the models pairwise with DeLong's test and builds the model
 * files. Pure and deterministic in `config.seed`.
 */
export function trainStudy(
  rawDataset: FeatureDataset,
  config: ModelsConfig,
  softwareVersion: string,
): StudyRun {
  const { dataset, harmonisation } = harmoniseDataset(rawDataset, config);
  const specs = modelsToFit(config);
  const models = specs.map((spec) => trainModel(dataset, spec, config));
  const count = (split: Split) => dataset.patients.filter((p) => p.split === split).length;
  const cohortSizes = { train: count('train'), validation: count('validation'), test: count('test') };
  const trainingPositives = dataset.patients.filter((p) => p.split === 'train' && p.label === 1).length;
  const evaluations = models.map((m) => evaluateModel(dataset, m));
  const artifacts = models.map((model, k) =>
    buildModelArtifact(model, {
      config,
      softwareVersion,
      cohortSizes,
      trainingPositives,
      evaluations: evaluations[k]!,
      harmonisation,
    }),
  );
  const metrics: StudyMetrics = {
    format: METRICS_FORMAT,
    version: METRICS_VERSION,
    softwareVersion,
    seed: config.seed,
    synthetic: config.synthetic,
    cohorts: cohortCounts(dataset),
    models: models.map((m, k) => ({
      name: m.spec.name,
      title: m.spec.title,
      modelId: modelArtifactId(artifacts[k]!),
      threshold: m.threshold,
      candidateFeatureCount: m.candidateFeatures.length,
      selectedFeatures: m.selection.selectedFeatures,
      constant: m.forest === null,
      importances: m.importances,
      cohorts: evaluations[k]!,
    })),
    comparisons: compareModels(dataset, models),
    multiplicityNote: MULTIPLICITY_NOTE,
  };
  const funnel = Object.fromEntries(models.map((m) => [m.spec.name, m.selection.funnel]));
  return { models, artifacts, metrics, funnel, harmonisation };
}

/** predictions.csv: one row per patient and model (long format), with how the probability was obtained. */
export function formatPredictionsCsv(dataset: FeatureDataset, models: readonly TrainedModel[]): string {
  const rows: (string | number)[][] = [];
  for (const model of models) {
    dataset.patients.forEach((p, i) => {
      const probability = model.probabilities[i]!;
      rows.push([
        p.patientId,
        p.centre,
        p.split,
        p.label,
        model.spec.name,
        probability,
        probability >= model.threshold ? 1 : 0,
        p.split === 'train' ? 'oob' : 'forest',
      ]);
    });
  }
  return formatCsv(
    ['patient_id', 'centre', 'split', 'label', 'model', 'probability', 'predicted', 'source'],
    rows,
  );
}
