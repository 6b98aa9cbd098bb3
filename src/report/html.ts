import { SPLITS, type Split } from '../model/feature-table-csv.js';
import { COHORT_LABELS } from '../model/training/evaluate-study.js';
import type { ModelMetrics, StudyMetrics } from '../model/training/train-study.js';
import type { Figure } from './figures.js';
import { escapeHtml, formatNumber, formatP, formatPercent, formatWithCi } from './format.js';
import type { RunData } from './run-data.js';

const STYLE = `
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em auto;max-width:1200px;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:2em}h3{font-size:1.05em}
table{border-collapse:collapse;margin:.8em 0;font-size:.85em}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f0f0f0}td.num{text-align:right;white-space:nowrap}.warning{background:#fff3cd;border:1px solid #e0c060;padding:.6em 1em}
.figures{display:flex;flex-wrap:wrap;gap:1em}.figure{margin:0}.figure figcaption{font-size:.85em;color:#555}
pre{background:#f7f7f7;border:1px solid #ddd;padding:.8em;font-size:.8em;overflow-x:auto}.note{font-size:.9em;color:#444}
`;

const SPLIT_TITLE: Record<Split, string> = COHORT_LABELS;
const SPLIT_NAME: Record<Split, string> = {
  train: 'Training',
  validation: 'Internal validation',
  test: 'External test',
};

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: (j: number) => boolean,
) {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, j) => `<td${numeric(j) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

function figureBlock(figures: readonly Figure[]): string {
  return `<div class="figures">${figures
    .map(
      (f) =>
        `<figure class="figure" id="fig-${escapeHtml(f.name)}">${f.svg}<figcaption>${escapeHtml(f.caption)} (files: ${escapeHtml(f.name)}.svg, ${escapeHtml(f.name)}.png)</figcaption></figure>`,
    )
    .join('\n')}</div>`;
}

function cohortSection(metrics: StudyMetrics): string {
  const rows = metrics.cohorts.map((c) => [
    c.centre,
    SPLIT_NAME[c.split],
    String(c.n),
    String(c.positives),
    formatPercent(c.prevalence),
  ]);
  const total = metrics.cohorts.reduce((s, c) => s + c.n, 0);
  const positives = metrics.cohorts.reduce((s, c) => s + c.positives, 0);
  rows.push([
    'all',
    'all',
    String(total),
    String(positives),
    formatPercent(total > 0 ? positives / total : 0),
  ]);
  return `<h2 id="cohorts">Cohorts</h2>\n${table(['Centre', 'Cohort', 'n', 'HER-2 positive', 'Prevalence'], rows, (j) => j >= 2)}`;
}

function funnelSection(data: RunData, figures: readonly Figure[]): string {
  const steps = [...new Set(Object.values(data.funnel).flatMap((records) => records.map((r) => r.step)))];
  const rows = data.metrics.models.map((m) => {
    const records = data.funnel[m.name] ?? [];
    return [
      m.title,
      String(m.candidateFeatureCount),
      ...steps.map((step) => {
        const r = records.find((x) => x.step === step);
        return r ? String(r.kept) : '—';
      }),
    ];
  });
  return `<h2 id="funnel">Feature selection funnel</h2>
<p class="note">Every step is fitted on the training rows only; later cohorts are transformed with the training parameters. Counts are features kept after each step ("—": step not run).</p>
${table(['Model', 'Candidates', ...steps], rows, (j) => j >= 1)}
${figureBlock(figures)}`;
}

function featuresSection(metrics: StudyMetrics, figures: readonly Figure[]): string {
  const parts = metrics.models.map((m) => {
    if (m.constant) {
      return `<h3>${escapeHtml(m.title)}</h3><p>No feature survived selection: the model predicts the training prevalence for every patient.</p>`;
    }
    const byPermutation = [...m.importances].sort((a, b) => b.permutationMean - a.permutationMean);
    const rows = byPermutation.map((imp) => [
      imp.feature,
      formatNumber(imp.impurity),
      `${formatNumber(imp.permutationMean)} ± ${formatNumber(imp.permutationSd)}`,
    ]);
    return `<h3>${escapeHtml(m.title)} (${m.selectedFeatures.length} features; threshold ${formatNumber(m.threshold)}; model id <code>${escapeHtml(m.modelId.slice(0, 16))}…</code>)</h3>
