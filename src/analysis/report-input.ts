import type { MeasurementReportInput, StudyInput } from '../dicom/sr/index.js';
import { AppError } from '../errors/index.js';
import { type LoadedModel, type Prediction, REGIONS } from '../model/index.js';
import type { SupersededReport } from './analyze-study-files.js';
import type { MeasuredSequence } from './lesion-features.js';
import { dicomDateTime, OUTPUT_MANUFACTURER, SERIES, SR_REGION, SR_SEQUENCE } from './output-series.js';
import type { AnalysisUids } from './output-uids.js';
import { RING_WIDTH_MM } from './region-features.js';
import { reportFeatures, volumeFeature } from './report-features.js';
import type { WrittenSegmentation } from './segmentations.js';
import { textForStudy } from './study-text.js';

/**
 * The TID 1500 report's input from the analysis: one measurement group per lesion × sequence ×
 * region the model reads (its features as NUMs, referencing the lesion's SEG segment and source
 * series), the prediction of lesion 1, the model's identity, performance and intended use, the
 * mask transfers, and the report superseded.
 */

export interface ReportContext {
  study: StudyInput;
  model: LoadedModel;
  prediction: Prediction;
  measured: readonly MeasuredSequence[];
  segmentations: readonly WrittenSegmentation[];
  uids: AnalysisUids;
  software: { name: string; version: string };
  contentDateTime: Date;
  supersedes: SupersededReport | null;
}

const TRANSFER_METHOD = 'resampled in patient coordinates, nearest neighbour';

/**
 * Laterality of a lesion from its centroid: in LPS, patient left is +x. Breast MRI is bilateral
 * and carries no laterality attribute, and the body's midline is at x ≈ 0 in scanner coordinates.
 */
export function lesionLaterality(
  mask: MeasuredSequence['lesions'][number]['lesion']['mask'],
): 'left' | 'right' {
  const { geometry, data } = mask;
  const [nx, ny] = geometry.size;
  let sum = [0, 0, 0];
  let count = 0;
  for (let n = 0; n < data.length; n++) {
    if (!data[n]) continue;
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / (nx * ny));
    sum = [sum[0]! + i, sum[1]! + j, sum[2]! + k];
    count++;
  }
  const [ci, cj, ck] = sum.map((s) => s / Math.max(count, 1)) as [number, number, number];
  const d = geometry.direction;
  const s = geometry.spacing;
  const x = geometry.origin[0] + d[0] * ci * s[0] + d[1] * cj * s[1] + d[2] * ck * s[2];
  return x > 0 ? 'left' : 'right';
}

/** Validated performance of the model, as the SR states it: every cohort with an AUC and its CI. */
export function modelPerformance(
  model: LoadedModel,
  charset: StudyInput['specificCharacterSet'],
): MeasurementReportInput['model']['performance'] {
  // three decimals: the statement is read by people, and more digits claim a precision the CI denies
  const clamp = (v: number) => Math.round(1000 * Math.min(1, Math.max(0, v))) / 1000;
  const rows = model.artifact.validation
    .filter((v) => v.n > 0 && v.auc !== null && v.aucCi !== null)
    .map((v) => ({
      cohort: textForStudy(`${v.label} (${v.split} split)`, charset),
      n: v.n,
      auc: clamp(v.auc!),
      ciLower: clamp(v.aucCi![0]),
      ciUpper: clamp(v.aucCi![1]),
    }));
  if (rows.length === 0) {
    throw new AppError(
      'model_performance_missing',
      `Model "${model.artifact.name}" has no validated AUC with a confidence interval; the report must state one.`,
      { details: { model: model.artifact.name } },
    );
  }
  return rows;
}

export function modelIdentity(
  model: LoadedModel,
  uids: AnalysisUids,
  charset: StudyInput['specificCharacterSet'],
): MeasurementReportInput['model'] {
  return {
    name: textForStudy(model.artifact.name, charset),
    version: model.id.slice(0, 12),
    sha256: model.id,
    deviceUid: uids.modelDeviceUid,
    manufacturer: OUTPUT_MANUFACTURER,
    performance: modelPerformance(model, charset),
    intendedUse: textForStudy(model.artifact.intendedUse, charset),
  };
}

