import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import type { BinaryEvaluation } from '../stats/index.js';
import { canonicalHash, canonicalJson } from './canonical-json.js';
import { extractionSettingsHash, resolveExtractionSettings } from './extraction-settings.js';
import { parseFeatureColumnName, REGIONS, SEQUENCES, SPLITS } from './feature-table-csv.js';
import {
  deserializeForest,
  featureTableFromRows,
  predictClassProbability,
  type RandomForestModel,
  serializeForest,
} from './forest/index.js';
import { applyCombat, type CombatParameters, selectCombatFeatures } from './harmonisation/index.js';
import type { ModelsConfig } from './models-config.js';
import type { CohortEvaluation } from './training/evaluate-study.js';
import type { TrainedModel } from './training/train-model.js';

/** Identifies a model file; bump `MODEL_ARTIFACT_VERSION` on any change of meaning. */
export const MODEL_ARTIFACT_FORMAT = 'her2-radiomics/model';
export const MODEL_ARTIFACT_VERSION = 1;

const finite = z.number().finite();

const artifactFeatureSchema = z.strictObject({
  /** Features-table column, `<sequence>_<region>_<pyradiomics key>`. */
  column: z.string(),
  sequence: z.enum(SEQUENCES),
  region: z.enum(REGIONS),
  /** PyRadiomics feature key. */
  key: z.string(),
  /** Training mean and sample SD used to z-score the feature before the forest. */
  mean: finite,
  sd: finite.positive(),
  /** Range on the training rows (raw units); values outside are flagged at prediction. */
  trainingMin: finite,
  trainingMax: finite,
});

/** ComBat parameters of the selected features (src/model/harmonisation/combat.ts). */
const artifactHarmonisationSchema = z.strictObject({
  method: z.literal('combat'),
  /** The centre whose values are left as they are. */
  referenceSite: z.string().min(1),
  /** Every centre the harmonisation was fitted on; predicting for any other is refused. */
  sites: z.array(z.string().min(1)).min(1),
  /** One entry per selected feature, in the order of `features`. */
  features: z.array(
    z.strictObject({
      feature: z.string(),
      adjusted: z.boolean(),
      referenceMean: finite,
      referenceSd: finite.nonnegative(),
      gamma: z.record(z.string(), finite),
      delta: z.record(z.string(), finite.positive()),
    }),
  ),
});

const cohortMetricSchema = z.strictObject({
  split: z.enum(SPLITS),
  label: z.string(),
  n: z.number().int().nonnegative(),
  auc: finite.nullable(),
  aucCi: z.tuple([finite, finite]).nullable(),
});

