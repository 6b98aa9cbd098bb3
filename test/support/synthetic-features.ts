import {
  type FeatureDataset,
  featureColumnName,
  REGIONS,
  SEQUENCES,
} from '../../src/model/feature-table-csv.js';
import { createXoshiro128 } from '../../src/model/forest/index.js';
import { createFeatureTable } from '../../src/model/selection/index.js';
import { CAO2025, planCohort } from '../../src/synth/cohort.js';

/** How to build a synthetic features table with a known signal. */
export interface SyntheticFeatureOptions {
  readonly seed: number;
  /** Feature columns per sequence × region (6 groups). */
  readonly featuresPerGroup: number;
  /** Columns (per group, the first ones) whose mean differs between HER-2 positive and negative. */
  readonly informativePerGroup: number;
  /** Mean shift of an informative column for positives, in SDs of the noise. */
  readonly effect: number;
}

/**
 * A features table on the cao2025 cohort plan (266 patients: 140 train, 59 validation, 67 test):
 * every column is standard normal noise times a column-specific scale plus offset (so z-scoring
 * matters), and the first `informativePerGroup` columns of each group add `effect` for HER-2
 * positives. With effect 0 the labels carry no signal at all.
 */
export function syntheticFeatureDataset(options: SyntheticFeatureOptions): FeatureDataset {
  const members = planCohort(CAO2025, options.seed);
  const rng = createXoshiro128(options.seed);
  const normal = () => {
    // Box–Muller; 1 − u keeps the logarithm finite.
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const sequence of SEQUENCES) {
    for (const region of REGIONS) {
      for (let j = 0; j < options.featuresPerGroup; j++) {
        const informative = j < options.informativePerGroup;
        names.push(featureColumnName(sequence, region, `original_firstorder_Feature${j}`));
        const scale = 1 + j;
        const offset = 100 * j;
        columns.push(
          Float64Array.from(
            members,
            (m) => offset + scale * (normal() + (informative && m.her2 === 'positive' ? options.effect : 0)),
          ),
        );
      }
    }
  }
  return {
    patients: members.map((m) => ({
      patientId: `SYN${String(m.index).padStart(4, '0')}`,
      studyInstanceUid: `2.25.${1000 + m.index}`,
      centre: String(m.centre),
      split: m.split,
      label: m.her2 === 'positive' ? 1 : 0,
    })),
    features: createFeatureTable(names, columns),
  };
}
