import { AppError } from '../errors/index.js';

/** A parsed CSV: trimmed header names and rows of raw cell text, each with its 1-based file line. */
export interface CsvText {
  readonly header: readonly string[];
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
}

/**
 * RFC 4180 reader: comma separator, double-quoted cells with "" escapes, LF or CRLF line ends, a
 * leading byte-order mark ignored, blank lines skipped. Every row must have as many cells as the
 * header. `what` names the input in error messages (e.g. the file name). Written here rather than
 * taken from a package because the model layer needs only this much and must stay dependency-free.
 */
export function parseCsvText(text: string, what: string): CsvText {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (quoted) {
    throw new AppError(
      'csv_invalid',
      `${what}: a quoted cell opened on line ${recordLine} is never closed.`,
      {
        details: { line: recordLine },
      },
    );
  }
  if (cell !== '' || cells.length > 0) endRecord();
  const [first, ...rows] = records;
  if (first === undefined) throw new AppError('csv_invalid', `${what}: the file is empty.`);
  const header = first.cells.map((h) => h.trim());
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new AppError(
        'csv_invalid',
        `${what}: line ${row.line} has ${row.cells.length} cells but the header has ${header.length}.`,
        { details: { line: row.line, cells: row.cells.length, header: header.length } },
      );
    }
  }
  return { header, rows };
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? formatCsvNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Shortest text that reads back to the same double (JavaScript's own); NaN as "NaN". */
export function formatCsvNumber(value: number): string {
  return Number.isNaN(value) ? 'NaN' : String(value);
}

/** CSV text with LF line ends and a final newline. */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\n')}\n`;
}
