import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../../errors/index.js';

/**
 * Site rules: the part of sequence recognition a hospital edits (YAML, validated here). Rules are
 * tried in file order and the first whose vendor filter and conditions all hold decides a series'
 * role; every rule's verdict is kept so `her2 inspect` can show why the others did not match.
 * Default file: `config/site-rules.default.yaml` (documented there).
 */

export const SERIES_ROLES = ['t2w', 'dwi', 'adc', 'dce', 'dce-derived', 'other'] as const;
export type SeriesRole = (typeof SERIES_ROLES)[number];

export const VENDORS = ['ge', 'siemens', 'philips', 'canon', 'other'] as const;

/**
 * Per-series facts a condition can test (computed from headers by `series-facts.ts`). Strings are
 * compared case-insensitively; list facts hold every distinct value seen in the series.
 */
export const FACT_FIELDS = [
  'seriesDescription',
  'protocolName',
  'sequenceName',
  'manufacturer',
  'imageType',
  'derived',
  'scanningSequence',
  'sequenceVariant',
  'echoPulseSequence',
  'echoPlanar',
  'repetitionTime',
  'echoTime',
  'inversionTime',
  'flipAngle',
  'bValues',
  'maxBValue',
  'phaseCount',
  'slicePositions',
  'enhanced',
  'mosaic',
  'contrastBolusAgent',
] as const;
export type FactField = (typeof FACT_FIELDS)[number];

/** Keys of the frame header usable to order DCE phases inside one series. */
export const PHASE_KEYS = ['temporalPosition', 'triggerTime', 'acquisitionTime', 'contentTime'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];

/** Keys ordering DCE phases stored as separate series. */
export const SERIES_ORDER_KEYS = ['acquisitionTime', 'seriesTime', 'seriesNumber'] as const;
export type SeriesOrderKey = (typeof SERIES_ORDER_KEYS)[number];

const regexSchema = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const OPERATORS = [
  'equals',
  'includesAny',
  'includesNone',
  'matches',
  'notMatches',
  'gte',
  'lte',
  'gt',
  'lt',
  'present',
] as const;

export const conditionSchema = z
  .object({
    field: z.enum(FACT_FIELDS),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    includesAny: z.array(z.string()).min(1).optional(),
    includesNone: z.array(z.string()).min(1).optional(),
    matches: regexSchema.optional(),
    notMatches: regexSchema.optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
    present: z.boolean().optional(),
    /** When true, an absent value satisfies the condition (e.g. InversionTime not written). */
    orAbsent: z.boolean().default(false),
  })
  .strict()
  .refine((c) => OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: `each condition needs exactly one operator of: ${OPERATORS.join(', ')}`,
  });
export type Condition = z.infer<typeof conditionSchema>;

export const seriesRuleSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(SERIES_ROLES),
    /** Only series from these vendors; all vendors when absent. */
    vendors: z.array(z.enum(VENDORS)).min(1).optional(),
    /**
     * 'header' when the rule tests acquisition parameters; 'description' when it leans on free
     * text. Slot selection prefers header evidence when both kinds of candidates exist.
     */
    evidence: z.enum(['header', 'description']).default('header'),
    /** All must hold; an empty list matches everything (a catch-all). */
    when: z.array(conditionSchema),
    note: z.string().optional(),
  })
  .strict();
export type SeriesRule = z.infer<typeof seriesRuleSchema>;

const codeSchema = z
  .object({ scheme: z.string().min(1), value: z.string().min(1), meaning: z.string().optional() })
  .strict();

export const segmentRuleSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['lesion', 'other']),
    /** Segmented property type (SEG) codes, matched on scheme + value. */
    propertyTypes: z.array(codeSchema).min(1).optional(),
    /** Segment label / ROI name regex (case-insensitive). */
    label: regexSchema.optional(),
    /** RTROIInterpretedType values (RTSTRUCT), e.g. GTV, EXTERNAL. */
    interpretedTypes: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .refine((r) => r.propertyTypes !== undefined || r.label !== undefined || r.interpretedTypes !== undefined, {
    message: 'a segment rule needs at least one of propertyTypes, label, interpretedTypes',
  });
export type SegmentRule = z.infer<typeof segmentRuleSchema>;

export const siteRulesSchema = z
  .object({
    version: z.literal(1),
    site: z.string().optional(),
    diffusion: z
      .object({
        /** b-values below this (s/mm²) are b0; Philips writes b0 as 0.001..0.004. */
        b0Threshold: z.number().positive().default(50),
      })
      .strict()
      .default({ b0Threshold: 50 }),
    dce: z
      .object({
        /** Tried in order to separate phases stored in one series; the first that separates them wins. */
        phaseKeys: z.array(z.enum(PHASE_KEYS)).min(1),
        /** Orders DCE phases stored as separate series (ties broken by the next key). */
        seriesOrderKeys: z.array(z.enum(SERIES_ORDER_KEYS)).min(1),
      })
      .strict(),
    seriesRules: z.array(seriesRuleSchema).min(1),
    segmentRules: z.array(segmentRuleSchema),
  })
  .strict()
  .superRefine((rules, ctx) => {
    for (const list of ['seriesRules', 'segmentRules'] as const) {
      const seen = new Set<string>();
      rules[list].forEach((rule, index) => {
        if (seen.has(rule.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [list, index, 'name'],
            message: `duplicate rule name "${rule.name}"`,
          });
        }
        seen.add(rule.name);
      });
    }
  });
export type SiteRules = z.infer<typeof siteRulesSchema>;

/**
 * Parses and validates site rules. `source` names the file in messages. Errors list every problem
 * as "path (rule "name"): message", e.g. `seriesRules[4] (rule "t2w-by-timing").when[1].gte: …`.
 */
export function parseSiteRules(text: string, source: string): SiteRules {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (cause) {
    throw new AppError('site_rules_invalid', `${source}: not valid YAML (${(cause as Error).message})`, {
      cause,
    });
  }
  return validateSiteRules(raw, source);
}

export function validateSiteRules(raw: unknown, source: string): SiteRules {
  const result = siteRulesSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${describePath(raw, issue.path)}: ${issue.message}`);
  throw new AppError('site_rules_invalid', `${source}: invalid site rules; ${problems.join('; ')}`, {
    details: { problems },
  });
}

/** "seriesRules[3] (rule "x").when[0].gte", naming rules by their `name` where the input has one. */
function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  let text = '';
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number') {
      text += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const name = (node as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string') text += ` (rule "${name}")`;
    } else {
      text += text === '' ? String(key) : `.${String(key)}`;
      node =
        node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    }
  }
  return text === '' ? '(top level)' : text;
}
