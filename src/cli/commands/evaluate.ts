import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors/index.js';
import { type CsvText, parseCsvText } from '../../model/csv.js';
import { type BinaryEvaluation, evaluateBinaryScores } from '../../stats/index.js';
import { type Command, type CommandIo, type ParsedArgs, requireString } from '../command.js';

/** A parsed CSV: header names and rows of raw cell text, with the file line of each row. */
function columnIndex(table: CsvText, name: string, what: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new AppError(
      'column_missing',
      `${what} has no column '${name}' (columns: ${table.header.join(', ')})`,
      {
        details: { column: name },
      },
    );
  }
  return index;
}

function readLabels(table: CsvText, name: string, what: string): number[] {
  const index = columnIndex(table, name, what);
  return table.rows.map(({ line, cells }) => {
    const text = cells[index]!.trim();
    // Numeric text equal to 0 or 1 ("1.0" from pandas included); Number('') is 0, so reject empty first.
    const value = text === '' ? Number.NaN : Number(text);
    if (value !== 0 && value !== 1) {
      throw new AppError(
        'label_not_binary',
        `${what}: column '${name}' on line ${line} is '${text}'; labels must be 0 (negative) or 1 (positive)`,
        { details: { column: name, line } },
      );
    }
    return value;
  });
}

function readScores(table: CsvText, name: string, what: string): number[] {
  const index = columnIndex(table, name, what);
  return table.rows.map(({ line, cells }) => {
    const text = cells[index]!.trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) {
      throw new AppError(
        'score_not_finite',
        `${what}: column '${name}' on line ${line} is '${text}'; scores must be finite numbers`,
        { details: { column: name, line } },
      );
    }
    return value;
  });
}

function parseThreshold(args: ParsedArgs): number | undefined {
  const text = args.values.threshold;
  if (typeof text !== 'string') return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new AppError('usage', `--threshold must be a finite number; got '${text}'`);
  }
  return value;
}

const fmt = (v: number, digits = 3) =>
  Number.isNaN(v) ? 'n/a' : Number.isFinite(v) ? v.toFixed(digits) : String(v);
const fmtP = (p: number) => (Number.isNaN(p) ? 'p n/a' : p < 0.0001 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`);
const fmtCi = (ci: readonly [number, number]) => `${fmt(ci[0])}–${fmt(ci[1])}`;

function textReport(
  e: BinaryEvaluation,
  labelColumn: string,
  scoreColumn: string,
  compareColumn?: string,
): string {
  const row = (name: string, value: string) => `  ${name.padEnd(34)}${value}`;
  const lines = [
    `Evaluation of '${scoreColumn}' against '${labelColumn}': ${e.n} subjects (${e.cases} positive, ${e.controls} negative)`,
    '',
    row('AUC (95% CI, DeLong)', `${fmt(e.auc)} (${fmtCi(e.auc_ci)})`),
  ];
  if (e.delong !== undefined) {
    lines.push(
      row(`AUC of '${compareColumn}'`, fmt(e.auc_compare!)),
      row('Paired DeLong test', `z = ${fmt(e.delong.z)}, ${fmtP(e.delong.p)}`),
    );
  }
  lines.push(
    row('Youden threshold', fmt(e.youden.threshold, 4)),
    row('  sensitivity / specificity', `${fmt(e.youden.sensitivity)} / ${fmt(e.youden.specificity)}`),
  );
  if (e.at_threshold !== undefined) {
    lines.push(row(`At threshold ${e.at_threshold.threshold} (95% Wilson CI)`, ''));
    const names = {
      sensitivity: 'sensitivity',
      specificity: 'specificity',
      accuracy: 'accuracy',
      ppv: 'PPV',
      npv: 'NPV',
    };
    for (const [key, name] of Object.entries(names) as [keyof typeof names, string][]) {
      const p = e.at_threshold[key];
      lines.push(row(`  ${name}`, `${fmt(p.estimate)} (${fmtCi(p.ci)}), n = ${p.n}`));
    }
  }
  if (e.brier === null || e.hosmer_lemeshow === null || e.calibration === null || e.dca === null) {
    lines.push('', `  Scores are not all within [0, 1]: calibration and decision curve skipped.`);
    return lines.join('\n');
  }
  const hl = e.hosmer_lemeshow;
  lines.push(
    row('Brier score', fmt(e.brier, 4)),
    row('Hosmer–Lemeshow', `${fmt(hl.statistic)} on ${hl.df} df, ${fmtP(hl.p)}`),
    row('Calibration-in-the-large', fmt(e.calibration.citl)),
    row(
      'Calibration slope',
      Number.isNaN(e.calibration.slope) ? 'n/a (scores separate the classes)' : fmt(e.calibration.slope),
    ),
    '',
    '  Decision curve (net benefit)',
    `  ${'pt'.padEnd(8)}${'model'.padStart(10)}${'treat all'.padStart(12)}${'treat none'.padStart(12)}`,
    ...e.dca.map(
      (d) =>
        `  ${d.threshold.toFixed(2).padEnd(8)}${fmt(d.model, 4).padStart(10)}${fmt(d.treat_all, 4).padStart(12)}${fmt(d.treat_none, 4).padStart(12)}`,
    ),
  );
  return lines.join('\n');
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'discrimination, calibration and decision curve of predictions against labels',
  usage: '--input PREDICTIONS.csv --label COLUMN --score COLUMN [--compare COLUMN] [--threshold T] [--json]',
  options: {
    input: { type: 'string', description: 'CSV file with one row per subject', valueName: 'FILE' },
    label: { type: 'string', description: 'column with the true status (0 or 1)', valueName: 'COLUMN' },
    score: { type: 'string', description: 'column with the model score or probability', valueName: 'COLUMN' },
    compare: {
      type: 'string',
      description: 'second score column: paired DeLong test of the two AUCs',
      valueName: 'COLUMN',
    },
    threshold: {
      type: 'string',
      description: 'fixed threshold (e.g. from training): metrics with Wilson CIs',
      valueName: 'T',
    },
    json: { type: 'boolean', description: 'print JSON instead of a table' },
  },
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const input = requireString(args, 'input', 'evaluate');
    const labelColumn = requireString(args, 'label', 'evaluate');
    const scoreColumn = requireString(args, 'score', 'evaluate');
    const compareColumn = typeof args.values.compare === 'string' ? args.values.compare : undefined;
    const threshold = parseThreshold(args);
    const what = path.basename(input);
    let text: string;
    try {
      text = await readFile(path.resolve(io.cwd, input), 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new AppError('input_unreadable', `cannot read ${input}: ${reason}`, { cause: error });
    }
    const table = parseCsvText(text, what);
    const labels = readLabels(table, labelColumn, what);
    const scores = readScores(table, scoreColumn, what);
    const compare = compareColumn === undefined ? undefined : readScores(table, compareColumn, what);
    const evaluation = evaluateBinaryScores(labels, scores, {
      compare,
      threshold,
      what: `${what} column '${scoreColumn}'`,
    });
    io.stdout(
      args.values.json === true
        ? `${JSON.stringify(evaluation, null, 2)}\n`
        : `${textReport(evaluation, labelColumn, scoreColumn, compareColumn)}\n`,
    );
    return 0;
  },
};