/** The model file's content, without its identifier. */
export const modelArtifactSchema = z.strictObject({
  format: z.literal(MODEL_ARTIFACT_FORMAT),
  version: z.literal(MODEL_ARTIFACT_VERSION),
  name: z.string(),
  title: z.string(),
  /** True when trained on synthetic or demonstration data: never for clinical use. */
  synthetic: z.boolean(),
  intendedUse: z.string(),
  extraction: z.strictObject({
    /** The extraction settings the selected features need, exactly as used in training. */
    settings: z.record(z.string(), z.unknown()),
    /** SHA-256 of the canonical JSON of `settings`. */
    settingsHash: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** Selected features in the order the forest reads them. */
  features: z.array(artifactFeatureSchema),
  /**
   * Present only for a harmonised model: its features were ComBat-harmonised onto the reference
   * centre before z-scoring (training means, SDs and ranges are in harmonised units), so a patient's
   * centre is needed to predict. Absent when harmonisation was off (older files stay valid).
   */
  harmonisation: artifactHarmonisationSchema.optional(),
  /** The forest (on z-scored features), or null when no feature survived selection. */
  forest: z.unknown().nullable(),
  /** Probability predicted for everyone when `forest` is null. */
  constantProbability: finite.min(0).max(1).nullable(),
  /** Probability ≥ threshold is called HER-2 positive (Youden on training out-of-bag probabilities). */
  threshold: finite,
  training: z.strictObject({
    softwareVersion: z.string(),
    runSeed: z.number().int().nonnegative(),
    modelSeed: z.number().int().nonnegative(),
    cohortSizes: z.strictObject({
      train: z.number().int(),
      validation: z.number().int(),
      test: z.number().int(),
    }),
    trainingPositives: z.number().int().nonnegative(),
    trainingPrevalence: finite,
    selection: z.record(z.string(), z.unknown()),
    forest: z.record(z.string(), z.unknown()),
    funnel: z.array(z.strictObject({ step: z.string(), entered: z.number().int(), kept: z.number().int() })),
  }),
  validation: z.array(cohortMetricSchema),
});
export type ModelArtifact = z.infer<typeof modelArtifactSchema>;

/** A model file ready to predict with: its content, its SHA-256 identifier and the parsed forest. */
export interface LoadedModel {
  readonly id: string;
  readonly artifact: ModelArtifact;
  readonly forest: RandomForestModel | null;
}

/** What {@link buildModelArtifact} needs besides the trained model. */
export interface ArtifactContext {
  readonly config: ModelsConfig;
  readonly softwareVersion: string;
  readonly cohortSizes: { train: number; validation: number; test: number };
  /** HER-2-positive patients among the training rows. */
  readonly trainingPositives: number;
  readonly evaluations: readonly CohortEvaluation[];
  /** The run's ComBat parameters (every harmonised feature), or null/absent when harmonisation is off. */
  readonly harmonisation?: CombatParameters | null;
}

/** The identifier of a model: SHA-256 of the canonical JSON of its content. */
export function modelArtifactId(artifact: ModelArtifact): string {
  return canonicalHash(artifact);
}

const aucOf = (e: BinaryEvaluation | null) => ({
  auc: e && Number.isFinite(e.auc) ? e.auc : null,
  aucCi: e?.auc_ci.every(Number.isFinite) ? ([e.auc_ci[0], e.auc_ci[1]] as [number, number]) : null,
});

/** The stored ComBat parameters: those of the selected features, as plain JSON data. */
function harmonisationOf(
  params: CombatParameters,
  selected: readonly string[],
): NonNullable<ModelArtifact['harmonisation']> {
  const subset = selectCombatFeatures(params, selected);
  return {
    method: subset.method,
    referenceSite: subset.referenceSite,
    sites: [...subset.sites],
    features: subset.features.map((f) => ({ ...f, gamma: { ...f.gamma }, delta: { ...f.delta } })),
  };
}

/** Builds the versioned model file of a trained model. */
export function buildModelArtifact(model: TrainedModel, context: ArtifactContext): ModelArtifact {
  const { zScore } = model.selection;
  const zIndex = new Map(zScore.features.map((f, j) => [f, j]));
  const features = model.selection.selectedFeatures.map((column, j) => {
    const parsed = parseFeatureColumnName(column);
    const z = zIndex.get(column);
    const range = model.trainingRanges[j]!;
    if (!parsed || z === undefined || range.feature !== column) {
      throw new AppError(
        'model_artifact_invalid',
        `Model "${model.spec.name}": selected feature "${column}" lacks its z-score parameters or name parts.`,
        {
          details: { model: model.spec.name, feature: column },
        },
      );
    }
    return {
      column,
      sequence: parsed.sequence,
      region: parsed.region,
      key: parsed.key,
      mean: zScore.means[z]!,
      sd: zScore.standardDeviations[z]!,
      trainingMin: range.min,
      trainingMax: range.max,
    };
  });
  const extraction = resolveExtractionSettings(
    context.config.extraction,
    'models configuration "extraction"',
  );
  const trainLabels = context.cohortSizes.train;
  const { trainingPositives } = context;
  const artifact: ModelArtifact = {
    format: MODEL_ARTIFACT_FORMAT,
    version: MODEL_ARTIFACT_VERSION,
    name: model.spec.name,
    title: model.spec.title,
    synthetic: context.config.synthetic,
    intendedUse: context.config.intendedUse,
    extraction: { settings: extraction, settingsHash: extractionSettingsHash(extraction) },
    features,
    ...(context.harmonisation
      ? { harmonisation: harmonisationOf(context.harmonisation, model.selection.selectedFeatures) }
      : {}),
    forest: model.forest ? serializeForest(model.forest) : null,
    constantProbability: model.constantProbability,
    threshold: model.threshold,
    training: {
      softwareVersion: context.softwareVersion,
      runSeed: context.config.seed,
      modelSeed: model.seed,
      cohortSizes: context.cohortSizes,
      trainingPositives,
      trainingPrevalence: trainLabels > 0 ? trainingPositives / trainLabels : 0,
      selection: { ...context.config.selection, folds: context.config.folds },
      forest: { ...context.config.forest },
      funnel: model.selection.funnel.map((r) => ({ step: r.step, entered: r.entered, kept: r.kept })),
    },
    validation: context.evaluations.map((e) => ({
      split: e.split,
      label: e.label,
      n: e.evaluation?.n ?? 0,
      ...aucOf(e.evaluation),
    })),
  };
  // Round-trip through JSON so the in-memory object equals what a reader sees (drops undefined members).
  return modelArtifactSchema.parse(JSON.parse(canonicalJson(artifact)));
}

/** The model file's text: canonical JSON of the content plus its `id`. */
export function formatModelFile(artifact: ModelArtifact): string {
  return canonicalJson({ ...artifact, id: modelArtifactId(artifact) });
}

/**
 * Reads a model file's parsed JSON: checks the format, the content against its `id` (SHA-256) and
 * the forest. `runningSettingsHash` is the hash of the extraction settings in use: a model is refused
 * when its features were extracted otherwise, since its thresholds would not mean the same thing.
 */
export function parseModelFile(json: unknown, runningSettingsHash: string, what = 'model file'): LoadedModel {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError('model_file_invalid', `${what}: not a JSON object.`);
  }
  const { id, ...content } = json as Record<string, unknown>;
  const parsed = modelArtifactSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'model_file_invalid',
      `${what}: field "${issue.path.join('.') || '(root)'}": ${issue.message}.`,
      { details: { path: issue.path.join('.') } },
    );
  }
  const artifact = parsed.data;
  const actualId = modelArtifactId(artifact);
  if (id !== actualId) {
    throw new AppError(
      'model_file_tampered',
      `${what}: its content hashes to ${actualId} but the file says id ${String(id)}; the file was changed after training.`,
      { details: { expected: id, actual: actualId } },
    );
  }
  if (artifact.extraction.settingsHash !== extractionSettingsHash(artifact.extraction.settings)) {
    throw new AppError(
      'model_file_invalid',
      `${what}: extraction.settingsHash does not match extraction.settings.`,
    );
  }
  if (artifact.extraction.settingsHash !== runningSettingsHash) {
    throw new AppError(
      'model_settings_mismatch',
      `${what}: model "${artifact.name}" was trained on features extracted with settings ${artifact.extraction.settingsHash}, but the running extraction settings hash to ${runningSettingsHash}; re-extract with the model's settings or retrain.`,
      { details: { modelSettingsHash: artifact.extraction.settingsHash, runningSettingsHash } },
    );
  }
  const harmonisation = artifact.harmonisation;
  if (harmonisation) {
    const columns = artifact.features.map((f) => f.column);
    const harmonised = harmonisation.features.map((f) => f.feature);
    const perSiteComplete = harmonisation.features.every((f) =>
      harmonisation.sites.every((s) => f.gamma[s] !== undefined && f.delta[s] !== undefined),
    );
    if (canonicalJson(columns) !== canonicalJson(harmonised) || !perSiteComplete) {
      throw new AppError(
        'model_file_invalid',
        `${what}: harmonisation parameters must list the model's features in order, with γ and δ for every site.`,
      );
    }
    if (!harmonisation.sites.includes(harmonisation.referenceSite)) {
      throw new AppError(
        'model_file_invalid',
        `${what}: harmonisation reference site "${harmonisation.referenceSite}" is not among its sites.`,
      );
    }
  }
  const forest = artifact.forest === null ? null : deserializeForest(artifact.forest);
  if (forest === null && artifact.constantProbability === null) {
    throw new AppError('model_file_invalid', `${what}: has neither a forest nor a constant probability.`);
  }
  if (forest !== null && forest.featureCount !== artifact.features.length) {
    throw new AppError(
      'model_file_invalid',
      `${what}: the forest reads ${forest.featureCount} features but the file lists ${artifact.features.length}.`,
    );
  }
  return { id: actualId, artifact, forest };
}

