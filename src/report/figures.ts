import * as vega from 'vega';
import type { Split } from '../model/feature-table-csv.js';
import type { FunnelRecord } from '../model/selection/index.js';
import type { StudyMetrics } from '../model/training/train-study.js';
import { rocCurve, splitByClass } from '../stats/index.js';
import { cohortScores, type PredictionRow } from './run-data.js';

/** One figure of the report: file stem, caption and SVG text. */
export interface Figure {
  readonly name: string;
  readonly caption: string;
  readonly svg: string;
}

type Datum = Record<string, string | number>;

const FONT = 'DejaVu Sans, Arial, sans-serif';
const WIDTH = 360;
const HEIGHT = 300;

/** Renders a Vega specification to SVG text without a browser (Vega's headless "none" renderer). */
export async function renderVegaSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const baseConfig = {
  font: FONT,
  axis: {
    labelFont: FONT,
    titleFont: FONT,
    labelFontSize: 11,
    titleFontSize: 12,
    grid: true,
    gridOpacity: 0.4,
  },
  legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 10, titleFontSize: 11 },
  title: { font: FONT, fontSize: 13 },
};

/** What every figure shares: schema, size, padding, background, fonts and title. */
function specFrame(title: string, width = WIDTH, height = HEIGHT) {
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width,
    height,
    padding: 8,
    background: 'white',
    config: baseConfig,
    title: { text: title },
  };
}

/**
 * One line per series (Vega facet by `series`, drawn in `order`), optionally dashed or with a
 * point mark at each datum, coloured by the `color` scale.
 */
function seriesMarks(options: {
  data: string;
  facet: string;
  x: vega.Field;
  y: vega.Field;
  dashed?: boolean;
  pointSize?: number;
  interpolate?: string;
}): vega.Mark {
  const { data, facet, x, y, dashed = false, pointSize, interpolate } = options;
  const line = {
    type: 'line',
    from: { data: facet },
    sort: { field: 'datum.order' },
    encode: {
      enter: {
        x: { scale: 'x', field: x },
        y: { scale: 'y', field: y },
        stroke: { scale: 'color', field: 'series' },
        strokeWidth: { value: dashed ? 1.2 : 1.8 },
        ...(dashed ? { strokeDash: { value: [5, 4] } } : {}),
        ...(interpolate ? { interpolate: { value: interpolate } } : {}),
      },
    },
  } as vega.Mark;
  const points = {
    type: 'symbol',
    from: { data: facet },
    encode: {
      enter: {
        x: { scale: 'x', field: x },
        y: { scale: 'y', field: y },
        fill: { scale: 'color', field: 'series' },
        size: { value: pointSize },
      },
    },
  } as vega.Mark;
  return {
    type: 'group',
    from: { facet: { name: facet, data, groupby: 'series' } },
    marks: pointSize === undefined ? [line] : [line, points],
  };
}

