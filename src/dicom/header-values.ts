import type { NaturalDataset } from './header-dcmjs.js';

/**
 * Tolerant readers for naturalised DICOM values. Real files hold empty strings, `null` DS values,
 * padded text, and (implicit VR, no private dictionary) raw bytes for private attributes; all of
 * these read as "absent" or are decoded here instead of surfacing as NaN downstream.
 */

/** Raw bytes of an attribute read as UN, decoded as text (the DICOM default character set). */
export function bytesToText(buffer: ArrayBuffer): string {
  return new TextDecoder('latin1').decode(new Uint8Array(buffer));
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof ArrayBuffer) return bytesToText(value);
  // PersonName values ({ Alphabetic }) and nested items are not text attributes for our purposes.
  return undefined;
}

/** All values of a (possibly multi-valued, possibly backslash-joined) attribute as trimmed strings. */
export function strings(ds: NaturalDataset | undefined, key: string): string[] {
  const v = ds?.[key];
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const item of items) {
    const text = textOf(item);
    if (text === undefined) continue;
    for (const part of text.split('\\')) {
      const trimmed = part.replace(/\0/g, '').trim();
      if (trimmed !== '') out.push(trimmed);
    }
  }
  return out;
}

/** The first value as a trimmed string, or '' when absent. */
export function string(ds: NaturalDataset | undefined, key: string): string {
  return strings(ds, key)[0] ?? '';
}

/** All values as finite numbers (text such as IS/DS in UN bytes is parsed; junk is dropped). */
export function numbers(ds: NaturalDataset | undefined, key: string): number[] {
  const v = ds?.[key];
  const items = Array.isArray(v) ? v : [v];
  const out: number[] = [];
  for (const item of items) {
    if (typeof item === 'number') {
      if (Number.isFinite(item)) out.push(item);
      continue;
    }
    const text = textOf(item);
    if (text === undefined) continue;
    for (const part of text.split('\\')) {
      const trimmed = part.replace(/\0/g, '').trim();
      if (trimmed === '') continue;
      const n = Number(trimmed);
      if (Number.isFinite(n)) out.push(n);
    }
  }
  return out;
}

/** The first value as a finite number, or undefined. */
export function number(ds: NaturalDataset | undefined, key: string): number | undefined {
  return numbers(ds, key)[0];
}

/** The items of a sequence attribute (empty when absent). */
export function items(ds: NaturalDataset | undefined, key: string): NaturalDataset[] {
  const v = ds?.[key];
  if (!Array.isArray(v)) return [];
  return v.filter((item): item is NaturalDataset => typeof item === 'object' && item !== null);
}

/** The first item of a sequence, or undefined. */
export function item(ds: NaturalDataset | undefined, key: string): NaturalDataset | undefined {
  return items(ds, key)[0];
}
