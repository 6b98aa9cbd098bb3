import { z } from 'zod';

/** A DICOM UID: digits and dots, at most 64 characters (PS3.5 §9.1). */
export const dicomUid = z
  .string()
  .max(64, { message: 'a DICOM UID has at most 64 characters' })
  .regex(/^[0-9]+(\.[0-9]+)*$/, { message: 'a DICOM UID is digits separated by dots' });

/** Why an analysis was requested. */
export const analysisTriggers = ['stable', 'reconcile', 'webhook', 'reprocess'] as const;

/**
 * The payload of an analysis job: which study, which input (hash of its SOP Instance UIDs), why,
 * and which earlier job of the same study it supersedes. Parsed when enqueued and again when
 * processed (a job may have been written by another version, or by hand).
 */
export const analysisRequestSchema = z.strictObject({
  studyInstanceUid: dicomUid,
  pacsStudyId: z.string().min(1).max(128),
  inputHash: z.string().regex(/^[0-9a-f]{64}$/, { message: 'inputHash must be 64 lowercase hex digits' }),
  inputInstanceCount: z.number().int().positive(),
  trigger: z.enum(analysisTriggers),
  supersedesJobId: z.string().min(1).nullable(),
  requestedAt: z.iso.datetime(),
});

export type AnalysisRequest = z.infer<typeof analysisRequestSchema>;