${table(['Feature', 'Impurity importance', 'OOB permutation ΔAUC (mean ± SD)'], rows, (j) => j >= 1)}`;
  });
  return `<h2 id="features">Selected features and importances</h2>
<p class="note">Impurity importance: mean decrease in Gini, normalised to 1. Permutation importance: drop of the out-of-bag AUC when the feature is shuffled across training rows.</p>
${parts.join('\n')}
${figureBlock(figures)}`;
}

const atThreshold = (m: ModelMetrics, split: Split, key: 'sensitivity' | 'specificity' | 'accuracy') => {
  const p = m.cohorts.find((c) => c.split === split)?.evaluation?.at_threshold?.[key];
  return p ? formatWithCi(p.estimate, p.ci) : 'n/a';
};

function performanceSection(metrics: StudyMetrics): string {
  const header = [
    'Model',
    'Cohort',
    'n',
    'AUC (95 % CI)',
    'Sensitivity (95 % CI)',
    'Specificity (95 % CI)',
    'Accuracy (95 % CI)',
  ];
  const rows: string[][] = [];
  for (const m of metrics.models) {
    for (const c of m.cohorts) {
      const e = c.evaluation;
      rows.push([
        m.title,
        c.label,
        e ? String(e.n) : '0',
        e ? formatWithCi(e.auc, e.auc_ci) : `n/a (${c.skipped ?? 'not evaluated'})`,
        atThreshold(m, c.split, 'sensitivity'),
        atThreshold(m, c.split, 'specificity'),
        atThreshold(m, c.split, 'accuracy'),
      ]);
    }
  }
  return `<h2 id="performance">Performance of the models</h2>
<p class="note">AUC with DeLong 95 % CI (as pROC). Sensitivity, specificity and accuracy at the threshold fixed on the training out-of-bag probabilities (Youden), with Wilson 95 % CIs. Training figures are out-of-bag estimates after feature selection on the same rows, so they are optimistic.</p>
${table(header, rows, (j) => j >= 2)}`;
}

function calibrationTable(metrics: StudyMetrics): string {
  const rows: string[][] = [];
  for (const m of metrics.models) {
    for (const c of m.cohorts) {
      const e = c.evaluation;
      rows.push([
        m.title,
        c.label,
        formatNumber(e?.brier ?? null),
        e?.calibration ? formatNumber(e.calibration.citl) : 'n/a',
        e?.calibration ? formatNumber(e.calibration.slope) : 'n/a',
        e?.hosmer_lemeshow ? formatP(e.hosmer_lemeshow.p) : 'n/a',
      ]);
    }
  }
  return table(
    ['Model', 'Cohort', 'Brier', 'Calibration-in-the-large', 'Calibration slope', 'Hosmer–Lemeshow p'],
    rows,
    (j) => j >= 2,
  );
}

function comparisonSection(metrics: StudyMetrics): string {
  const parts = SPLITS.map((split) => {
    const list = metrics.comparisons[split] ?? [];
    if (list.length === 0) return `<h3>${escapeHtml(SPLIT_TITLE[split])}</h3><p>Not evaluable.</p>`;
    const rows = list.map((c) => [
      c.first,
      c.second,
      formatNumber(c.aucFirst),
      formatNumber(c.aucSecond),
      formatNumber(c.z, 2),
      formatP(c.p),
      formatP(c.pHolm),
    ]);
    return `<h3>${escapeHtml(SPLIT_TITLE[split])}</h3>\n${table(['Model A', 'Model B', 'AUC A', 'AUC B', 'z', 'p', 'p (Holm)'], rows, (j) => j >= 2)}`;
  });
  return `<h2 id="comparisons">Paired DeLong comparisons between the models</h2>
