/** Number formats shared by the report's tables and its tests. */

/** A statistic with `digits` decimals; "n/a" when not finite or missing (null in metrics.json). */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

/** "0.812 (0.701–0.923)". */
export function formatWithCi(
  estimate: number | null | undefined,
  ci: readonly (number | null)[] | null | undefined,
  digits = 3,
): string {
  if (estimate === null || estimate === undefined || !Number.isFinite(estimate)) return 'n/a';
  if (ci?.length !== 2) return formatNumber(estimate, digits);
  return `${formatNumber(estimate, digits)} (${formatNumber(ci[0], digits)}–${formatNumber(ci[1], digits)})`;
}

/** p values as journals print them: "< 0.001" below a thousandth, else three decimals. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Percent with one decimal: 0.3 → "30.0 %". */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
