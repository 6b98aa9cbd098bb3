import type { FeatureDataset } from '../feature-table-csv.js';
import { applyCombatToTable, type CombatParameters, fitCombat } from '../harmonisation/index.js';
import type { ModelsConfig } from '../models-config.js';
import { selectFeatures } from '../selection/index.js';

/** A dataset after the configured harmonisation, with the fitted parameters (null when it is off). */
export interface HarmonisedDataset {
  readonly dataset: FeatureDataset;
  readonly harmonisation: CombatParameters | null;
}

/**
 * Applies `config.harmonisation` (ComBat, sites = the `centre` column) to the features table.
 * Fitted on every row of every split, features only (label-free): the external centre must be in
 * the fit to be mapped at all, and no outcome leaks since labels are never read. Only columns
 * complete in every row take part; the others stay raw, which is safe because training drops a
 * column missing in any training row and refuses one missing in any other row, so no model can
 * select them. Returns the dataset unchanged when harmonisation is off.
 */
export function harmoniseDataset(dataset: FeatureDataset, config: ModelsConfig): HarmonisedDataset {
  const settings = config.harmonisation;
  if (settings === null) return { dataset, harmonisation: null };
  const complete = dataset.features.featureNames.filter((_, j) =>
    dataset.features.columns[j]!.every(Number.isFinite),
  );
  const sites = dataset.patients.map((p) => p.centre);
  const harmonisation = fitCombat(selectFeatures(dataset.features, complete), sites, settings.referenceSite);
  return {
    dataset: { ...dataset, features: applyCombatToTable(harmonisation, dataset.features, sites) },
    harmonisation,
  };
}