/** Reads and checks a model file; see {@link parseModelFile}. */
export async function loadModel(path: string, runningSettingsHash: string): Promise<LoadedModel> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'model_file_unreadable',
      `Cannot read model file ${path}: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('model_file_invalid', `Model file ${path} is not valid JSON.`, { cause: error });
  }
  return parseModelFile(json, runningSettingsHash, `Model file ${path}`);
}

/** A feature value outside the training range. */
export interface OutOfRangeFeature {
  readonly feature: string;
  readonly value: number;
  readonly trainingMin: number;
  readonly trainingMax: number;
}

/** One patient's prediction. */
export interface Prediction {
  /** Estimated probability that the tumour is HER-2 positive. */
  readonly probability: number;
  readonly status: 'positive' | 'negative';
  readonly threshold: number;
  /** Selected features whose value lies outside the training range: the estimate is an extrapolation. */
  readonly outOfRange: readonly OutOfRangeFeature[];
  readonly modelId: string;
  readonly synthetic: boolean;
}

/** The row a harmonised model reads: mapped from `site` onto its reference centre; others as given. */
function harmonisedRow(
  artifact: ModelArtifact,
  featureRow: Readonly<Record<string, number>>,
  site: string | undefined,
): Readonly<Record<string, number>> {
  const harmonisation = artifact.harmonisation;
  if (!harmonisation) return featureRow;
  if (site === undefined || site === '') {
    throw new AppError(
      'prediction_site_missing',
      `Model "${artifact.name}" was trained on ComBat-harmonised features (centres ${harmonisation.sites.map((s) => `"${s}"`).join(', ')}); give the patient's centre to predict.`,
      { details: { model: artifact.name, sites: harmonisation.sites } },
    );
  }
  return applyCombat(harmonisation, featureRow, site);
}

