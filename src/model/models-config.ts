import YAML from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import { resolveExtractionSettings } from './extraction-settings.js';
import { REGIONS, SEQUENCES } from './feature-table-csv.js';
import { forestOptionsSchema } from './forest/index.js';
import { selectionSettingsSchema } from './selection/index.js';

/** One model: which feature columns it may use (every column of these sequences and regions). */
export const modelSpecSchema = z.strictObject({
  /** File-safe identifier, e.g. `t2_intra`. */
  name: z.string().regex(/^[a-z0-9_]+$/, 'use lower-case letters, digits and _'),
  /** Name shown in the report, e.g. "T2W intratumoral". */
  title: z.string().min(1),
  sequences: z.array(z.enum(SEQUENCES)).min(1),
  regions: z.array(z.enum(REGIONS)).min(1),
});
export type ModelSpec = z.infer<typeof modelSpecSchema>;

const SEQUENCE_TITLE = { t2: 'T2W', dwi: 'DWI', dce: 'DCE' } as const;
const REGION_TITLE = { intra: 'intratumoral', peri: 'peritumoral' } as const;

/**
 * The study's eight models (Cao et al. 2025): each sequence × region (6), then all sequences
 * intratumoral and all sequences peritumoral.
 */
export const STUDY_MODELS: readonly ModelSpec[] = [
  ...SEQUENCES.flatMap((sequence) =>
    REGIONS.map((region) => ({
      name: `${sequence}_${region}`,
      title: `${SEQUENCE_TITLE[sequence]} ${REGION_TITLE[region]}`,
      sequences: [sequence],
      regions: [region],
    })),
  ),
  ...REGIONS.map((region) => ({
    name: `all_${region}`,
    title: `All sequences ${REGION_TITLE[region]}`,
    sequences: [...SEQUENCES],
    regions: [region],
  })),
];

/** The optional ninth model: every sequence, both regions. */
export const COMBINED_MODEL: ModelSpec = {
  name: 'all_intra_peri',
  title: 'All sequences intratumoral + peritumoral',
  sequences: [...SEQUENCES],
  regions: [...REGIONS],
};

/**
 * Forest settings of the study where they differ from scikit-learn's defaults: 500 trees and
 * balanced class weights (HER-2 positive is the minority class); max features stays √p.
 */
export const STUDY_FOREST_DEFAULTS = {
  treeCount: 500,
  classWeight: 'balanced',
  maxFeatures: 'sqrt',
} as const;

const DEFAULT_INTENDED_USE =
  'Research use only: estimate of HER-2 status (positive vs negative) of a biopsy-proven breast cancer from ' +
  'pre-treatment breast MRI radiomics, to support, not replace, immunohistochemistry and in situ hybridisation.';

/**
 * Optional ComBat harmonisation of the features across centres (the features table's `centre`
 * column), every other centre mapped onto `referenceSite`; see src/model/harmonisation/combat.ts.
 */
export const harmonisationSettingsSchema = z.strictObject({
  method: z.literal('combat'),
  /** The centre whose values stay as they are. @defaultValue '1' */
  referenceSite: z.string().min(1).default('1'),
});
export type HarmonisationSettings = z.infer<typeof harmonisationSettingsSchema>;

