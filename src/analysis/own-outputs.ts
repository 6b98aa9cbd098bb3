import type { DicomDataset } from '../dicom/dataset.js';
import { optionalString } from '../dicom/dataset.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../dicom/input-limits.js';
import { readPart10 } from '../dicom/part10.js';
import { COMPREHENSIVE_3D_SR_STORAGE } from '../dicom/sr/index.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import { SOP_CLASS } from '../dicom/uids.js';
import { AppError, describeError } from '../errors/index.js';
import { isOwnOutput } from '../pipeline/output-marker.js';
import type { SupersededReport } from './analyze-study-files.js';

/**
 * Splits a study's files into the analysis' inputs and our own earlier outputs (SEG, SR, PDF
 * written by this product: Manufacturer `her2-radiomics` or the series description prefix).
 * Our outputs are never inputs: our SEG's lesion and ring segments would otherwise be read as
 * new masks. Our earlier SRs are kept as candidates for the one a new report supersedes.
 */

/** An earlier SR of ours, with what is needed to pick the newest. */
export interface OwnReport extends SupersededReport {
  studyInstanceUid: string;
  /** ContentDate + ContentTime, `YYYYMMDDHHMMSS…`, for ordering. */
  contentDateTime: string;
}

export interface PartitionedFiles {
  /** The input files, each with its decoded dataset when it could be read. */
  inputs: NamedBytes[];
  /** SOP Instance UIDs of the input objects (the analysis' input identity). */
  inputSopInstanceUids: string[];
  /** Names of the files recognised as our own outputs. */
  ownOutputs: string[];
  ownReports: OwnReport[];
  /** Files with a DICOM preamble that cannot be read (truncated, garbled). */
  unreadable: UnreadableObject[];
}

export interface UnreadableObject {
  name: string;
  problem: string;
  /** The file meta header names a SEG or RTSTRUCT storage class. */
  isMask: boolean;
}

const MASK_CLASSES = [SOP_CLASS.segmentation, SOP_CLASS.labelMapSegmentation, SOP_CLASS.rtStructureSet];

/** "DICM" at offset 128: a Part-10 file, whatever else is wrong with it. */
function hasPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && Buffer.from(bytes.subarray(128, 132)).toString('latin1') === 'DICM';
}

/**
 * Whether the file meta group (plain ASCII, at the start) names a mask storage class: enough to
 * tell a broken mask from a broken image when the dataset itself cannot be parsed.
 */
function metaNamesMaskClass(bytes: Uint8Array): boolean {
  const meta = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  // a UID value ends in its padding NUL or, at even length, where the next meta element's tag begins
  return MASK_CLASSES.some((uid) => meta.includes(`${uid}\0`) || meta.includes(`${uid}\x02\x00`));
}

function text(ds: DicomDataset, keyword: string): string {
  return optionalString(ds, keyword) ?? '';
}

export function partitionOwnOutputs(
  files: readonly NamedBytes[],
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): PartitionedFiles {
  const inputs: NamedBytes[] = [];
  const inputSopInstanceUids: string[] = [];
  const ownOutputs: string[] = [];
  const ownReports: OwnReport[] = [];
  const unreadable: UnreadableObject[] = [];
  for (const file of files) {
    let dataset: DicomDataset;
    try {
      dataset = readPart10(file.bytes, file.name, limits).dataset;
    } catch (error) {
      // Files that are not DICOM at all stay inputs: the study reader lists them as problems.
      if (hasPreamble(file.bytes)) {
        unreadable.push({
          name: file.name,
          problem: describeError(error),
          isMask: metaNamesMaskClass(file.bytes),
        });
      }
      inputs.push(file);
      continue;
    }
    const own = isOwnOutput({
      manufacturer: text(dataset, 'Manufacturer'),
      seriesDescription: text(dataset, 'SeriesDescription'),
    });
    if (!own) {
      // decoded once: the study reader takes the dataset instead of parsing the bytes again
      inputs.push({ name: file.name, bytes: file.bytes, dataset });
      const sop = text(dataset, 'SOPInstanceUID');
      if (sop) inputSopInstanceUids.push(sop);
      continue;
    }
    ownOutputs.push(file.name);
    if (text(dataset, 'SOPClassUID') === COMPREHENSIVE_3D_SR_STORAGE) {
      ownReports.push({
        studyInstanceUid: text(dataset, 'StudyInstanceUID'),
        seriesInstanceUid: text(dataset, 'SeriesInstanceUID'),
        sopInstanceUid: text(dataset, 'SOPInstanceUID'),
        sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
        contentDateTime: `${text(dataset, 'ContentDate')}${text(dataset, 'ContentTime')}`,
      });
    }
  }
  return { inputs, inputSopInstanceUids, ownOutputs, ownReports, unreadable };
}

/**
 * The report a new analysis supersedes: our newest earlier SR of the same study whose UID differs
 * from the new one's (a re-run of the same input derives the same UID and replaces it instead).
 * Ties on content date/time are broken by UID, so the choice does not depend on file order.
 */
export function findSupersededReport(
  reports: readonly OwnReport[],
  studyInstanceUid: string,
  newSopInstanceUid: string,
): SupersededReport | null {
  const candidates = reports
    .filter((r) => r.studyInstanceUid === studyInstanceUid && r.sopInstanceUid !== newSopInstanceUid)
    .sort((a, b) =>
      a.contentDateTime === b.contentDateTime
        ? a.sopInstanceUid.localeCompare(b.sopInstanceUid)
        : a.contentDateTime.localeCompare(b.contentDateTime),
    );
  const newest = candidates.at(-1);
  return newest
    ? {
        sopInstanceUid: newest.sopInstanceUid,
        seriesInstanceUid: newest.seriesInstanceUid,
        sopClassUid: newest.sopClassUid,
      }
    : null;
}

/**
 * Refuses a study holding a DICOM object that cannot be read (`mask_unreadable` when its file meta
 * names a mask class, `dicom_object_unreadable` otherwise; not retryable). Silently skipping it is
 * worse: a broken lesion mask would be replaced by another reader's mask or a mask mapped from
 * another sequence, and a broken slice would change the volume.
 */
export function requireReadableObjects(unreadable: readonly UnreadableObject[]): void {
  if (unreadable.length === 0) return;
  const masks = unreadable.filter((u) => u.isMask);
  const listed = (masks.length > 0 ? masks : unreadable).map((u) => `${u.name} (${u.problem})`).join('; ');
  throw new AppError(
    masks.length > 0 ? 'mask_unreadable' : 'dicom_object_unreadable',
    masks.length > 0 ? `Mask object cannot be read: ${listed}.` : `DICOM object cannot be read: ${listed}.`,
    { details: { files: unreadable.map((u) => u.name) } },
  );
}
