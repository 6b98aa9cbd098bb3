import * as codes from './codes.js';
import type { ContentItem } from './content-item.js';
import type { FeatureInput, MeasurementGroupInput, MeasurementReportInput } from './schema.js';

/**
 * The measurement groups of the report (PS3.16 Annex A):
 * - TID 1411 Volumetric ROI Measurements: one per lesion × sequence × region, the region given
 *   as a segment of a SEG (Referenced Segment, TID 1411 row 12), with TID 1419 ROI measurements
 *   (TID 300 NUMs) for the radiomics features;
 * - one more TID 1411 group for the HER-2 prediction of a lesion, on that lesion's intratumoral
 *   segment (probability and decision threshold as NUMs, the predicted class as a CODE
 *   qualitative evaluation). TID 1501 (no ROI) would also fit, but PixelMed's validator checks
 *   every group under Imaging Measurements as TID 1411, and the prediction does concern a region;
 * - TID 4019 Algorithm Identification inside each group.
 */

/** TID 4019 Algorithm Identification (name, version, parameters), as HAS CONCEPT MOD of the group. */
export function algorithmIdentification(algorithm: MeasurementGroupInput['algorithm']): ContentItem[] {
  return [
    {
      relationship: 'HAS CONCEPT MOD',
      valueType: 'TEXT',
      concept: codes.ALGORITHM_NAME,
      value: algorithm.name,
    },
    {
      relationship: 'HAS CONCEPT MOD',
      valueType: 'TEXT',
      concept: codes.ALGORITHM_VERSION,
      value: algorithm.version,
    },
    ...algorithm.parameters.map(
      (parameter): ContentItem => ({
        relationship: 'HAS CONCEPT MOD',
        valueType: 'TEXT',
        concept: codes.ALGORITHM_PARAMETERS,
        value: parameter,
      }),
    ),
  ];
}

/** The concept of a feature: its IBSI identifier where IBSI defines it, else the private scheme. */
export function featureConcept(feature: Pick<FeatureInput, 'name' | 'ibsiCode'>): codes.Code {
  return feature.ibsiCode
    ? codes.ibsiFeatureCode(feature.ibsiCode, feature.name)
    : codes.privateFeatureCode(feature.name);
}

/**
 * TID 300 Measurement for one feature: NUM with UCUM unit, the image type as Derivation
 * (HAS CONCEPT MOD), and — only when the value lies outside the training range — a modifier
 * saying so.
 */
export function featureMeasurement(feature: FeatureInput): ContentItem {
  const children: ContentItem[] = [
    {
      relationship: 'HAS CONCEPT MOD',
      valueType: 'CODE',
      concept: codes.DERIVATION,
      value: codes.imageTypeCode(feature.imageType),
    },
  ];
  if (feature.outOfRange) {
    children.push({
      // A concept modifier of the measurement (TID 1419 row 6); PixelMed rejects HAS PROPERTIES here.
      relationship: 'HAS CONCEPT MOD',
      valueType: 'CODE',
      concept: codes.TRAINING_RANGE,
      value: codes.OUTSIDE_TRAINING_RANGE,
    });
  }
  return {
    relationship: 'CONTAINS',
    valueType: 'NUM',
    concept: featureConcept(feature),
    value: feature.value,
    unit: codes.unitCode(feature.unit),
    children,
  };
}

/** Tracking Identifier of the prediction group of a lesion, e.g. "Lesion 1 HER-2 prediction". */
export function predictionTrackingIdentifier(lesionNumber: number): string {
  return `Lesion ${lesionNumber} HER-2 prediction`;
}

const PREDICTION_TRACKING_IDENTIFIER = /^Lesion (\d+) HER-2 prediction$/;

export function parsePredictionTrackingIdentifier(text: string): number | undefined {
  const m = PREDICTION_TRACKING_IDENTIFIER.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Tracking Identifier of a TID 1411 group, e.g. "Lesion 1 T2W intratumoral". It carries the
 * sequence, which no coded item of TID 1411 holds; the reader parses it back.
 */
export function groupTrackingIdentifier(
  group: Pick<MeasurementGroupInput, 'lesionNumber' | 'sequence' | 'region'>,
): string {
  return `Lesion ${group.lesionNumber} ${group.sequence} ${group.region}`;
}

const TRACKING_IDENTIFIER = /^Lesion (\d+) (T2W|DWI|ADC|DCE) (intratumoral|peritumoral)$/;

export function parseGroupTrackingIdentifier(
  text: string,
): Pick<MeasurementGroupInput, 'lesionNumber' | 'sequence' | 'region'> | undefined {
  const m = TRACKING_IDENTIFIER.exec(text);
  if (!m) return undefined;
  return {
    lesionNumber: Number(m[1]),
    sequence: m[2] as MeasurementGroupInput['sequence'],
    region: m[3] as MeasurementGroupInput['region'],
  };
}

function trackingItems(identifier: string, uid: string): ContentItem[] {
  return [
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'TEXT',
      concept: codes.TRACKING_IDENTIFIER,
      value: identifier,
    },
    {
      relationship: 'HAS OBS CONTEXT',
      valueType: 'UIDREF',
      concept: codes.TRACKING_UNIQUE_IDENTIFIER,
      value: uid,
    },
  ];
}

