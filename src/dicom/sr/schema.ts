import { z } from 'zod';

/**
 * The plain input of a HER-2 measurement report, and what `readMeasurementReport` gives back.
 * Types come from these schemas (z.infer); the builder parses its argument with them, so a wrong
 * field is reported with its path before anything is written.
 */

const uid = z
  .string()
  .max(64)
  .regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, 'must be a DICOM UID (digits and dots, no leading zeros)');
const da = z.string().regex(/^\d{8}$/, 'must be a DICOM date YYYYMMDD');
const tm = z.string().regex(/^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/, 'must be a DICOM time HHMMSS[.FFFFFF]');
const lo = z.string().max(64);
const sh = z.string().max(16);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const unit01 = z.number().min(0).max(1);

/** Patient and General Study attributes, copied verbatim from the source study (charset included). */
export const studySchema = z.object({
  specificCharacterSet: z.enum(['ISO_IR 100', 'ISO_IR 192']).optional(),
  patientName: z.string().max(64 * 3 + 2),
  patientId: lo,
  patientBirthDate: z.union([da, z.literal('')]),
  patientSex: z.enum(['F', 'M', 'O', '']),
  patientAge: z.string().regex(/^(\d{3}[DWMY])?$/, 'must be an age string like 045Y'),
  studyInstanceUid: uid,
  studyDate: z.union([da, z.literal('')]),
  studyTime: z.union([tm, z.literal('')]),
  studyId: sh,
  accessionNumber: sh,
  studyDescription: lo,
  referringPhysicianName: z.string().max(64 * 3 + 2),
});

/** The SR object itself: identifiers chosen by the caller (SOP Instance UID derived from inputs + model). */
export const documentSchema = z.object({
  sopInstanceUid: uid,
  seriesInstanceUid: uid,
  seriesNumber: z.number().int().min(1),
  instanceNumber: z.number().int().min(1),
  seriesDescription: lo,
  contentDate: da,
  contentTime: tm,
});

export const sequenceSchema = z.enum(['T2W', 'DWI', 'ADC', 'DCE']);
export type Sequence = z.infer<typeof sequenceSchema>;
export const regionSchema = z.enum(['intratumoral', 'peritumoral']);

export const sourceSeriesSchema = z.object({
  sequence: sequenceSchema,
  seriesInstanceUid: uid,
  sopClassUid: uid,
  sopInstanceUids: z.array(uid).min(1),
});

export const segmentationSchema = z.object({
  seriesInstanceUid: uid,
  sopInstanceUid: uid,
  /** Segment Storage or Label Map Segmentation Storage. */
  sopClassUid: uid,
  segmentNumbers: z.array(z.number().int().min(1)).min(1),
});

export const featureSchema = z.object({
  /** PyRadiomics-style name, e.g. `firstorder_Mean` or `glcm_Contrast`. */
  name: z.string().min(1).max(64),
  /** IBSI permanent identifier (4 characters), or null when IBSI has no such feature. */
  ibsiCode: z
    .string()
    .regex(/^[0-9A-Z]{4}$/, 'must be a 4-character IBSI identifier')
    .nullable(),
  value: finite,
  /** UCUM code; "1" when unitless. */
  unit: z.string().min(1).max(16),
  /** Image the feature was computed on: original, log-sigma-2-0-mm-3D, wavelet-LLH ... */
  imageType: z.string().min(1).max(64),
  /** The value lies outside the range seen in the model's training data. */
  outOfRange: z.boolean(),
});

export const algorithmSchema = z.object({
  name: lo,
  version: lo,
  parameters: z.array(z.string().min(1).max(1024)),
});

/** One TID 1411 group: one lesion × sequence × region. */
export const measurementGroupSchema = z.object({
  /** Tracking Unique Identifier; the Tracking Identifier text is built from lesion, sequence and region. */
  trackingUid: uid,
  lesionNumber: z.number().int().min(1),
  laterality: z.enum(['right', 'left']),
  sequence: sequenceSchema,
  region: regionSchema,
  segmentation: z.object({ sopInstanceUid: uid, segmentNumber: z.number().int().min(1) }),
  sourceSeriesInstanceUid: uid,
  algorithm: algorithmSchema,
  features: z.array(featureSchema).min(1),
});

export const performanceSchema = z.object({
  /** Where the model was validated, e.g. "external validation, centre B". */
  cohort: z.string().min(1).max(200),
  n: z.number().int().min(1),
  auc: unit01,
  ciLower: unit01,
  ciUpper: unit01,
});

export const modelSchema = z.object({
  name: lo,
  version: lo,
  /** SHA-256 of the model file, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  /** Device UID of this trained model; a new one for every retraining. */
  deviceUid: uid,
  manufacturer: lo,
  performance: z.array(performanceSchema).min(1),
  intendedUse: z.string().min(1).max(1024),
});

export const predictionSchema = z.object({
  /** The lesion predicted; the prediction sits on its intratumoral group, or on its first group when it has none. */
  lesionNumber: z.number().int().min(1),
  status: z.enum(['positive', 'negative']),
  probability: unit01,
  threshold: unit01,
  /** Tracking Unique Identifier of the prediction group. */
  trackingUid: uid,
});

export const maskTransferSchema = z.object({
  from: sequenceSchema,
  to: sequenceSchema,
  /** How: e.g. "resampled in patient coordinates, nearest neighbour". */
  method: z.string().min(1).max(200),
});

export const predecessorSchema = z.object({
  studyInstanceUid: uid,
  seriesInstanceUid: uid,
  sopInstanceUid: uid,
  sopClassUid: uid,
});

export const measurementReportInputSchema = z.object({
  study: studySchema,
  document: documentSchema,
  /** The software writing the object (General Equipment). */
  equipment: z.object({ manufacturer: lo, softwareVersions: lo }),
  sourceSeries: z.array(sourceSeriesSchema).min(1),
  segmentations: z.array(segmentationSchema).min(1),
  groups: z.array(measurementGroupSchema).min(1),
  prediction: predictionSchema,
  model: modelSchema,
  maskTransfers: z.array(maskTransferSchema),
  /** The earlier report this one replaces, if any. */
  supersedes: predecessorSchema.optional(),
});

export type MeasurementReportInput = z.infer<typeof measurementReportInputSchema>;
export type MeasurementGroupInput = z.infer<typeof measurementGroupSchema>;
export type FeatureInput = z.infer<typeof featureSchema>;
export type StudyInput = z.infer<typeof studySchema>;
