import type { SegmentRule, SiteRules } from './site-rules.js';

/** What the SEG / RTSTRUCT readers know about one segment or ROI. */
export interface SegmentDescription {
  /** SegmentLabel (SEG) or ROIName (RTSTRUCT). */
  readonly label: string;
  /** SegmentedPropertyTypeCodeSequence item (SEG). */
  readonly propertyType?: { readonly scheme: string; readonly value: string; readonly meaning?: string };
  /** RTROIInterpretedType (RTSTRUCT). */
  readonly interpretedType?: string;
}

export interface SegmentRoleVerdict {
  readonly kind: 'lesion' | 'other' | 'unknown';
  readonly rule: string | null;
  readonly reason: string;
}

/**
 * Decides whether a segment / ROI is a lesion or another structure (whole breast, body outline)
 * by the first matching segment rule. A rule matches when ANY of its criteria match. Unknown
 * segments are reported as such, never assumed to be lesions.
 */
export function classifySegment(segment: SegmentDescription, rules: SiteRules): SegmentRoleVerdict {
  for (const rule of rules.segmentRules) {
    const why = ruleMatch(rule, segment);
    if (why !== null) return { kind: rule.kind, rule: rule.name, reason: `rule "${rule.name}": ${why}` };
  }
  const code = segment.propertyType
    ? ` type (${segment.propertyType.value}, ${segment.propertyType.scheme}, "${segment.propertyType.meaning ?? ''}")`
    : '';
  return { kind: 'unknown', rule: null, reason: `no segment rule matches label "${segment.label}"${code}` };
}

function ruleMatch(rule: SegmentRule, segment: SegmentDescription): string | null {
  const type = segment.propertyType;
  if (type && rule.propertyTypes) {
    const hit = rule.propertyTypes.find(
      (c) => c.scheme.toUpperCase() === type.scheme.toUpperCase() && c.value === type.value,
    );
    if (hit) return `property type (${hit.value}, ${hit.scheme}${hit.meaning ? `, "${hit.meaning}"` : ''})`;
  }
  if (segment.interpretedType && rule.interpretedTypes) {
    const wanted = segment.interpretedType.toUpperCase();
    if (rule.interpretedTypes.some((t) => t.toUpperCase() === wanted)) return `RT ROI type ${wanted}`;
  }
  if (rule.label !== undefined && new RegExp(rule.label, 'i').test(segment.label)) {
    return `label "${segment.label}" matches /${rule.label}/i`;
  }
  return null;
}