/** A line chart with one line (and point marks) per series, plus optional dashed reference lines. */
function lineChart(options: {
  title: string;
  xTitle: string;
  yTitle: string;
  data: Datum[];
  reference?: Datum[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  points?: boolean;
}): vega.Spec {
  const reference = options.reference ?? [];
  const lines = (data: string, dashed: boolean) =>
    seriesMarks({
      data,
      facet: `${data}_series`,
      x: 'x',
      y: 'y',
      dashed,
      interpolate: 'linear',
      ...(options.points && !dashed ? { pointSize: 22 } : {}),
    });
  return {
    ...specFrame(options.title),
    data: [
      { name: 'lines', values: options.data },
      { name: 'reference', values: reference },
      { name: 'all', values: [...options.data, ...reference] },
    ],
    scales: [
      {
        name: 'x',
        type: 'linear',
        domain: options.xDomain ?? { data: 'all', field: 'x' },
        range: 'width',
        zero: false,
        nice: !options.xDomain,
      },
      {
        name: 'y',
        type: 'linear',
        domain: options.yDomain ?? { data: 'all', field: 'y' },
        range: 'height',
        zero: false,
        nice: !options.yDomain,
      },
      {
        name: 'color',
        type: 'ordinal',
        domain: { data: 'all', field: 'series' },
        range: { scheme: 'tableau10' },
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: options.xTitle },
      { orient: 'left', scale: 'y', title: options.yTitle },
    ],
    legends: [{ stroke: 'color', title: 'Model', orient: 'right', labelLimit: 320 }],
    marks: [lines('reference', true), lines('lines', false)],
  };
}

/** The dashed diagonal from (0, 0) to (1, 1): chance on a ROC plot, ideal on a calibration plot. */
function diagonal(series: string): Datum[] {
  return [
    { x: 0, y: 0, series, order: 0 },
    { x: 1, y: 1, series, order: 1 },
  ];
}

/** Each model's labels and scores on one cohort, mapped to that model's line. */
function perModelLines(
  metrics: StudyMetrics,
  predictions: readonly PredictionRow[],
  split: Split,
  line: (model: StudyMetrics['models'][number], labels: Uint8Array, scores: Float64Array) => Datum[],
): Datum[] {
  return metrics.models.flatMap((model) => {
    const { labels, scores } = cohortScores(predictions, model.name, split);
    return line(model, labels, scores);
  });
}

/** ROC curves of every model on one cohort (pROC's empirical curve from src/stats). */
export function rocSpec(
  metrics: StudyMetrics,
  predictions: readonly PredictionRow[],
  split: Split,
  title: string,
) {
  const data = perModelLines(metrics, predictions, split, (model, labels, scores) => {
    const curve = rocCurve(splitByClass(labels, scores, `${model.name} ${split}`));
    const points = Array.from(curve.thresholds, (_, i) => ({
      x: 1 - curve.specificities[i]!,
      y: curve.sensitivities[i]!,
    })).sort((a, b) => a.x - b.x || a.y - b.y);
    const auc = model.cohorts.find((c) => c.split === split)?.evaluation?.auc;
    const series = `${model.name} (AUC ${auc === undefined ? 'n/a' : auc.toFixed(3)})`;
    return points.map((p, order) => ({ ...p, series, order }));
  });
  return lineChart({
    title,
    xTitle: '1 − specificity',
    yTitle: 'Sensitivity',
    data,
    reference: diagonal('chance'),
    xDomain: [0, 1],
    yDomain: [0, 1],
  });
}

/**
 * Calibration points per model on one cohort: patients sorted by predicted probability and cut into
 * at most `groups` groups of near-equal size, never splitting tied probabilities; x = mean predicted,
 * y = observed HER-2-positive fraction.
 */
export function calibrationPoints(labels: Uint8Array, scores: Float64Array, groups: number) {
  const order = Array.from(scores, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const g = Math.max(1, Math.min(groups, order.length));
  const points: { x: number; y: number; n: number }[] = [];
  let from = 0;
  for (let k = 0; k < g && from < order.length; k++) {
    let to = Math.max(from + 1, Math.floor(((k + 1) * order.length) / g));
    // Tied probabilities stay in one group (a constant model gives one point, not a vertical line).
    while (to < order.length && scores[order[to]!] === scores[order[to - 1]!]) to++;
    let predicted = 0;
    let observed = 0;
    for (let r = from; r < to; r++) {
      predicted += scores[order[r]!]!;
      observed += labels[order[r]!]!;
    }
    points.push({ x: predicted / (to - from), y: observed / (to - from), n: to - from });
    from = to;
  }
  return points;
}

export function calibrationSpec(
  metrics: StudyMetrics,
  predictions: readonly PredictionRow[],
  split: Split,
  title: string,
) {
  const data = perModelLines(metrics, predictions, split, (model, labels, scores) =>
    calibrationPoints(labels, scores, 5).map((p, order) => ({ x: p.x, y: p.y, series: model.name, order })),
  );
  return lineChart({
    title,
    xTitle: 'Mean predicted probability (quintile groups)',
    yTitle: 'Observed HER-2-positive fraction',
    data,
    reference: diagonal('ideal'),
    xDomain: [0, 1],
    yDomain: [0, 1],
    points: true,
  });
}

/** Decision curves from metrics.json (src/stats decisionCurve), with treat-all and treat-none. */
export function decisionCurveSpec(metrics: StudyMetrics, split: Split, title: string) {
  const data: Datum[] = [];
  let reference: Datum[] = [];
  for (const model of metrics.models) {
    const dca = model.cohorts.find((c) => c.split === split)?.evaluation?.dca ?? null;
    if (!dca) continue;
    dca.forEach((d, order) => {
      data.push({ x: d.threshold, y: d.model, series: model.name, order });
    });
    if (reference.length === 0) {
      reference = dca.flatMap((d, order) => [
        { x: d.threshold, y: d.treat_all, series: 'treat all', order },
        { x: d.threshold, y: d.treat_none, series: 'treat none', order },
      ]);
    }
  }
  // Treat-all falls far below zero at high thresholds; clip the view at −0.1 as is usual for DCA.
  const yMax = Math.max(0.05, ...data.map((d) => d.y as number), ...reference.map((d) => d.y as number));
  // Model curves are clipped at the floor; treat-all simply stops there.
  const clip = (rows: Datum[]) => rows.map((d) => ({ ...d, y: Math.max(-0.1, d.y as number) }));
  return lineChart({
    title,
    xTitle: 'Threshold probability',
    yTitle: 'Net benefit (floor −0.1)',
    data: clip(data),
    reference: reference.filter((d) => (d.y as number) >= -0.1),
    xDomain: [0, 1],
    yDomain: [-0.1, Math.ceil(yMax * 20) / 20],
  });
}

/** A step name without its parenthesised details: "univariate (Mann–Whitney …)" → "univariate". */
function shortStepName(step: string): string {
  return step.replace(/\s*\(.*$/, '');
}

/** Features kept after each selection step, one line per model (log scale). */
export function funnelSpec(funnel: Record<string, readonly FunnelRecord[]>): vega.Spec {
  const data: Datum[] = [];
  for (const [model, records] of Object.entries(funnel)) {
    if (records.length === 0) continue;
    data.push({ step: 'candidates', kept: Math.max(records[0]!.entered, 0.5), series: model, order: 0 });
    records.forEach((r, k) => {
      // A log axis cannot show 0; draw "none left" at 0.5 and say so in the axis title.
      data.push({ step: shortStepName(r.step), kept: Math.max(r.kept, 0.5), series: model, order: k + 1 });
    });
  }
  return {
    ...specFrame('Selection funnel (training rows only)'),
    data: [{ name: 'funnel', values: data }],
    scales: [
      {
        name: 'x',
        type: 'point',
        domain: { data: 'funnel', field: 'step', sort: { field: 'order', op: 'min' } },
        range: 'width',
        padding: 0.3,
      },
      { name: 'y', type: 'log', domain: { data: 'funnel', field: 'kept' }, range: 'height', nice: true },
      {
        name: 'color',
        type: 'ordinal',
        domain: { data: 'funnel', field: 'series' },
        range: { scheme: 'tableau10' },
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'Step', labelAngle: -20, labelAlign: 'right' },
      { orient: 'left', scale: 'y', title: 'Features kept (log; 0 drawn at 0.5)' },
    ],
    legends: [{ stroke: 'color', title: 'Model', orient: 'right' }],
    marks: [seriesMarks({ data: 'funnel', facet: 'series', x: 'step', y: 'kept', pointSize: 25 })],
  };
}

/** Out-of-bag permutation importance (mean ± SD) of one model's selected features. */
export function importanceSpec(model: StudyMetrics['models'][number]): vega.Spec {
  const data = model.importances.map((imp) => ({
    feature: imp.feature,
    mean: imp.permutationMean,
    low: imp.permutationMean - imp.permutationSd,
    high: imp.permutationMean + imp.permutationSd,
  }));
  const height = Math.max(60, 18 * data.length);
  return {
    ...specFrame(`${model.title}: permutation importance`, 260, height),
    data: [{ name: 'imp', values: data }],
    scales: [
      {
        name: 'y',
        type: 'band',
        domain: { data: 'imp', field: 'feature', sort: { field: 'mean', op: 'max', order: 'descending' } },
        range: 'height',
        padding: 0.2,
      },
      {
        name: 'x',
        type: 'linear',
        domain: {
          fields: [
            { data: 'imp', field: 'low' },
            { data: 'imp', field: 'high' },
          ],
        },
        range: 'width',
        zero: true,
        nice: true,
      },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'Drop in out-of-bag AUC when permuted', tickCount: 5 },
      // Vega estimates text width without a canvas (generously): allow long feature names.
      { orient: 'left', scale: 'y', labelLimit: 900 },
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'imp' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'feature' },
            height: { scale: 'y', band: 1 },
            x: { scale: 'x', value: 0 },
            x2: { scale: 'x', field: 'mean' },
            fill: { value: '#4c78a8' },
          },
        },
      },
      {
        type: 'rule',
        from: { data: 'imp' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'feature', band: 0.5 },
            x: { scale: 'x', field: 'low' },
            x2: { scale: 'x', field: 'high' },
            stroke: { value: '#222' },
          },
        },
      },
    ],
  };
}
