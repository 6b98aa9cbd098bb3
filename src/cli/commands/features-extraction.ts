import { AppError, describeError } from '../../errors/index.js';
import { readImage, toMask } from '../../io/index.js';
import { parseCsvText } from '../../model/csv.js';
import {
  ID_COLUMNS,
  type PatientRecord,
  REGIONS,
  SEQUENCES,
  SPLITS,
  type Split,
} from '../../model/feature-table-csv.js';
import { type ExtractionParams, extract, featureFamilies } from '../../radiomics/index.js';
import { peritumoralRing } from '../../volume/index.js';

/** Image and mask files of one patient per sequence (absolute paths). */
export interface ManifestEntry {
  readonly patient: PatientRecord;
  /** 1-based line in the manifest, for messages without patient identifiers. */
  readonly line: number;
  readonly files: Readonly<Record<(typeof SEQUENCES)[number], { image: string; mask: string }>>;
}

/** Manifest columns after the identifying ones: an image and a mask per sequence. */
export const MANIFEST_FILE_COLUMNS = SEQUENCES.flatMap((s) => [`${s}_image`, `${s}_mask`]);

/**
 * Reads a cohort manifest: the features table's identifying columns, then `<sequence>_image` and
 * `<sequence>_mask` for t2, dwi and dce (NIfTI or NRRD; paths relative to the manifest's folder).
 */
export function readManifest(
  text: string,
  what: string,
  resolvePath: (file: string) => string,
): ManifestEntry[] {
  const csv = parseCsvText(text, what);
  const required = [...ID_COLUMNS, ...MANIFEST_FILE_COLUMNS];
  const index = new Map(csv.header.map((name, j) => [name, j]));
  for (const name of required) {
    if (!index.has(name)) {
      throw new AppError(
        'manifest_column_missing',
        `${what} has no column "${name}" (needs ${required.join(', ')}).`,
        {
          details: { column: name },
        },
      );
    }
  }
  const seen = new Set<string>();
  return csv.rows.map(({ line, cells }) => {
    const cell = (name: string) => cells[index.get(name)!]!.trim();
    const split = cell('split');
    const label = cell('label');
    if (!(SPLITS as readonly string[]).includes(split) || (label !== '0' && label !== '1')) {
      throw new AppError(
        'manifest_value_invalid',
        `${what}: line ${line} needs split train|validation|test and label 0|1.`,
        {
          details: { line },
        },
      );
    }
    if (seen.has(cell('patient_id'))) {
      throw new AppError('manifest_patient_duplicate', `${what}: line ${line} repeats an earlier patient.`, {
        details: { line },
      });
    }
    seen.add(cell('patient_id'));
    const files = Object.fromEntries(
      SEQUENCES.map((s) => [
        s,
        { image: resolvePath(cell(`${s}_image`)), mask: resolvePath(cell(`${s}_mask`)) },
      ]),
    ) as ManifestEntry['files'];
    return {
      line,
      patient: {
        patientId: cell('patient_id'),
        studyInstanceUid: cell('study_instance_uid'),
        centre: cell('centre'),
        split: split as Split,
        label: label === '1' ? 1 : 0,
      },
      files,
    };
  });
}

/** Width of the peritumoral ring, as in the study. */
export const RING_WIDTH_MM = 3;

/**
 * Features of one patient: for each sequence, the image with its tumour mask (intratumoral) and the
 * 3 mm peritumoral ring around it (peritumoral), each extracted with `params`; numeric feature keys
 * only (diagnostics left out), named `<sequence>_<region>_<key>`. NaN where a feature is undefined.
 */
export function extractPatientFeatures(
  entry: ManifestEntry,
  params: ExtractionParams,
): Record<string, number> {
  const row: Record<string, number> = {};
  // The ring mask marks its voxels with 1 whatever the tumour's label was.
  const ringParams: ExtractionParams = { ...params, setting: { ...params.setting, label: 1 } };
  for (const sequence of SEQUENCES) {
    const { image: imageFile, mask: maskFile } = entry.files[sequence];
    const image = readImage(imageFile);
    const tumour = toMask(readImage(maskFile), maskFile);
    const masks = {
      intra: tumour,
      peri: peritumoralRing(tumour, { distanceMm: RING_WIDTH_MM, label: params.setting.label }),
    };
    for (const region of REGIONS) {
      let result: ReturnType<typeof extract>;
      try {
        result = extract(image, masks[region], region === 'peri' ? ringParams : params, featureFamilies);
      } catch (error) {
        throw new AppError('patient_extraction_failed', `${sequence} ${region}: ${describeError(error)}`, {
          cause: error,
        });
      }
      for (const [key, value] of Object.entries(result)) {
        if (key.startsWith('diagnostics_')) continue;
        if (typeof value === 'number') row[`${sequence}_${region}_${key}`] = value;
      }
    }
  }
  return row;
}
