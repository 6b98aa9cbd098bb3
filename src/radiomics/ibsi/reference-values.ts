import { AppError } from '../../errors/index.js';

/** One row of the IBSI 1 digital phantom reference table (`reference_values.csv`). */
export interface IbsiReferenceRow {
  /** IBSI family: morphology, local_intensity, intensity_statistics, ..., ngldm. */
  readonly family: string;
  readonly featureName: string;
  readonly ibsiCode: string;
  /** `3D`, `2D`, `2.5D`, `2D averaged`, `2D slice-merged`, `2.5D direction-merged`, `2.5D merged`, `3D averaged`, `3D merged`. */
  readonly aggregation: string;
  readonly aggregationCode: string;
  readonly value: number;
  readonly tolerance: number;
  readonly consensus: string;
  readonly ibsiTag: string;
}

const COLUMNS = [
  'family',
  'feature_name',
  'ibsi_code',
  'aggregation',
  'aggregation_code',
  'value',
  'tolerance',
  'consensus',
  'ibsi_tag',
];

/** Parses the CSV text (no quoted fields: feature names hold no commas). */
export function parseIbsiReferenceCsv(text: string): IbsiReferenceRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines[0]?.split(',') ?? [];
  if (header.join(',') !== COLUMNS.join(',')) {
    throw new AppError(
      'reference_csv_invalid',
      `IBSI reference CSV: unexpected header "${header.join(',')}"`,
    );
  }
  return lines.slice(1).map((line, k) => {
    const cells = line.split(',');
    if (cells.length !== COLUMNS.length) {
      throw new AppError(
        'reference_csv_invalid',
        `IBSI reference CSV: row ${k + 2} has ${cells.length} cells`,
      );
    }
    const [
      family,
      featureName,
      ibsiCode,
      aggregation,
      aggregationCode,
      value,
      tolerance,
      consensus,
      ibsiTag,
    ] = cells as [string, string, string, string, string, string, string, string, string];
    return {
      family,
      featureName,
      ibsiCode,
      aggregation,
      aggregationCode,
      value: Number(value),
      tolerance: Number(tolerance),
      consensus,
      ibsiTag,
    };
  });
}

/** Rounds to 3 significant digits, as MIRP's IBSI test does before comparing. */
export function roundToSignificant(value: number, digits = 3): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}

/**
 * MIRP's rule: |round₃(computed) − reference| ≤ tolerance. A relative slack of 1e−9 absorbs binary
 * floating point in the subtraction (2.16 − 2.15 is 0.0100000000000002).
 */
export function withinTolerance(computed: number, row: IbsiReferenceRow): boolean {
  const difference = Math.abs(roundToSignificant(computed) - row.value);
  return difference <= row.tolerance + 1e-9 * Math.max(1, Math.abs(row.value));
}