/** The `--config MODELS.yaml` of `her2 train`; every field has a default, so `{}` is the study protocol. */
export const modelsConfigSchema = z.strictObject({
  /** Seeds fold ids, bootstrap samples, split feature draws and permutations. @defaultValue 20250101 */
  seed: z.number().int().min(0).max(0xffffffff).default(20250101),
  /** Stratified cross-validation folds for the LASSO step. @defaultValue 10 */
  folds: z.number().int().min(3).max(255).default(10),
  /** Feature selection, on training rows only; see src/model/selection/settings.ts. */
  selection: selectionSettingsSchema.prefault({}),
  /** Random forest; study defaults {@link STUDY_FOREST_DEFAULTS} under any value given here. */
  forest: z.preprocess(
    (value) => ({ ...STUDY_FOREST_DEFAULTS, ...(typeof value === 'object' && value !== null ? value : {}) }),
    forestOptionsSchema,
  ),
  /** Repeats of the out-of-bag permutation importance of each selected feature. @defaultValue 5 */
  importanceRepeats: z.number().int().positive().default(5),
  /** The models to fit. @defaultValue the study's eight ({@link STUDY_MODELS}) */
  models: z
    .array(modelSpecSchema)
    .min(1)
    .default(() => STUDY_MODELS.map((m) => ({ ...m, sequences: [...m.sequences], regions: [...m.regions] }))),
  /** Also fit {@link COMBINED_MODEL}. @defaultValue false */
  includeCombined: z.boolean().default(false),
  /**
   * The PyRadiomics parameter mapping (`setting`, `imageType`, `featureClass`) the features table was
   * extracted with; resolved (defaults filled) and stored in each model file with its hash, so a model
   * is only ever applied to features extracted the same way. `her2 train --params FILE` sets it.
   * Stored resolved: every default filled in. @defaultValue {} (PyRadiomics' defaults)
   */
  extraction: z.record(z.string(), z.unknown()).default({}),
  /**
   * ComBat harmonisation before selection, e.g. `{ method: combat, referenceSite: '1' }`. Label-free,
   * so it is fitted on every row's features (all splits, never the labels): an external centre needs
   * its own rows in the fit, the usual practice for ComBat. Models then store the parameters of their
   * selected features and need each patient's centre to predict. @defaultValue null (off)
   */
  harmonisation: harmonisationSettingsSchema.nullable().default(null),
  /** Intended use, copied into each model file and the report. */
  intendedUse: z.string().min(1).default(DEFAULT_INTENDED_USE),
  /** The features come from synthetic or demonstration data; set in every model file. @defaultValue false */
  synthetic: z.boolean().default(false),
});
export type ModelsConfig = z.infer<typeof modelsConfigSchema>;
export type ModelsConfigInput = z.input<typeof modelsConfigSchema>;

/** Parses a models configuration object, filling defaults; names the setting and the problem. */
export function parseModelsConfig(input: unknown = {}, what = 'models configuration'): ModelsConfig {
  const result = modelsConfigSchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = issue.path.join('.') || '(root)';
    throw new AppError(
      'models_config_invalid',
      `${what}: setting "${setting}" is invalid: ${issue.message}.`,
      {
        details: {
          setting,
          issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      },
    );
  }
  // Resolved now, so a bad mapping fails before training and config.resolved.yaml shows every
  // extraction default the models depend on.
  const config = {
    ...result.data,
    extraction: resolveExtractionSettings(result.data.extraction, `${what}: extraction`),
  };
  const names = new Set<string>();
  for (const model of config.models) {
    if (names.has(model.name)) {
      throw new AppError('models_config_invalid', `${what}: model name "${model.name}" is used twice.`, {
        details: { setting: 'models', name: model.name },
      });
    }
    names.add(model.name);
  }
  return config;
}

/** Parses models configuration YAML text (empty text = all defaults). */
export function parseModelsConfigYaml(text: string, what: string): ModelsConfig {
  let input: unknown;
  try {
    input = YAML.parse(text);
  } catch (error) {
    throw new AppError('models_config_invalid', `${what}: not valid YAML (${(error as Error).message}).`, {
      cause: error,
    });
  }
  return parseModelsConfig(input ?? {}, what);
}

/** The models that will be fitted: the configured ones, plus the combined one when asked for. */
export function modelsToFit(config: ModelsConfig): ModelSpec[] {
  const models = [...config.models];
  if (config.includeCombined && !models.some((m) => m.name === COMBINED_MODEL.name))
    models.push(COMBINED_MODEL);
  return models;
}

/** YAML of the configuration with every default filled in (the run's `config.resolved.yaml`). */
export function formatResolvedConfig(config: ModelsConfig): string {
  return `# Every setting of this run, defaults included (her2 train).\n${YAML.stringify(config)}`;
}