export function reportInput(context: ReportContext): MeasurementReportInput {
  const { measured, segmentations, uids, model, prediction } = context;
  const { date, time } = dicomDateTime(context.contentDateTime);
  const algorithm = {
    name: `${context.software.name} radiomics`,
    version: context.software.version,
    parameters: [
      `extraction settings sha256 ${model.artifact.extraction.settingsHash}`,
      `peritumoral ring ${RING_WIDTH_MM} mm`,
      textForStudy(`model ${model.artifact.name} sha256 ${model.id}`, context.study.specificCharacterSet),
    ],
  };
  const groups: MeasurementReportInput['groups'] = [];
  for (const m of measured) {
    const seg = segmentations.find((s) => s.sequence === m.sequence)!;
    const sequence = SR_SEQUENCE[m.sequence];
    m.lesions.forEach(({ lesion, row, volumeMm3 }, index) => {
      const laterality = lesionLaterality(lesion.mask);
      // every lesion gets an intratumoral group (its volume at least): the prediction refers to it
      for (const region of REGIONS.filter((r) => r === 'intra' || m.regions.includes(r))) {
        const features = model.artifact.features.filter(
          (f) => f.sequence === m.sequence && f.region === region,
        );
        const { items } = reportFeatures(features, row);
        if (
          region === 'intra' &&
          !items.some((i) => i.name === 'shape_VoxelVolume' && i.imageType === 'original')
        ) {
          items.unshift(volumeFeature(volumeMm3));
        }
        if (items.length === 0) continue; // no computable feature: nothing to report for this region
        groups.push({
          trackingUid: uids.trackingUid(lesion.number, sequence, SR_REGION[region]),
          lesionNumber: lesion.number,
          laterality,
          sequence,
          region: SR_REGION[region],
          segmentation: {
            sopInstanceUid: seg.output.sopInstanceUid,
            segmentNumber: seg.segmentNumber(index, region),
          },
          sourceSeriesInstanceUid: m.input.seriesInstanceUid,
          algorithm,
          features: items,
        });
      }
    });
  }
  const maskTransfers = measured.flatMap((m) => {
    const origin = m.lesions[0]!.lesion.origin;
    return origin.kind === 'transferred'
      ? [{ from: SR_SEQUENCE[origin.from], to: SR_SEQUENCE[m.sequence], method: TRANSFER_METHOD }]
      : [];
  });
  return {
    study: context.study,
    document: {
      sopInstanceUid: uids.srSopInstanceUid,
      seriesInstanceUid: uids.srSeriesInstanceUid,
      seriesNumber: SERIES.sr.number,
      instanceNumber: 1,
      seriesDescription: SERIES.sr.description,
      contentDate: date,
      contentTime: time,
    },
    equipment: { manufacturer: OUTPUT_MANUFACTURER, softwareVersions: context.software.version },
    sourceSeries: measured.map((m) => ({
      sequence: SR_SEQUENCE[m.sequence],
      seriesInstanceUid: m.input.seriesInstanceUid,
      sopClassUid: m.input.source.slices[0]!.sopClassUID,
      sopInstanceUids: [...new Set(m.input.source.slices.map((s) => s.sopInstanceUID))],
    })),
    segmentations: segmentations.map((s) => ({
      seriesInstanceUid: s.output.seriesInstanceUid,
      sopInstanceUid: s.output.sopInstanceUid,
      sopClassUid: s.output.sopClassUid,
      segmentNumbers: s.segmentNumbers,
    })),
    groups,
    prediction: {
      lesionNumber: measured[0]!.lesions[0]!.lesion.number,
      status: prediction.status,
      probability: prediction.probability,
      threshold: prediction.threshold,
      trackingUid: uids.predictionTrackingUid(measured[0]!.lesions[0]!.lesion.number),
    },
    model: modelIdentity(model, uids, context.study.specificCharacterSet),
    maskTransfers,
    ...(context.supersedes
      ? { supersedes: { studyInstanceUid: context.study.studyInstanceUid, ...context.supersedes } }
      : {}),
  };
}
