import { AppError } from '../../errors/index.js';

/**
 * A numeric feature table: rows are patients, columns are features. Stored column-wise because
 * every selection step works one feature at a time.
 */
export interface FeatureTable {
  readonly featureNames: readonly string[];
  /** One array per feature, all of length `rowCount`, same order as `featureNames`. */
  readonly columns: readonly Float64Array[];
  readonly rowCount: number;
}

/** Binary outcome per row: 1 = positive class (e.g. HER-2 positive), 0 = negative. */
export type BinaryLabels = Uint8Array;

/** Builds a table from columns, checking names are unique and lengths agree. */
export function createFeatureTable(
  featureNames: readonly string[],
  columns: readonly Float64Array[],
): FeatureTable {
  if (featureNames.length !== columns.length) {
    throw new AppError(
      'feature_table_shape',
      `Feature table has ${featureNames.length} names but ${columns.length} columns.`,
      { details: { names: featureNames.length, columns: columns.length } },
    );
  }
  const seen = new Set<string>();
  for (const name of featureNames) {
    if (seen.has(name)) {
      throw new AppError('feature_name_duplicate', `Feature table has the name "${name}" twice.`, {
        details: { name },
      });
    }
    seen.add(name);
  }
  const rowCount = columns[0]?.length ?? 0;
  columns.forEach((column, j) => {
    if (column.length !== rowCount) {
      throw new AppError(
        'feature_table_shape',
        `Feature "${featureNames[j]}" has ${column.length} values but the table has ${rowCount} rows.`,
        { details: { feature: featureNames[j], values: column.length, rows: rowCount } },
      );
    }
  });
  return { featureNames: [...featureNames], columns: [...columns], rowCount };
}

/** Builds a table from row-major values (`rows[i][j]` = patient i, feature j). */
export function featureTableFromRows(
  featureNames: readonly string[],
  rows: readonly (readonly number[])[],
): FeatureTable {
  const columns = featureNames.map((_, j) => Float64Array.from(rows, (row) => row[j] ?? Number.NaN));
  return createFeatureTable(featureNames, columns);
}

/** The named features, in the order given; throws if one is missing. */
export function selectFeatures(table: FeatureTable, names: readonly string[]): FeatureTable {
  const indexByName = new Map(table.featureNames.map((name, j) => [name, j]));
  const columns = names.map((name) => {
    const j = indexByName.get(name);
    if (j === undefined) {
      throw new AppError('feature_missing', `Feature "${name}" is not in the table.`, {
        details: { feature: name },
      });
    }
    return table.columns[j]!;
  });
  return { featureNames: [...names], columns, rowCount: table.rowCount };
}

/** The given rows (e.g. a training fold), in the order given. */
export function selectRows(table: FeatureTable, rowIndices: readonly number[]): FeatureTable {
  const columns = table.columns.map((column) => Float64Array.from(rowIndices, (i) => column[i]!));
  return { featureNames: table.featureNames, columns, rowCount: rowIndices.length };
}

/** Labels as 0/1, checking length against the table and that both classes occur. */
export function checkLabels(table: FeatureTable, labels: ArrayLike<number>): BinaryLabels {
  if (labels.length !== table.rowCount) {
    throw new AppError(
      'labels_length',
      `Labels have ${labels.length} values but the feature table has ${table.rowCount} rows.`,
      { details: { labels: labels.length, rows: table.rowCount } },
    );
  }
  const out = new Uint8Array(labels.length);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const value = labels[i];
    if (value !== 0 && value !== 1) {
      throw new AppError('labels_not_binary', `Label at row ${i} is ${value}; labels must be 0 or 1.`, {
        details: { row: i },
      });
    }
    out[i] = value;
    positives += value;
  }
  if (positives === 0 || positives === labels.length) {
    throw new AppError('labels_one_class', 'Labels contain only one class; selection needs both.', {
      details: { positives, rows: labels.length },
    });
  }
  return out;
}

/** Rejects NaN/±Infinity: every step assumes complete numeric data (impute before selection). */
export function checkFinite(table: FeatureTable): void {
  table.columns.forEach((column, j) => {
    for (let i = 0; i < column.length; i++) {
      if (!Number.isFinite(column[i]!)) {
        throw new AppError(
          'feature_not_finite',
          `Feature "${table.featureNames[j]}" has a non-finite value at row ${i}; impute before selection.`,
          { details: { feature: table.featureNames[j], row: i } },
        );
      }
    }
  });
}

/** Splits a column by label: values of the positive rows, then of the negative rows. */
export function splitByLabel(column: Float64Array, labels: BinaryLabels): [Float64Array, Float64Array] {
  let positives = 0;
  for (const label of labels) positives += label;
  const positive = new Float64Array(positives);
  const negative = new Float64Array(labels.length - positives);
  let p = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positive[p++] = column[i]!;
    else negative[n++] = column[i]!;
  }
  return [positive, negative];
}