/** The items that tie a TID 1411 group to its region: finding, site, segment, source series. */
function regionItems(group: MeasurementGroupInput): ContentItem[] {
  return [
    {
      relationship: 'CONTAINS',
      valueType: 'CODE',
      concept: codes.FINDING_CATEGORY,
      value: codes.MORPHOLOGICALLY_ABNORMAL_STRUCTURE,
    },
    {
      relationship: 'CONTAINS',
      valueType: 'CODE',
      concept: codes.FINDING,
      value: group.region === 'intratumoral' ? codes.NEOPLASM : codes.PERITUMORAL_REGION,
    },
    {
      relationship: 'HAS CONCEPT MOD',
      valueType: 'CODE',
      concept: codes.FINDING_SITE,
      value: codes.BREAST,
      children: [
        {
          relationship: 'HAS CONCEPT MOD',
          valueType: 'CODE',
          concept: codes.LATERALITY,
          value: group.laterality === 'right' ? codes.RIGHT : codes.LEFT,
        },
      ],
    },
  ];
}

function segmentItems(group: MeasurementGroupInput, segSopClassUid: string): ContentItem[] {
  return [
    {
      relationship: 'CONTAINS',
      valueType: 'IMAGE',
      concept: codes.REFERENCED_SEGMENT,
      sopClassUid: segSopClassUid,
      sopInstanceUid: group.segmentation.sopInstanceUid,
      segmentNumber: group.segmentation.segmentNumber,
    },
    {
      relationship: 'CONTAINS',
      valueType: 'UIDREF',
      concept: codes.SOURCE_SERIES_FOR_SEGMENTATION,
      value: group.sourceSeriesInstanceUid,
    },
  ];
}

/** TID 1411 Volumetric ROI Measurements for one lesion × sequence × region. */
export function volumetricRoiMeasurements(group: MeasurementGroupInput, segSopClassUid: string): ContentItem {
  return {
    relationship: 'CONTAINS',
    valueType: 'CONTAINER',
    concept: codes.MEASUREMENT_GROUP,
    continuity: 'SEPARATE',
    template: '1411',
    children: [
      ...trackingItems(groupTrackingIdentifier(group), group.trackingUid),
      ...regionItems(group),
      ...algorithmIdentification(group.algorithm),
      ...segmentItems(group, segSopClassUid),
      ...group.features.map(featureMeasurement),
    ],
  };
}

/**
 * TID 1411 group holding the HER-2 prediction of the trained model for one lesion, on the region
 * of `lesionGroup` (that lesion's intratumoral group).
 */
export function predictionGroup(
  prediction: MeasurementReportInput['prediction'],
  model: MeasurementReportInput['model'],
  lesionGroup: MeasurementGroupInput,
  segSopClassUid: string,
): ContentItem {
  return {
    relationship: 'CONTAINS',
    valueType: 'CONTAINER',
    concept: codes.MEASUREMENT_GROUP,
    continuity: 'SEPARATE',
    template: '1411',
    children: [
      ...trackingItems(predictionTrackingIdentifier(prediction.lesionNumber), prediction.trackingUid),
      ...regionItems(lesionGroup),
      ...algorithmIdentification({
        name: model.name,
        version: model.version,
        parameters: [`model-sha256=${model.sha256}`],
      }),
      ...segmentItems(lesionGroup, segSopClassUid),
      {
        relationship: 'CONTAINS',
        valueType: 'NUM',
        concept: codes.PROBABILITY_HER2_POSITIVE,
        value: prediction.probability,
        unit: codes.NO_UNITS,
      },
      {
        relationship: 'CONTAINS',
        valueType: 'NUM',
        concept: codes.DECISION_THRESHOLD,
        value: prediction.threshold,
        unit: codes.NO_UNITS,
      },
      {
        relationship: 'CONTAINS',
        valueType: 'CODE',
        concept: codes.HER2_STATUS,
        value: prediction.status === 'positive' ? codes.HER2_POSITIVE : codes.HER2_NEGATIVE,
      },
    ],
  };
}
