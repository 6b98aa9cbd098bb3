import { AppError } from '../../errors/index.js';

/** A numeric table, row-major: value of row i, feature j at `values[i * columns + j]`. */
export interface FeatureTable {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/** Builds a {@link FeatureTable} from an array of equal-length rows. */
export function featureTableFromRows(rows: readonly (readonly number[])[]): FeatureTable {
  const columns = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (row.length !== columns) {
      throw new AppError(
        'invalid_feature_table',
        `Feature table row ${i} has ${row.length} values; row 0 has ${columns}.`,
        { details: { row: i, length: row.length, expected: columns } },
      );
    }
    values.set(row, i * columns);
  });
  return { values, rows: rows.length, columns };
}

/** Checks shape and finiteness; a forest cannot split on NaN or ±∞. */
export function assertFeatureTable(table: FeatureTable, expectedColumns?: number): void {
  if (table.rows < 1 || table.columns < 1 || table.values.length !== table.rows * table.columns) {
    throw new AppError(
      'invalid_feature_table',
      `Feature table must be rows × columns ≥ 1 with rows·columns values; found ${table.rows} × ${table.columns} with ${table.values.length} values.`,
      { details: { rows: table.rows, columns: table.columns, length: table.values.length } },
    );
  }
  if (expectedColumns !== undefined && table.columns !== expectedColumns) {
    throw new AppError(
      'feature_count_mismatch',
      `Feature table has ${table.columns} features; the forest was trained on ${expectedColumns}.`,
      { details: { columns: table.columns, expected: expectedColumns } },
    );
  }
  for (let i = 0; i < table.values.length; i++) {
    if (!Number.isFinite(table.values[i]!)) {
      const row = Math.floor(i / table.columns);
      const column = i % table.columns;
      throw new AppError(
        'non_finite_feature',
        `Feature table value at row ${row}, feature ${column} is ${table.values[i]}; impute or drop it before training or prediction.`,
        { details: { row, column } },
      );
    }
  }
}

/**
 * Checks labels are class indices 0..K−1 (one per row) and returns K: `classCount` if given,
 * else the largest label + 1. At least two classes are required.
 */
export function resolveClassCount(labels: ArrayLike<number>, rows: number, classCount?: number): number {
  if (labels.length !== rows) {
    throw new AppError('label_count_mismatch', `Got ${labels.length} labels for ${rows} feature rows.`, {
      details: { labels: labels.length, rows },
    });
  }
  let maxLabel = -1;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0) {
      throw new AppError(
        'invalid_label',
        `Label of row ${i} is ${label}; labels must be class indices 0, 1, …`,
        {
          details: { row: i },
        },
      );
    }
    if (label > maxLabel) maxLabel = label;
  }
  const count = classCount ?? maxLabel + 1;
  if (count < 2 || maxLabel >= count) {
    throw new AppError(
      'invalid_label',
      `Labels must be class indices below the class count (≥ 2); found largest label ${maxLabel} with class count ${count}.`,
      { details: { maxLabel, classCount: count } },
    );
  }
  return count;
}

/** The same table column-major (feature j's values contiguous at `j * rows`), for fast per-feature scans. */
export function toColumnMajor(table: FeatureTable): Float64Array {
  const { values, rows, columns } = table;
  const out = new Float64Array(values.length);
  for (let i = 0; i < rows; i++) {
    const rowOffset = i * columns;
    for (let j = 0; j < columns; j++) out[j * rows + i] = values[rowOffset + j]!;
  }
  return out;
}
