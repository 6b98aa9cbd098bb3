import { z } from 'zod';
import { AppError } from '../../errors/index.js';

/**
 * Feature-selection settings, one schema with defaults. Each step runs on training rows only.
 * The defaults are the project's protocol: z-score → Mann–Whitney p < 0.05 → |r| > 0.9
 * redundancy → (no mRMR) → LASSO logistic at λ.min.
 *
 * λ.min rather than λ.1se: here the LASSO screens features for a random forest, it is not the final
 * model, and on 140 training rows λ.1se often keeps nothing although the univariate step kept tens
 * of features at p < 0.05 (synthetic study, generator rev 4: 24 of 64 model fits left constant, 7 with
 * λ.min; src/model/training/README.md). λ.1se stays one setting away.
 */
export const selectionSettingsSchema = z.object({
  /** Two-sample test for the univariate filter and for ranking redundant pairs. */
  univariateTest: z.enum(['mann-whitney', 'welch']).default('mann-whitney'),
  /** Keep features with univariate p below this. */
  pThreshold: z.number().gt(0).lte(1).default(0.05),
  /** Drop the less label-related feature of any pair with |Pearson r| above this. */
  correlationThreshold: z.number().gt(0).lt(1).default(0.9),
  /** mRMR (MID) feature count; omit to skip mRMR. */
  mrmrK: z.number().int().positive().optional(),
  /** Run LASSO logistic selection (needs fold ids). */
  lasso: z.boolean().default(true),
  /** λ chosen from the cross-validation curve. */
  lambdaChoice: z.enum(['lambda.min', 'lambda.1se']).default('lambda.min'),
  /** glmnet `nlambda`. */
  lambdaCount: z.number().int().min(3).default(100),
  /** glmnet `lambda.min.ratio`; default depends on n < p (0.01) or not (1e-4). */
  lambdaMinRatio: z.number().gt(0).lt(1).optional(),
});

export type SelectionSettings = z.infer<typeof selectionSettingsSchema>;
export type SelectionSettingsInput = z.input<typeof selectionSettingsSchema>;

/** Parses settings, filling defaults; names the setting and the value when one is wrong. */
export function parseSelectionSettings(input: unknown = {}): SelectionSettings {
  const result = selectionSettingsSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const setting = issue.path.join('.') || '(root)';
    throw new AppError('selection_setting', `Selection setting "${setting}" is invalid: ${issue.message}.`, {
      details: {
        setting,
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  return result.data;
}
