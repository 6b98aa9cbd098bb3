import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  createXoshiro128,
  featureTableFromRows,
  fitRandomForest,
  formatModelFile,
  type LoadedModel,
  MODEL_ARTIFACT_FORMAT,
  MODEL_ARTIFACT_VERSION,
  type ModelArtifact,
  parseFeatureColumnName,
  parseModelFile,
  resolveExtractionSettings,
  runningSettingsHash,
  serializeForest,
} from '../model/index.js';
import { type ExtractionParams, parseParams } from '../radiomics/index.js';

/**
 * Test support: a small but real model artifact for the analysis tests, until the workbench's demo
 * model lands. A 25-tree forest from src/model/forest fitted on a seeded table of 40 rows whose
 * columns are real extractor feature names for `config/extraction.yaml` (DCE intratumoral and
 * peritumoral, T2W intratumoral), wrapped as a `synthetic: true` artifact and read back through
 * `parseModelFile` (so it passes the same checks as a model file).
 */

export const EXTRACTION_YAML = path.resolve(import.meta.dirname, '../../config/extraction.yaml');

export function productParams(): ExtractionParams {
  return parseParams(readFileSync(EXTRACTION_YAML, 'utf8'), 'config/extraction.yaml');
}

/** A model column, `<sequence>_<region>_<PyRadiomics key>`, with a plausible centre and spread. */
export interface TestColumn {
  column: string;
  centre: number;
  spread: number;
}

const COLUMNS: readonly TestColumn[] = [
  { column: 'dce_intra_original_firstorder_Mean', centre: 150, spread: 80 },
  { column: 'dce_intra_original_glcm_Contrast', centre: 4, spread: 3 },
  { column: 'dce_peri_original_firstorder_Mean', centre: 60, spread: 50 },
  { column: 't2_intra_original_firstorder_Skewness', centre: 0, spread: 1 },
  { column: 't2_intra_original_shape_Sphericity', centre: 0.7, spread: 0.1 },
];

export function buildTestArtifact(seed = 8, columns: readonly TestColumn[] = COLUMNS): ModelArtifact {
  const rng = createXoshiro128(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let r = 0; r < 40; r++) {
    const label = r % 2;
    labels.push(label);
    rows.push(columns.map((c) => c.centre + c.spread * (rng.nextFloat() * 2 - 1 + (label ? 0.4 : -0.4))));
  }
  const mean = columns.map((_, j) => rows.reduce((a, row) => a + row[j]!, 0) / rows.length);
  const sd = columns.map((_, j) =>
    Math.sqrt(rows.reduce((a, row) => a + (row[j]! - mean[j]!) ** 2, 0) / (rows.length - 1)),
  );
  const scaled = rows.map((row) => row.map((v, j) => (v - mean[j]!) / sd[j]!));
  const fit = fitRandomForest(featureTableFromRows(scaled), labels, { treeCount: 25 }, rng);
  const settings = resolveExtractionSettings(parseYaml(readFileSync(EXTRACTION_YAML, 'utf8')));
  const artifact: ModelArtifact = {
    format: MODEL_ARTIFACT_FORMAT,
    version: MODEL_ARTIFACT_VERSION,
    name: 'test-model',
    title: 'Analysis test model (synthetic)',
    synthetic: true,
    intendedUse: 'Software testing of the study analysis only; trained on seeded random numbers.',
    extraction: { settings, settingsHash: '' },
    features: columns.map(({ column }, j) => {
      const parsed = parseFeatureColumnName(column)!;
      return {
        column,
        sequence: parsed.sequence,
        region: parsed.region,
        key: parsed.key,
        mean: mean[j]!,
        sd: sd[j]!,
        trainingMin: Math.min(...rows.map((row) => row[j]!)),
        trainingMax: Math.max(...rows.map((row) => row[j]!)),
      };
    }),
    forest: serializeForest(fit.model),
    constantProbability: null,
    threshold: 0.5,
    training: {
      softwareVersion: '0.0.0-test',
      runSeed: seed,
      modelSeed: seed,
      cohortSizes: { train: 40, validation: 0, test: 20 },
      trainingPositives: 20,
      trainingPrevalence: 0.5,
      selection: {},
      forest: { treeCount: 25 },
      funnel: [],
    },
    validation: [{ split: 'test', label: 'synthetic test split', n: 20, auc: 0.75, aucCi: [0.52, 0.98] }],
  };
  return artifact;
}

/** The test artifact as a loaded model (through the model-file parser), for the product settings. */
export function buildTestModel(seed = 8, synthetic = true): LoadedModel {
  const artifact = { ...buildTestArtifact(seed), synthetic };
  const hash = runningSettingsHash(productParams());
  const content = { ...artifact, extraction: { ...artifact.extraction, settingsHash: hash } };
  return parseModelFile(JSON.parse(formatModelFile(content)), hash, 'test model');
}
