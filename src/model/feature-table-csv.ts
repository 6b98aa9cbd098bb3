import { AppError } from '../errors/index.js';
import { formatCsv, parseCsvText } from './csv.js';
import { createFeatureTable, type FeatureTable } from './selection/index.js';

/** MR sequences the study extracts from. */
export const SEQUENCES = ['t2', 'dwi', 'dce'] as const;
export type Sequence = (typeof SEQUENCES)[number];

/** Regions: the tumour mask and the 3 mm peritumoral ring. */
export const REGIONS = ['intra', 'peri'] as const;
export type Region = (typeof REGIONS)[number];

/** The cohort a patient belongs to: training, internal validation (centre 1) or external test. */
export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** The identifying columns every features table starts with, in this order. */
export const ID_COLUMNS = ['patient_id', 'study_instance_uid', 'centre', 'split', 'label'] as const;

/** One patient's identifying columns. `label` is 1 for HER-2 positive, 0 for HER-2 negative. */
export interface PatientRecord {
  readonly patientId: string;
  readonly studyInstanceUid: string;
  readonly centre: string;
  readonly split: Split;
  readonly label: 0 | 1;
}

/** A features table: one patient per row, feature columns column-wise (NaN = not extracted). */
export interface FeatureDataset {
  readonly patients: readonly PatientRecord[];
  readonly features: FeatureTable;
}

/** A feature column name split into its parts: `t2_peri_original_firstorder_Mean`. */
export interface FeatureColumnName {
  readonly sequence: Sequence;
  readonly region: Region;
  /** The PyRadiomics feature key, e.g. `original_firstorder_Mean`. */
  readonly key: string;
}

const FEATURE_COLUMN = /^(t2|dwi|dce)_(intra|peri)_([A-Za-z0-9-]+_[A-Za-z0-9]+_[A-Za-z0-9]+)$/;

/** Parses `<sequence>_<region>_<pyradiomics key>`; undefined when the name does not have that form. */
export function parseFeatureColumnName(name: string): FeatureColumnName | undefined {
  const match = FEATURE_COLUMN.exec(name);
  if (!match) return undefined;
  return { sequence: match[1] as Sequence, region: match[2] as Region, key: match[3]! };
}

/** The column name for a sequence, region and PyRadiomics key. */
export function featureColumnName(sequence: Sequence, region: Region, key: string): string {
  const name = `${sequence}_${region}_${key}`;
  if (!FEATURE_COLUMN.test(name)) {
    throw new AppError(
      'feature_column_name',
      `"${key}" is not a PyRadiomics feature key (imageType_family_Feature).`,
      {
        details: { key },
      },
    );
  }
  return name;
}

/**
 * Reads a features table (see {@link ID_COLUMNS}; then one column per feature). Cells "" and "NaN" are
 * missing values (a failed extraction) and read as NaN; anything else must be a number. Errors name the
 * file (`what`), the line and the column: missing identifying columns, malformed feature column names,
 * non-numeric values, labels other than 0/1, unknown splits and duplicate patients.
 */
export function readFeatureCsv(text: string, what: string): FeatureDataset {
  const csv = parseCsvText(text, what);
  ID_COLUMNS.forEach((name, j) => {
    if (csv.header[j] !== name) {
      throw new AppError(
        'features_column_missing',
        `${what}: column ${j + 1} must be "${name}" (found "${csv.header[j] ?? ''}"); a features table starts with ${ID_COLUMNS.join(', ')}.`,
        { details: { column: name, position: j + 1 } },
      );
    }
  });
  const featureNames = csv.header.slice(ID_COLUMNS.length);
  if (featureNames.length === 0) {
    throw new AppError('features_column_missing', `${what}: the table has no feature columns.`);
  }
  const seenNames = new Set<string>();
  for (const name of featureNames) {
    if (!parseFeatureColumnName(name)) {
      throw new AppError(
        'feature_column_name',
        `${what}: column "${name}" is not <sequence>_<region>_<pyradiomics key> with sequence t2|dwi|dce and region intra|peri.`,
        { details: { column: name } },
      );
    }
    if (seenNames.has(name)) {
      throw new AppError('feature_name_duplicate', `${what}: column "${name}" appears twice.`, {
        details: { column: name },
      });
    }
    seenNames.add(name);
  }
  const columns = featureNames.map(() => new Float64Array(csv.rows.length));
  const patients: PatientRecord[] = [];
  const lineOfPatient = new Map<string, number>();
  csv.rows.forEach(({ line, cells }, i) => {
    const patientId = cells[0]!.trim();
    if (patientId === '') {
      throw new AppError('features_value_invalid', `${what}: line ${line} has an empty patient_id.`, {
        details: { line },
      });
    }
    const earlier = lineOfPatient.get(patientId);
    if (earlier !== undefined) {
      throw new AppError(
        'features_patient_duplicate',
        `${what}: line ${line} repeats the patient of line ${earlier}; each patient must appear once.`,
        { details: { line, firstLine: earlier } },
      );
    }
    lineOfPatient.set(patientId, line);
    const split = cells[3]!.trim();
    if (!(SPLITS as readonly string[]).includes(split)) {
      throw new AppError(
        'features_value_invalid',
        `${what}: line ${line} has split "${split}"; expected one of ${SPLITS.join(', ')}.`,
        { details: { line, column: 'split' } },
      );
    }
    const label = cells[4]!.trim();
    if (label !== '0' && label !== '1') {
      throw new AppError(
        'features_value_invalid',
        `${what}: line ${line} has label "${label}"; expected 1 (HER-2 positive) or 0 (HER-2 negative).`,
        { details: { line, column: 'label' } },
      );
    }
    patients.push({
      patientId,
      studyInstanceUid: cells[1]!.trim(),
      centre: cells[2]!.trim(),
      split: split as Split,
      label: label === '1' ? 1 : 0,
    });
    featureNames.forEach((name, j) => {
      const cell = cells[ID_COLUMNS.length + j]!.trim();
      const value = cell === '' || cell === 'NaN' ? Number.NaN : Number(cell);
      if (Number.isNaN(value) && cell !== '' && cell !== 'NaN') {
        throw new AppError(
          'features_value_invalid',
          `${what}: line ${line}, column "${name}" is "${cell}", which is not a number.`,
          { details: { line, column: name } },
        );
      }
      columns[j]![i] = value;
    });
  });
  return { patients, features: createFeatureTable(featureNames, columns) };
}

/** Writes a features table in the format {@link readFeatureCsv} reads. */
export function writeFeatureCsv(dataset: FeatureDataset): string {
  const { patients, features } = dataset;
  if (patients.length !== features.rowCount) {
    throw new AppError(
      'feature_table_shape',
      `Features table has ${patients.length} patients but ${features.rowCount} feature rows.`,
      { details: { patients: patients.length, rows: features.rowCount } },
    );
  }
  const rows = patients.map((p, i) => [
    p.patientId,
    p.studyInstanceUid,
    p.centre,
    p.split,
    p.label,
    ...features.columns.map((column) => column[i]!),
  ]);
  return formatCsv([...ID_COLUMNS, ...features.featureNames], rows);
}
