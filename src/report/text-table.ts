import type { StudyMetrics } from '../model/training/train-study.js';
import { formatNumber, formatWithCi } from './format.js';

const COHORT_SHORT = { train: 'Training (OOB)', validation: 'Internal validation', test: 'External test' };

/**
 * The paper-style table as plain text (what `her2 study` prints): one row per model and cohort with
 * the AUC and its DeLong 95 % CI, then sensitivity, specificity and accuracy at the training
 * (Youden) threshold. Training rows are out-of-bag probabilities after feature selection, so they
 * are optimistic; "n/a" where a cohort has one class only.
 */
export function formatStudyTable(metrics: StudyMetrics): string {
  const header = ['Model', 'Cohort', 'n', 'AUC (95 % CI)', 'Sensitivity', 'Specificity', 'Accuracy'];
  const rows: string[][] = [];
  for (const model of metrics.models) {
    for (const cohort of model.cohorts) {
      const e = cohort.evaluation;
      const at = e?.at_threshold;
      rows.push([
        `${model.name}${model.constant ? ' (no feature)' : ''}`,
        COHORT_SHORT[cohort.split],
        String(e?.n ?? 0),
        e ? formatWithCi(e.auc, e.auc_ci) : 'n/a',
        formatNumber(at?.sensitivity.estimate),
        formatNumber(at?.specificity.estimate),
        formatNumber(at?.accuracy.estimate),
      ]);
    }
  }
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
