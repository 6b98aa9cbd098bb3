import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lesionRegions, sequenceFeatures } from '../../analysis/region-features.js';
import { studyFeatureRow } from '../../analysis/study-features.js';
import type { SiteRules } from '../../dicom/recognition/site-rules.js';
import { AppError } from '../../errors/index.js';
import { readImage, toMask } from '../../io/index.js';
import { parseCsvText } from '../../model/csv.js';
import {
  ID_COLUMNS,
  type PatientRecord,
  SEQUENCES,
  SPLITS,
  type Split,
} from '../../model/feature-table-csv.js';
import type { ExtractionParams } from '../../radiomics/index.js';

/** Image and mask files of one patient per sequence (absolute paths). */
export interface ManifestEntry {
  readonly patient: PatientRecord;
  /** 1-based line in the manifest, for messages without patient identifiers. */
  readonly line: number;
  readonly files: Readonly<Record<(typeof SEQUENCES)[number], { image: string; mask: string }>> | null;
  /** A DICOM study folder instead of files: series and lesion masks found by the site rules. */
  readonly folder: string | null;
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
  // Either image/mask files per sequence, or one DICOM study folder per patient (`folder`).
  const byFolder = csv.header.includes('folder') && !csv.header.includes(MANIFEST_FILE_COLUMNS[0]!);
  const required = [...ID_COLUMNS, ...(byFolder ? ['folder'] : MANIFEST_FILE_COLUMNS)];
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
    const files = byFolder
      ? null
      : (Object.fromEntries(
          SEQUENCES.map((s) => [
            s,
            { image: resolvePath(cell(`${s}_image`)), mask: resolvePath(cell(`${s}_mask`)) },
          ]),
        ) as ManifestEntry['files']);
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
      folder: byFolder ? resolvePath(cell('folder')) : null,
    };
  });
}

/** Every file under `dir`, recursively (a DICOM study folder). */
function folderFiles(dir: string): { name: string; bytes: Uint8Array }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((file) => ({ name: relative(dir, file), bytes: new Uint8Array(readFileSync(file)) }));
}

/**
 * Features of one patient: for each sequence, the image with its tumour mask (intratumoral) and the
 * 3 mm peritumoral ring around it (peritumoral). A DICOM study folder goes through the analysis'
 * `studyFeatureRow` (series and the index lesion found by the site rules, as for prediction);
 * NIfTI/NRRD files through the same `sequenceFeatures`.
 */
export function extractPatientFeatures(
  entry: ManifestEntry,
  params: ExtractionParams,
  rules: SiteRules | null = null,
): Record<string, number> {
  if (!entry.files) return studyFeatureRow(folderFiles(entry.folder!), rules!, params);
  const row: Record<string, number> = {};
  for (const sequence of SEQUENCES) {
    const { image, mask } = entry.files[sequence];
    const tumour = toMask(readImage(mask), mask);
    Object.assign(row, sequenceFeatures(sequence, readImage(image), lesionRegions(tumour, params), params));
  }
  return row;
}
