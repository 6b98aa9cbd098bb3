import { type BinaryEvaluation, evaluateBinaryScores, pairedDelongTest } from '../../stats/index.js';
import { type FeatureDataset, SPLITS, type Split } from '../feature-table-csv.js';
import type { TrainedModel } from './train-model.js';

/** How each cohort's probabilities were obtained, as the report labels them. */
export const COHORT_LABELS: Record<Split, string> = {
  train: 'Training (OOB, after feature selection)',
  validation: 'Internal validation',
  test: 'External test',
};

/** Patients and HER-2-positive share per centre and split. */
export interface CohortCount {
  readonly centre: string;
  readonly split: Split;
  readonly n: number;
  readonly positives: number;
  readonly prevalence: number;
}

/** One model's evaluation on one cohort, or why there is none. */
export interface CohortEvaluation {
  readonly split: Split;
  readonly label: string;
  readonly evaluation: BinaryEvaluation | null;
  /** Why `evaluation` is null (empty cohort, one class only). */
  readonly skipped?: string;
}

/** Paired DeLong test of two models on one cohort, with the Holm-adjusted p over all pairs of that cohort. */
export interface ModelComparison {
  readonly first: string;
  readonly second: string;
  readonly aucFirst: number;
  readonly aucSecond: number;
  readonly z: number;
  readonly p: number;
  readonly pHolm: number;
}

/** Counts per centre and split, in split order then centre order. */
export function cohortCounts(dataset: FeatureDataset): CohortCount[] {
  const groups = new Map<string, { centre: string; split: Split; n: number; positives: number }>();
  for (const p of dataset.patients) {
    const key = `${SPLITS.indexOf(p.split)}\u0000${p.centre}`;
    const group = groups.get(key) ?? { centre: p.centre, split: p.split, n: 0, positives: 0 };
    group.n++;
    group.positives += p.label;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => ({ ...g, prevalence: g.positives / g.n }));
}

function rowsOf(dataset: FeatureDataset, split: Split): number[] {
  const rows: number[] = [];
  dataset.patients.forEach((p, i) => {
    if (p.split === split) rows.push(i);
  });
  return rows;
}

function whyNotEvaluable(labels: Uint8Array): string | undefined {
  if (labels.length === 0) return 'no patients in this cohort';
  const positives = labels.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === labels.length) return 'only one HER-2 class in this cohort';
  return undefined;
}

/**
 * Evaluates a model on each cohort with src/stats: the training cohort on its out-of-bag
 * probabilities, the others on the forest's probabilities; operating characteristics at the
 * threshold fixed on training.
 */
export function evaluateModel(dataset: FeatureDataset, model: TrainedModel): CohortEvaluation[] {
  return SPLITS.map((split) => {
    const rows = rowsOf(dataset, split);
    const labels = Uint8Array.from(rows, (i) => dataset.patients[i]!.label);
    const skipped = whyNotEvaluable(labels);
    if (skipped !== undefined) return { split, label: COHORT_LABELS[split], evaluation: null, skipped };
    const scores = Float64Array.from(rows, (i) => model.probabilities[i]!);
    const evaluation = evaluateBinaryScores(labels, scores, {
      threshold: model.threshold,
      what: `model "${model.spec.name}" probabilities (${split})`,
    });
    return { split, label: COHORT_LABELS[split], evaluation };
  });
}

/**
 * Holm's step-down adjustment (as R `p.adjust(method = "holm")`): sort ascending, multiply the
 * k-th smallest by (m − k + 1), carry the running maximum, cap at 1.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Paired DeLong tests between every pair of models on each evaluable cohort. */
export function compareModels(
  dataset: FeatureDataset,
  models: readonly TrainedModel[],
): Record<Split, ModelComparison[]> {
  const out = { train: [], validation: [], test: [] } as Record<Split, ModelComparison[]>;
  for (const split of SPLITS) {
    const rows = rowsOf(dataset, split);
    const labels = Uint8Array.from(rows, (i) => dataset.patients[i]!.label);
    if (whyNotEvaluable(labels) !== undefined) continue;
    const scores = models.map((m) => Float64Array.from(rows, (i) => m.probabilities[i]!));
    const raw: Omit<ModelComparison, 'pHolm'>[] = [];
    for (let a = 0; a < models.length; a++) {
      for (let b = a + 1; b < models.length; b++) {
        const test = pairedDelongTest(labels, scores[a]!, scores[b]!);
        raw.push({
          first: models[a]!.spec.name,
          second: models[b]!.spec.name,
          aucFirst: test.auc1,
          aucSecond: test.auc2,
          z: test.z,
          // NaN only when both AUC variances vanish with different AUCs; treat as no evidence (p = 1).
          p: Number.isNaN(test.p) ? 1 : test.p,
        });
      }
    }
    const adjusted = holmAdjust(raw.map((r) => r.p));
    out[split] = raw.map((r, k) => ({ ...r, pHolm: adjusted[k]! }));
  }
  return out;
}
