import { AppError } from '../../errors/index.js';
import { type FeatureTable, selectFeatures } from './feature-table.js';
import { type DroppedFeature, type FittedStep, formatNumber, funnelRecord } from './selection-step.js';

/**
 * Pearson correlation r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) (two-pass, as R `cor`).
 * Returns NaN when either column is constant.
 */
export function pearsonCorrelation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < n; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Orders features from most to least related to the label: smaller p first, ties by name. */
export function relevanceOrder(names: readonly string[], pValues: ReadonlyMap<string, number>): string[] {
  return [...names].sort((a, b) => {
    const pa = pValues.get(a)!;
    const pb = pValues.get(b)!;
    if (pa !== pb) return pa - pb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

export interface FittedCorrelationFilter extends FittedStep {
  readonly threshold: number;
}

/**
 * Redundancy filter: of any pair with |Pearson r| > `threshold` on the training rows, keep the
 * feature more related to the label. Defined deterministically as a greedy pass: features are
 * visited from most to least related (smaller univariate p first, equal p by name), and a
 * feature is kept only if its |r| with every already-kept feature is ≤ threshold. A dropped
 * feature therefore names the kept feature it duplicates, and the result does not depend on
 * column order. `pValues` must hold a p-value for every feature in `table`.
 */
export function fitCorrelationFilter(
  table: FeatureTable,
  pValues: ReadonlyMap<string, number>,
  options: { threshold: number },
): FittedCorrelationFilter {
  const { threshold } = options;
  if (!(threshold > 0 && threshold < 1)) {
    throw new AppError('selection_setting', `correlationThreshold must be in (0, 1); found ${threshold}.`, {
      details: { setting: 'correlationThreshold', value: threshold },
    });
  }
  for (const name of table.featureNames) {
    if (!pValues.has(name)) {
      throw new AppError(
        'selection_missing_relevance',
        `Feature "${name}" has no univariate p-value to rank it by.`,
        {
          details: { feature: name },
        },
      );
    }
  }
  const columnByName = new Map(table.featureNames.map((name, j) => [name, table.columns[j]!]));
  const keptSet = new Set<string>();
  const keptInOrder: string[] = [];
  const dropped: DroppedFeature[] = [];
  for (const name of relevanceOrder(table.featureNames, pValues)) {
    const column = columnByName.get(name)!;
    const partner = keptInOrder.find((other) => {
      const r = pearsonCorrelation(column, columnByName.get(other)!);
      return Math.abs(r) > threshold;
    });
    if (partner === undefined) {
      keptSet.add(name);
      keptInOrder.push(name);
      continue;
    }
    const r = pearsonCorrelation(column, columnByName.get(partner)!);
    dropped.push({
      name,
      reason: `|r| = ${formatNumber(Math.abs(r))} > ${threshold} with ${partner} (p ${formatNumber(pValues.get(partner)!)} vs ${formatNumber(pValues.get(name)!)})`,
    });
  }
  const kept = table.featureNames.filter((name) => keptSet.has(name));
  const step = 'correlation redundancy';
  return {
    step,
    threshold,
    keptFeatures: kept,
    record: funnelRecord(step, table.featureNames, kept, dropped),
    apply: (cohort) => selectFeatures(cohort, kept),
  };
}
