/**
 * The evaluation report of a training run (`her2 report`): one self-contained HTML page with inline
 * SVG figures and CSS, plus every figure as SVG and PNG. Numbers come from metrics.json (computed by
 * src/stats during `her2 train`); ROC and calibration points from predictions.csv.
 */
export { buildReport, type Report } from './build-report.js';
export { calibrationPoints, type Figure, renderVegaSvg } from './figures.js';
export { escapeHtml, formatNumber, formatP, formatPercent, formatWithCi } from './format.js';
export { svgToPng } from './png.js';
export {
  cohortScores,
  type PredictionRow,
  parseMetricsJson,
  parsePredictionsCsv,
  type RunData,
} from './run-data.js';
export { formatStudyTable } from './text-table.js';
