import { AppError } from '../errors/index.js';
import { parseCsvText } from '../model/csv.js';
import { SPLITS, type Split } from '../model/feature-table-csv.js';
import type { FunnelRecord } from '../model/selection/index.js';
import { METRICS_FORMAT, METRICS_VERSION, type StudyMetrics } from '../model/training/train-study.js';

/** One row of predictions.csv. */
export interface PredictionRow {
  readonly patientId: string;
  readonly centre: string;
  readonly split: Split;
  readonly label: 0 | 1;
  readonly model: string;
  readonly probability: number;
}

/** Everything the report reads from a run folder, already parsed. */
export interface RunData {
  readonly metrics: StudyMetrics;
  readonly predictions: readonly PredictionRow[];
  readonly funnel: Record<string, readonly FunnelRecord[]>;
  /** config.resolved.yaml as written by `her2 train`. */
  readonly configYaml: string;
}

/** Parses metrics.json text, checking its format tag and version. */
export function parseMetricsJson(text: string, what: string): StudyMetrics {
  let json: { format?: unknown; version?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw new AppError('run_file_invalid', `${what} is not valid JSON.`, { cause: error });
  }
  if (json.format !== METRICS_FORMAT || json.version !== METRICS_VERSION) {
    throw new AppError(
      'run_file_invalid',
      `${what} has format ${String(json.format)} version ${String(json.version)}; this report reads ${METRICS_FORMAT} version ${METRICS_VERSION}.`,
    );
  }
  return json as unknown as StudyMetrics;
}

/** Parses predictions.csv as written by `her2 train`. */
export function parsePredictionsCsv(text: string, what: string): PredictionRow[] {
  const csv = parseCsvText(text, what);
  const index = (name: string) => {
    const j = csv.header.indexOf(name);
    if (j < 0) {
      throw new AppError('run_file_invalid', `${what} has no column "${name}".`, {
        details: { column: name },
      });
    }
    return j;
  };
  const [id, centre, split, label, model, probability] = [
    'patient_id',
    'centre',
    'split',
    'label',
    'model',
    'probability',
  ].map(index) as [number, number, number, number, number, number];
  return csv.rows.map(({ line, cells }) => {
    const s = cells[split]!;
    const p = Number(cells[probability]);
    const l = cells[label];
    if (!(SPLITS as readonly string[]).includes(s) || (l !== '0' && l !== '1') || !Number.isFinite(p)) {
      throw new AppError(
        'run_file_invalid',
        `${what}: line ${line} has an invalid split, label or probability.`,
        {
          details: { line },
        },
      );
    }
    return {
      patientId: cells[id]!,
      centre: cells[centre]!,
      split: s as Split,
      label: l === '1' ? 1 : 0,
      model: cells[model]!,
      probability: p,
    };
  });
}

/** Labels and probabilities of one model on one cohort, in file order. */
export function cohortScores(
  predictions: readonly PredictionRow[],
  model: string,
  split: Split,
): { labels: Uint8Array; scores: Float64Array } {
  const rows = predictions.filter((r) => r.model === model && r.split === split);
  return {
    labels: Uint8Array.from(rows, (r) => r.label),
    scores: Float64Array.from(rows, (r) => r.probability),
  };
}
