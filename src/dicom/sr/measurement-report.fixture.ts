import { patientStudyAttributes } from '../../synth/mr-writer.js';
import { derivedUid } from '../../synth/random.js';
import { type GeneratedStudy, generateStudy } from '../../synth/study.js';
import type { MeasurementReportInput } from './schema.js';

/**
 * Test input for the SR builders: a synthetic study from `generateStudy` (canary identifiers,
 * a Latin-1 patient name for index 3) with one lesion measured on T2W, ADC and DCE, intratumoral
 * and peritumoral, a few features with real IBSI identifiers and some without. Test support
 * only: production code must not import synth.
 */

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SrFixture {
  study: GeneratedStudy;
  input: MeasurementReportInput;
}

/** Features per group: IBSI codes from reference/ibsi1/reference_values.csv; the rest have none. */
const FEATURES = [
  { name: 'firstorder_Mean', ibsiCode: 'Q4LE', unit: "[arb'U]" },
  { name: 'firstorder_Skewness', ibsiCode: 'KE2A', unit: '1' },
  { name: 'shape_MeshVolume', ibsiCode: 'RNU0', unit: 'mm3' },
  { name: 'glcm_Contrast', ibsiCode: 'ACUI', unit: '1' },
  { name: 'firstorder_TotalEnergy', ibsiCode: null, unit: "[arb'U]" },
  { name: 'shape_Maximum2DDiameterColumn', ibsiCode: null, unit: 'mm' },
] as const;

export function buildSrFixture(index = 3): SrFixture {
  const study = generateStudy({ seed: 'sr-fixture', index, her2: 'positive', centre: 1, size: 'small' });
  const uid = (...parts: (string | number)[]) => derivedUid('sr-fixture', index, ...parts);
  const pick = (description: string) => study.series.find((s) => s.description.endsWith(description))!;
  const series = [
    { sequence: 'T2W' as const, s: study.series.find((s) => s.key === 't2')! },
    { sequence: 'ADC' as const, s: study.series.find((s) => s.key === 'adc')! },
    { sequence: 'DCE' as const, s: pick('ph2') },
  ];
  const segSeries = uid('seg-series');
  const attributes = patientStudyAttributes(study.context);
  const input: MeasurementReportInput = {
    study: {
      ...(study.context.specificCharacterSet
        ? { specificCharacterSet: study.context.specificCharacterSet }
        : {}),
      patientName: String(attributes.PatientName),
      patientId: study.context.patientId,
      patientBirthDate: study.context.patientBirthDate,
      patientSex: study.context.patientSex,
      patientAge: study.context.patientAge,
      studyInstanceUid: study.context.studyInstanceUid,
      studyDate: study.context.studyDate,
      studyTime: study.context.studyTime,
      studyId: study.context.studyId,
      accessionNumber: study.context.accessionNumber,
      studyDescription: study.context.studyDescription,
      referringPhysicianName: study.context.referringPhysicianName,
    },
    document: {
      sopInstanceUid: uid('sr'),
      seriesInstanceUid: uid('sr-series'),
      seriesNumber: 901,
      instanceNumber: 1,
      seriesDescription: 'HER-2 radiomics result',
      contentDate: '20260101',
      contentTime: '120000',
    },
    equipment: { manufacturer: 'her2-radiomics project', softwareVersions: '0.1.0' },
    sourceSeries: series.map(({ sequence, s }) => ({
      sequence,
      seriesInstanceUid: s.seriesInstanceUid,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      sopInstanceUids: s.sliceSopInstanceUids,
    })),
    segmentations: series.map(({ sequence }) => ({
      seriesInstanceUid: segSeries,
      sopInstanceUid: uid('seg', sequence),
      sopClassUid: SEGMENTATION_STORAGE,
      segmentNumbers: [1, 2],
    })),
    groups: series.flatMap(({ sequence, s }, n) =>
      (['intratumoral', 'peritumoral'] as const).map((region, r) => ({
        trackingUid: uid('group', sequence, region),
        lesionNumber: 1,
        laterality: 'left' as const,
        sequence,
        region,
        segmentation: { sopInstanceUid: uid('seg', sequence), segmentNumber: r + 1 },
        sourceSeriesInstanceUid: s.seriesInstanceUid,
        algorithm: {
          name: 'her2-radiomics feature extractor',
          version: '0.1.0',
          parameters: ['binWidth=25', 'resampledPixelSpacing=1,1,1', 'ring=3 mm'],
        },
        features: FEATURES.map((f, k) => ({
          ...f,
          value: (n + 1) * 100.25 + r * 10 + k * 0.1234567890123,
          imageType: k % 3 === 2 ? 'wavelet-LLH' : k % 3 === 1 ? 'log-sigma-2-0-mm-3D' : 'original',
          outOfRange: k === 1 && r === 1,
        })),
      })),
    ),
    prediction: {
      lesionNumber: 1,
      status: 'positive',
      probability: 0.8125,
      threshold: 0.5,
      trackingUid: uid('prediction'),
    },
    model: {
      name: 'HER2-RF',
      version: '2026.11',
      sha256: 'ab'.repeat(32),
      deviceUid: uid('model-device'),
      manufacturer: 'her2-radiomics project',
      performance: [
        { cohort: 'internal cross-validation, centre 1', n: 120, auc: 0.78, ciLower: 0.7, ciUpper: 0.86 },
        { cohort: 'external validation, centre 2', n: 60, auc: 0.72, ciLower: 0.59, ciUpper: 0.85 },
      ],
      intendedUse:
        'Estimates HER-2 status of a biopsy-proven breast cancer from pre-treatment multiparametric MRI, to support research.',
    },
    maskTransfers: [
      { from: 'DCE', to: 'T2W', method: 'resampled in patient coordinates, nearest neighbour' },
    ],
  };
  return { study, input };
}
