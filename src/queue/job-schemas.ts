import type { z } from 'zod';
import { analysisRequestSchema } from '../pipeline/index.js';

/**
 * One zod schema per job type, keyed by the BullMQ job name. Parsed on enqueue and again in the
 * processor: a job in Redis may come from another version or from a hand-made request.
 */
export const JOB_SCHEMAS = {
  analysis: analysisRequestSchema,
} as const satisfies Record<string, z.ZodType>;

export type JobName = keyof typeof JOB_SCHEMAS;
export type JobData<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

/** One line per problem, `path: message`, for failure reasons (values are never echoed). */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
