import {
  companionPdf,
  ENCAPSULATED_PDF_STORAGE,
  lesionSnapshot,
  writeEncapsulatedPdf,
} from '../dicom/companion/index.js';
import { COMPREHENSIVE_3D_SR_STORAGE, type MeasurementReportInput } from '../dicom/sr/index.js';
import type { AnalysisOutput } from './analyze-study-files.js';
import type { MeasuredSequence } from './lesion-features.js';
import { OUTPUT_MANUFACTURER, SERIES } from './output-series.js';
import type { AnalysisUids } from './output-uids.js';

/**
 * The Encapsulated PDF companion for viewers that cannot show TID 1500: the result, probability,
 * performance and intended use, and the index lesion with its ring on the DCE image (the usual
 * reading), or on the first sequence measured when the model reads no DCE.
 */

const IMAGE_LABEL = { dce: 'DCE (first post-contrast)', t2: 'T2W', dwi: 'ADC map' } as const;

export function writeCompanion(
  report: MeasurementReportInput,
  measured: readonly MeasuredSequence[],
  uids: AnalysisUids,
): AnalysisOutput {
  const shown = measured.find((m) => m.sequence === 'dce') ?? measured[0]!;
  const { regions } = shown.lesions[0]!;
  const document = {
    ...report.document,
    sopInstanceUid: uids.companionSopInstanceUid,
    seriesInstanceUid: uids.companionSeriesInstanceUid,
    seriesNumber: SERIES.companion.number,
    seriesDescription: SERIES.companion.description,
  };
  const pdf = companionPdf(
    {
      study: report.study,
      document,
      prediction: report.prediction,
      model: report.model,
      srSopInstanceUid: report.document.sopInstanceUid,
      imageLabel: IMAGE_LABEL[shown.sequence],
    },
    lesionSnapshot(shown.input.source.volume, regions.intra, regions.peri),
  );
  const bytes = writeEncapsulatedPdf(
    {
      study: report.study,
      document,
      equipment: { manufacturer: OUTPUT_MANUFACTURER, softwareVersions: report.equipment.softwareVersions },
      title: 'HER-2 radiomics result (research use only)',
      source: { sopClassUid: COMPREHENSIVE_3D_SR_STORAGE, sopInstanceUid: report.document.sopInstanceUid },
    },
    pdf,
  );
  return {
    kind: 'companion',
    sopClassUid: ENCAPSULATED_PDF_STORAGE,
    sopInstanceUid: document.sopInstanceUid,
    seriesInstanceUid: document.seriesInstanceUid,
    fileName: 'companion.dcm',
    bytes,
  };
}
