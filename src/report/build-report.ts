import { SPLITS } from '../model/feature-table-csv.js';
import { COHORT_LABELS } from '../model/training/evaluate-study.js';
import {
  calibrationSpec,
  decisionCurveSpec,
  type Figure,
  funnelSpec,
  importanceSpec,
  renderVegaSvg,
  rocSpec,
} from './figures.js';
import { reportHtml } from './html.js';
import type { RunData } from './run-data.js';

/** The report: its HTML page and every figure as SVG (the caller writes files and PNGs). */
export interface Report {
  readonly html: string;
  readonly figures: readonly Figure[];
}

/** Builds the report of a training run from its parsed files. */
export async function buildReport(data: RunData): Promise<Report> {
  const { metrics, predictions } = data;
  const evaluable = SPLITS.filter((split) =>
    metrics.models.every((m) => m.cohorts.find((c) => c.split === split)?.evaluation),
  );
  const figure = async (
    name: string,
    caption: string,
    spec: Parameters<typeof renderVegaSvg>[0],
  ): Promise<Figure> => ({
    name,
    caption,
    svg: await renderVegaSvg(spec),
  });
  const roc: Figure[] = [];
  const calibration: Figure[] = [];
  const dca: Figure[] = [];
  for (const split of evaluable) {
    const label = COHORT_LABELS[split];
    roc.push(
      await figure(
        `roc-${split}`,
        `ROC curves, ${label}`,
        rocSpec(metrics, predictions, split, `ROC: ${label}`),
      ),
    );
    calibration.push(
      await figure(
        `calibration-${split}`,
        `Calibration (quintile groups), ${label}`,
        calibrationSpec(metrics, predictions, split, `Calibration: ${label}`),
      ),
    );
    dca.push(
      await figure(
        `dca-${split}`,
        `Decision curves, ${label}`,
        decisionCurveSpec(metrics, split, `Decision curve: ${label}`),
      ),
    );
  }
  const funnel = [await figure('funnel', 'Features kept after each selection step', funnelSpec(data.funnel))];
  const importance: Figure[] = [];
  for (const model of metrics.models) {
    if (model.constant || model.importances.length === 0) continue;
    importance.push(
      await figure(
        `importance-${model.name}`,
        `Permutation importance, ${model.title}`,
        importanceSpec(model),
      ),
    );
  }
  const html = reportHtml(data, { funnel, importance, roc, calibration, dca });
  return { html, figures: [...funnel, ...importance, ...roc, ...calibration, ...dca] };
}