/** Options of {@link predict}. */
export interface PredictOptions {
  /** The patient's centre (features table `centre`); required by a harmonised model, ignored otherwise. */
  readonly site?: string;
}

/**
 * Predicts one patient from a features row (column name → raw value): for a harmonised model first
 * maps the row from its centre onto the reference centre (ComBat; a missing or unseen centre is
 * refused), then z-scores the selected features with the training mean and SD, runs the forest,
 * applies the training threshold, and lists values outside the training range (in harmonised units
 * for a harmonised model). A missing or non-finite selected feature is an error naming it.
 */
export function predict(
  model: LoadedModel,
  featureRow: Readonly<Record<string, number>>,
  options: PredictOptions = {},
): Prediction {
  const { artifact } = model;
  const outOfRange: OutOfRangeFeature[] = [];
  const row = harmonisedRow(artifact, featureRow, options.site);
  const scaled = artifact.features.map((f) => {
    const value = row[f.column];
    if (value === undefined || !Number.isFinite(value)) {
      throw new AppError(
        'prediction_feature_missing',
        `Model "${artifact.name}" needs feature "${f.column}", which is ${value === undefined ? 'missing' : `not finite (${value})`}.`,
        { details: { model: artifact.name, feature: f.column } },
      );
    }
    if (value < f.trainingMin || value > f.trainingMax) {
      outOfRange.push({ feature: f.column, value, trainingMin: f.trainingMin, trainingMax: f.trainingMax });
    }
    return (value - f.mean) / f.sd;
  });
  const probability =
    model.forest === null
      ? artifact.constantProbability!
      : predictClassProbability(model.forest, featureTableFromRows([scaled]), 1)[0]!;
  return {
    probability,
    status: probability >= artifact.threshold ? 'positive' : 'negative',
    threshold: artifact.threshold,
    outOfRange,
    modelId: model.id,
    synthetic: artifact.synthetic,
  };
}