<p class="note"><strong>Multiplicity:</strong> ${escapeHtml(metrics.multiplicityNote)}</p>
${parts.join('\n')}`;
}

/** Reporting items that the software can fill from the run itself (the rest need the authors). */
function checklistSection(data: RunData): string {
  const m = data.metrics;
  const sizes = m.cohorts
    .map((c) => `centre ${c.centre} ${c.split}: ${c.n} (${c.positives} positive)`)
    .join('; ');
  const trainEvents = m.cohorts
    .filter((c) => c.split === 'train')
    .reduce((s, c) => s + Math.min(c.positives, c.n - c.positives), 0);
  const maxCandidates = Math.max(...m.models.map((x) => x.candidateFeatureCount));
  const items: [string, string][] = [
    ['TRIPOD+AI — Participants / CLEAR — cohort description', `${sizes}.`],
    [
      'TRIPOD+AI — Outcome',
      'HER-2 status as given in the features table label (1 = positive, 0 = negative).',
    ],
    [
      'TRIPOD+AI — Predictors / CLEAR — feature extraction',
      'Radiomics features named <sequence>_<region>_<PyRadiomics key>; extraction settings recorded and hashed in every model file (see Configuration, "extraction").',
    ],
    [
      'TRIPOD+AI — Sample size',
      `${trainEvents} events (minority class) in training for up to ${maxCandidates} candidate features per model.`,
    ],
    [
      'TRIPOD+AI — Missing data',
      'No imputation: features missing in any training row are dropped before selection (listed in funnel.json, step "complete in training"); a validation or test patient missing a selected feature stops training with an error naming the row.',
    ],
    [
      'TRIPOD+AI — Analysis methods / CLEAR — feature selection, model',
      'Selection on training rows only (z-score, univariate test, correlation filter, optional mRMR, LASSO with cross-validated λ), then a random forest; all settings under Configuration.',
    ],
    [
      'TRIPOD+AI — Internal validation / CLEAR — data partitioning',
      'Training performance by out-of-bag probabilities after feature selection; internal validation and external test cohorts never touch selection, fitting or threshold.',
    ],
    [
      'TRIPOD+AI — Performance measures / CLEAR — uncertainty',
      'AUC with DeLong 95 % CI; sensitivity, specificity, accuracy with Wilson 95 % CI at the training threshold; Brier, calibration-in-the-large and slope, Hosmer–Lemeshow; decision curves.',
    ],
    [
      'CLEAR — statistical comparison of models',
      'Paired DeLong tests between every pair of models per cohort, with Holm adjustment.',
    ],
    [
      'TRIPOD+AI — Model specification / CLEAR — model availability',
      `Model files (models/*.json) identified by SHA-256: ${m.models.map((x) => `${x.name} ${x.modelId.slice(0, 12)}…`).join(', ')}.`,
    ],
    [
      'CLEAR — reproducibility',
      `Software version ${m.softwareVersion}; seed ${m.seed}; the run is deterministic given the features table and config.resolved.yaml.`,
    ],
  ];
  return `<h2 id="checklist">TRIPOD+AI and CLEAR items filled by the software</h2>
<p class="note">Only items the run itself documents; items on study design, ethics, blinding, image acquisition and clinical context must be completed by the authors. Check item numbers against the current checklists.</p>
${table(['Item', 'Filled from this run'], items, () => false)}`;
}

/** The whole report as one self-contained HTML page (figures inline as SVG, CSS inline). */
export function reportHtml(
  data: RunData,
  figures: { funnel: Figure[]; importance: Figure[]; roc: Figure[]; calibration: Figure[]; dca: Figure[] },
): string {
  const m = data.metrics;
  const warning = m.synthetic
    ? '<p class="warning"><strong>Synthetic data.</strong> These models were trained on synthetic or demonstration data and must not be used for patients.</p>'
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>HER-2 radiomics: model report</title><style>${STYLE}</style></head>
<body>
<h1>HER-2 radiomics: model development and validation report</h1>
${warning}
<p>Software ${escapeHtml(m.softwareVersion)}, seed ${m.seed}, ${m.models.length} models. Research use only.</p>
<nav><a href="#cohorts">Cohorts</a> · <a href="#funnel">Selection</a> · <a href="#features">Features</a> · <a href="#performance">Performance</a> · <a href="#roc">ROC</a> · <a href="#calibration">Calibration</a> · <a href="#dca">Decision curves</a> · <a href="#comparisons">Comparisons</a> · <a href="#configuration">Configuration</a> · <a href="#checklist">Checklists</a></nav>
${cohortSection(m)}
${funnelSection(data, figures.funnel)}
${featuresSection(m, figures.importance)}
${performanceSection(m)}
<h2 id="roc">ROC curves</h2>
${figureBlock(figures.roc)}
<h2 id="calibration">Calibration</h2>
${calibrationTable(m)}
${figureBlock(figures.calibration)}
<h2 id="dca">Decision curves</h2>
${figureBlock(figures.dca)}
${comparisonSection(m)}
<h2 id="configuration">Configuration (every default filled in)</h2>
<pre>${escapeHtml(data.configYaml)}</pre>
${checklistSection(data)}
</body>
</html>
`;
}
