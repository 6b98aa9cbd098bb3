import { type ExtractionParams, resolveParams } from '../radiomics/index.js';
import { canonicalHash } from './canonical-json.js';

/** SHA-256 of the canonical JSON of extraction settings (the value `loadModel` compares). */
export function extractionSettingsHash(settings: Record<string, unknown>): string {
  return canonicalHash(settings);
}

/**
 * The part of resolved extraction parameters that decides feature values, written as a PyRadiomics
 * parameter mapping (so it can be read back as one): the general settings with every default filled,
 * the enabled image types with their overrides and the enabled feature classes. Two parameter files
 * that resolve alike (e.g. one spelling out a default) give the same record and hash.
 */
export function extractionSettingsRecord(params: ExtractionParams): Record<string, unknown> {
  return { setting: params.setting, imageType: params.imageTypes, featureClass: params.featureClasses };
}

/** Resolves a PyRadiomics parameter mapping (`setting`, `imageType`, `featureClass`) to its record. */
export function resolveExtractionSettings(
  mapping: unknown,
  what = 'extraction settings',
): Record<string, unknown> {
  // Through JSON so the record is plain data (no shared references to the defaults object).
  return JSON.parse(JSON.stringify(extractionSettingsRecord(resolveParams(mapping, what)))) as Record<
    string,
    unknown
  >;
}

/** The hash `loadModel` expects for the parameters the running extractor uses. */
export function runningSettingsHash(params: ExtractionParams): string {
  return extractionSettingsHash(extractionSettingsRecord(params));
}
