import { AppError } from '../../errors/index.js';
import { type BinaryLabels, type FeatureTable, selectFeatures } from './feature-table.js';
import { type DroppedFeature, type FittedStep, formatNumber, funnelRecord } from './selection-step.js';
import { meanAndSampleSd } from './zscore.js';

/**
 * Three-level discretisation used for mutual information: level 0 below μ − σ, 1 within
 * [μ − σ, μ + σ], 2 above μ + σ, with μ and σ (sample SD) of the training column. This is the
 * scheme Peng, Long & Ding (2005) used for continuous data in the mRMR paper; it is coarse on
 * purpose, since plug-in MI on 100–200 rows overfits with finer bins.
 */
export function discretiseMeanSd(column: Float64Array): Uint8Array {
  const { mean, sd: sampleSd } = meanAndSampleSd(column);
  const sd = column.length > 1 ? sampleSd : 0;
  return Uint8Array.from(column, (value) => (value < mean - sd ? 0 : value > mean + sd ? 2 : 1));
}

/**
 * Plug-in (maximum-likelihood) mutual information of two discrete variables, in nats:
 * I(X; Y) = Σ_{x,y} p(x,y) ln( p(x,y) / (p(x) p(y)) ), with p the empirical frequencies.
 */
export function mutualInformation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  const joint = new Map<number, number>();
  const px = new Map<number, number>();
  const py = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const a = x[i]!;
    const b = y[i]!;
    const key = a * 65536 + b;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    px.set(a, (px.get(a) ?? 0) + 1);
    py.set(b, (py.get(b) ?? 0) + 1);
  }
  let mi = 0;
  for (const [key, count] of joint) {
    const a = Math.floor(key / 65536);
    const b = key - a * 65536;
    mi += (count / n) * Math.log((count * n) / (px.get(a)! * py.get(b)!));
  }
  return Math.max(0, mi);
}

export interface FittedMrmr extends FittedStep {
  /** Selected features in the order mRMR picked them, with the MID score at pick time. */
  readonly ranking: readonly { name: string; score: number }[];
}

/**
 * Minimum-redundancy maximum-relevance selection with the MID criterion (Peng, Long & Ding 2005,
 * IEEE TPAMI 27(8)): greedily add the feature f maximising
 *   I(f; c) − (1/|S|) Σ_{s∈S} I(f; s),
 * starting from the feature with the largest relevance I(f; c). Mutual information is the
 * plug-in estimate on the three-level discretisation of `discretiseMeanSd` (training rows);
 * equal scores are broken by feature name so the result is deterministic. Keeps
 * min(k, number of features).
 */
export function fitMrmr(table: FeatureTable, labels: BinaryLabels, options: { k: number }): FittedMrmr {
  const { k } = options;
  if (!Number.isInteger(k) || k < 1) {
    throw new AppError('selection_setting', `mrmrK must be a positive integer; found ${k}.`, {
      details: { setting: 'mrmrK', value: k },
    });
  }
  const names = table.featureNames;
  const levels = table.columns.map(discretiseMeanSd);
  const relevance = levels.map((level) => mutualInformation(level, labels));
  const redundancySum = new Float64Array(names.length);
  const remaining = new Set(names.map((_, j) => j));
  const ranking: { name: string; score: number }[] = [];
  while (ranking.length < Math.min(k, names.length)) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const j of remaining) {
      const score = relevance[j]! - (ranking.length > 0 ? redundancySum[j]! / ranking.length : 0);
      if (score > bestScore || (score === bestScore && names[j]! < names[best]!)) {
        best = j;
        bestScore = score;
      }
    }
    remaining.delete(best);
    ranking.push({ name: names[best]!, score: bestScore });
    for (const j of remaining) redundancySum[j]! += mutualInformation(levels[j]!, levels[best]!);
  }
  const keptSet = new Set(ranking.map((entry) => entry.name));
  const kept = names.filter((name) => keptSet.has(name));
  const dropped: DroppedFeature[] = names
    .filter((name) => !keptSet.has(name))
    .map((name) => ({
      name,
      reason: `not among the ${k} mRMR (MID) features; relevance I = ${formatNumber(relevance[names.indexOf(name)]!)} nats`,
    }));
  const step = `mRMR (MID, k = ${k})`;
  return {
    step,
    ranking,
    keptFeatures: kept,
    record: funnelRecord(step, names, kept, dropped),
    apply: (cohort) => selectFeatures(cohort, kept),
  };
}
