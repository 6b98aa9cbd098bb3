import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { softwareVersion } from '../cli/commands/train.js';
import { parseSiteRules, type SiteRules } from '../dicom/recognition/index.js';
import { AppError } from '../errors/index.js';
import { type LoadedModel, loadModel, runningSettingsHash } from '../model/index.js';
import type { ModelSequence } from '../pipeline/index.js';
import { parseParams } from '../radiomics/index.js';

/**
 * What every analysis of a worker needs, read once at start: the model (checked against the
 * extraction settings in use, so a model trained with other settings is refused before any job
 * runs), the site rules and the product's name and version.
 */
export interface AnalysisAssets {
  model: LoadedModel;
  /** The model file's text: what the analysis thread parses again (a forest cannot be cloned). */
  modelText: string;
  settingsHash: string;
  rules: SiteRules;
  software: { name: string; version: string };
}

export interface AnalysisAssetPaths {
  modelPath: string;
  extractionParams: string;
  siteRules: string;
}

export const SOFTWARE_NAME = 'her2-radiomics';

async function readText(file: string, setting: string, code: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError(code, `${setting} names ${path.basename(file)}, which cannot be read`, {
      cause,
      details: { setting, file },
    });
  }
}

export async function loadAnalysisAssets(paths: AnalysisAssetPaths): Promise<AnalysisAssets> {
  const params = parseParams(
    await readText(paths.extractionParams, 'HER2_EXTRACTION_PARAMS', 'extraction_params_unreadable'),
    path.basename(paths.extractionParams),
  );
  const settingsHash = runningSettingsHash(params);
  const rules = parseSiteRules(
    await readText(paths.siteRules, 'HER2_SITE_RULES', 'site_rules_unreadable'),
    path.basename(paths.siteRules),
  );
  const model = await loadModel(paths.modelPath, settingsHash);
  const modelText = await readText(paths.modelPath, 'HER2_MODEL_PATH', 'model_file_unreadable');
  return {
    model,
    modelText,
    settingsHash,
    rules,
    software: { name: SOFTWARE_NAME, version: await softwareVersion() },
  };
}

/** The sequences the model's features are computed on (what a study must provide). */
export function modelSequences(model: LoadedModel): ModelSequence[] {
  return [...new Set(model.artifact.features.map((f) => f.sequence))].sort();
}
