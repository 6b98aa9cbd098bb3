import type { FeatureTable } from './feature-table.js';

/** A feature a step removed, and why (shown in the funnel report). */
export interface DroppedFeature {
  readonly name: string;
  readonly reason: string;
}

/** What one step did: how many features came in, how many survived, which left and why. */
export interface FunnelRecord {
  readonly step: string;
  readonly entered: number;
  readonly kept: number;
  readonly dropped: readonly DroppedFeature[];
}

/**
 * A selection step fitted on training rows. `apply` maps any cohort's table (same feature
 * names; extra columns are ignored) to the step's output using only what was learned in
 * training: no statistic is ever recomputed on the cohort it is applied to.
 */
export interface FittedStep {
  readonly step: string;
  /** Surviving features, in the order of the input table. */
  readonly keptFeatures: readonly string[];
  readonly record: FunnelRecord;
  apply(table: FeatureTable): FeatureTable;
}

/** Builds the funnel record from the input names and the kept set. */
export function funnelRecord(
  step: string,
  enteredNames: readonly string[],
  keptNames: readonly string[],
  dropped: readonly DroppedFeature[],
): FunnelRecord {
  return { step, entered: enteredNames.length, kept: keptNames.length, dropped };
}

/** Compact p-value text for reasons: 3 significant digits. */
export function formatNumber(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
