import type { DicomDataset } from '../dicom/dataset.js';
import { optionalString } from '../dicom/dataset.js';
import { readPart10 } from '../dicom/part10.js';
import { COMPREHENSIVE_3D_SR_STORAGE } from '../dicom/sr/index.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
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
  inputs: NamedBytes[];
  /** SOP Instance UIDs of the input objects (the analysis' input identity). */
  inputSopInstanceUids: string[];
  /** Names of the files recognised as our own outputs. */
  ownOutputs: string[];
  ownReports: OwnReport[];
}

function text(ds: DicomDataset, keyword: string): string {
  return optionalString(ds, keyword) ?? '';
}

export function partitionOwnOutputs(files: readonly NamedBytes[]): PartitionedFiles {
  const inputs: NamedBytes[] = [];
  const inputSopInstanceUids: string[] = [];
  const ownOutputs: string[] = [];
  const ownReports: OwnReport[] = [];
  for (const file of files) {
    let dataset: DicomDataset;
    try {
      dataset = readPart10(file.bytes, file.name).dataset;
    } catch {
      // Unreadable files stay inputs: the study reader reports them as problems.
      inputs.push(file);
      continue;
    }
    const own = isOwnOutput({
      manufacturer: text(dataset, 'Manufacturer'),
      seriesDescription: text(dataset, 'SeriesDescription'),
    });
    if (!own) {
      inputs.push(file);
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
  return { inputs, inputSopInstanceUids, ownOutputs, ownReports };
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
