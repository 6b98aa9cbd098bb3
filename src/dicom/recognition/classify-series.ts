import { evaluateCondition } from './conditions.js';
import { type SeriesFacts, type SeriesInput, seriesFacts } from './series-facts.js';
import type { SeriesRole, SeriesRule, SiteRules } from './site-rules.js';

/** One rule's verdict on one series. */
export interface RuleVerdict {
  readonly rule: string;
  readonly role: SeriesRole;
  readonly matched: boolean;
  /** For a match: all conditions that held; otherwise the first that failed (or the vendor filter). */
  readonly why: string;
}

export interface SeriesRecognition {
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number | null;
  readonly description: string;
  readonly role: SeriesRole;
  /** Name of the first matching rule, or null when none matched (role 'other'). */
  readonly rule: string | null;
  readonly evidence: 'header' | 'description' | 'none';
  /** Human-readable evidence for the role, including b-values / phases / ADC units where relevant. */
  readonly reason: string;
  /** Every rule in file order; rules after the first match are still evaluated (for `inspect`). */
  readonly ruleTrace: readonly RuleVerdict[];
  readonly facts: SeriesFacts;
}

export function evaluateRule(rule: SeriesRule, facts: SeriesFacts): RuleVerdict {
  const base = { rule: rule.name, role: rule.role };
  if (rule.vendors && !rule.vendors.includes(facts.vendor)) {
    return { ...base, matched: false, why: `vendor ${facts.vendor} not in [${rule.vendors.join(', ')}]` };
  }
  const held: string[] = [];
  for (const condition of rule.when) {
    const verdict = evaluateCondition(condition, facts.fields[condition.field]);
    if (!verdict.holds) return { ...base, matched: false, why: verdict.why };
    held.push(verdict.why);
  }
  return { ...base, matched: true, why: held.length === 0 ? 'catch-all rule' : held.join('; ') };
}

/** Classifies one series by the first matching site rule. Pure: headers in, verdicts out. */
export function classifySeries(series: SeriesInput, rules: SiteRules): SeriesRecognition {
  const facts = seriesFacts(series, rules);
  const description = String(facts.fields.seriesDescription ?? '');
  const base = {
    seriesInstanceUid: series.seriesInstanceUid,
    seriesNumber: facts.seriesNumber,
    description,
    facts,
  };
  if (facts.imageInstances.length === 0) {
    return {
      ...base,
      role: 'other',
      rule: null,
      evidence: 'none',
      reason: `no MR image instances (${facts.skipped.length} non-image instance(s) skipped)`,
      ruleTrace: [],
    };
  }
  const ruleTrace = rules.seriesRules.map((rule) => evaluateRule(rule, facts));
  const firstIndex = ruleTrace.findIndex((v) => v.matched);
  if (firstIndex < 0) {
    return {
      ...base,
      role: 'other',
      rule: null,
      evidence: 'none',
      reason: 'no site rule matched',
      ruleTrace,
    };
  }
  const rule = rules.seriesRules[firstIndex]!;
  const verdict = ruleTrace[firstIndex]!;
  return {
    ...base,
    role: rule.role,
    rule: rule.name,
    // A catch-all rule (no conditions) is no evidence at all.
    evidence: rule.when.length === 0 ? 'none' : rule.evidence,
    reason: `rule "${rule.name}": ${verdict.why}${roleDetail(rule.role, facts)}${skippedNote(facts)}`,
    ruleTrace,
  };
}

function roleDetail(role: SeriesRole, facts: SeriesFacts): string {
  switch (role) {
    case 'dwi': {
      const groups = facts.bValueGroups.map((g) => {
        const raw =
          g.rawValues.length > 1 || g.rawValues[0] !== g.b ? ` (written as ${g.rawValues.join(', ')})` : '';
        return `b=${g.b}: ${g.frames.length} frames${raw}`;
      });
      const sources = [...new Set(facts.bValueGroups.flatMap((g) => g.sources))];
      const mosaic = facts.imageInstances.find((h) => h.mosaicTiles !== null);
      return `. b-values ${groups.length ? groups.join('; ') : 'none found'}; from ${sources.join(', ') || '-'}${
        mosaic ? `; mosaic of ${mosaic.mosaicTiles} slices per image` : ''
      }`;
    }
    case 'adc':
      return `. ADC units: ${facts.adcUnits.unit} (${facts.adcUnits.evidence})`;
    case 'dce':
    case 'dce-derived':
      return `. Phases: ${facts.phases.reason}`;
    default: {
      const kind = facts.fields.enhanced ? 'multi-frame (enhanced) MR, ' : '';
      const declared = facts.imageInstances.reduce((n, h) => n + h.numberOfFrames, 0);
      const missing =
        declared > facts.frames.length ? ` (${declared} declared; per-frame functional groups missing)` : '';
      return `. ${kind}${facts.frames.length} frame(s)${missing} at ${facts.fields.slicePositions} slice position(s); phases: ${facts.phases.reason}`;
    }
  }
}

function skippedNote(facts: SeriesFacts): string {
  if (facts.skipped.length === 0) return '';
  return `. Skipped ${facts.skipped.length} instance(s): ${facts.skipped.map((s) => `${s.source} (${s.reason})`).join(', ')}`;
}
