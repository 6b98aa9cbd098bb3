import type { NaturalDataset } from './header-dcmjs.js';
import { bytesToText, numbers } from './header-values.js';

/**
 * Vendor private attributes. A private element (gggg,xxyy) belongs to whichever creator reserved
 * block xx in (gggg,00xx); the block number differs between files, so elements are found through
 * their creator string, never by a fixed tag.
 */

/** Hex key (as dcmjs names it) of private element `offset` of `creator`'s block in `group`. */
export function privateKey(
  ds: NaturalDataset,
  group: string,
  creator: string,
  offset: number,
): string | null {
  const wanted = creator.toUpperCase();
  for (let block = 0x10; block <= 0xff; block++) {
    const blockHex = block.toString(16).toUpperCase().padStart(2, '0');
    const value = ds[`${group}00${blockHex}`];
    const text =
      typeof value === 'string' ? value : value instanceof ArrayBuffer ? bytesToText(value) : undefined;
    if (text === undefined || text.replace(/\0/g, '').trim().toUpperCase() !== wanted) continue;
    return `${group}${blockHex}${offset.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return null;
}

/**
 * Numeric values of a private element. Explicit VR files give numbers; implicit VR files without a
 * private dictionary give raw bytes, read as text (IS/DS) or, failing that, as little-endian
 * binary floats of `binaryWidth` bytes (FL = 4, FD = 8).
 */
export function privateNumbers(
  ds: NaturalDataset,
  group: string,
  creator: string,
  offset: number,
  binaryWidth: 4 | 8 | null = null,
): number[] {
  const key = privateKey(ds, group, creator, offset);
  if (key === null) return [];
  const raw = ds[key];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (
    first instanceof ArrayBuffer &&
    binaryWidth !== null &&
    !/^[\s\d.+\-eE\\]*\0?$/.test(bytesToText(first))
  ) {
    const view = new DataView(first);
    const out: number[] = [];
    for (let at = 0; at + binaryWidth <= first.byteLength; at += binaryWidth) {
      out.push(binaryWidth === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true));
    }
    return out.filter(Number.isFinite);
  }
  return numbers(ds, key);
}

/** Where a b-value was read from; kept in recognition evidence. */
export type BValueSource =
  | '(0018,9087) DiffusionBValue'
  | 'MRDiffusionSequence (0018,9117)'
  | 'GE (0043,1039)[0]'
  | 'Siemens (0019,100C)'
  | 'Siemens CSA B_value'
  | 'Siemens SequenceName'
  | 'Philips (2001,1003)';

export interface VendorBValue {
  readonly value: number;
  readonly source: BValueSource;
}

/**
 * GE "Slop_int_6" (0043,1039), creator GEMS_PARM_01: first value is the b-value. Some software
 * versions add 10^9 to it (a flag), hence modulo 10^9.
 */
export function geBValue(ds: NaturalDataset): VendorBValue | null {
  const values = privateNumbers(ds, '0043', 'GEMS_PARM_01', 0x39);
  if (values.length === 0) return null;
  return { value: values[0]! % 1e9, source: 'GE (0043,1039)[0]' };
}

/** Siemens (0019,100C) "B_value", creator SIEMENS MR HEADER (IS; UN bytes in implicit VR). */
export function siemensBValue(ds: NaturalDataset): VendorBValue | null {
  const values = privateNumbers(ds, '0019', 'SIEMENS MR HEADER', 0x0c);
  if (values.length === 0) return null;
  return { value: values[0]!, source: 'Siemens (0019,100C)' };
}

/** Philips (2001,1003) "DiffusionB_Factor", creator Philips Imaging DD 001 (FL). */
export function philipsBValue(ds: NaturalDataset): VendorBValue | null {
  const values = privateNumbers(ds, '2001', 'Philips Imaging DD 001', 0x03, 4);
  if (values.length === 0) return null;
  return { value: values[0]!, source: 'Philips (2001,1003)' };
}

/**
 * Siemens SequenceName of diffusion sequences: "ep_b1000#1", "*ep_b0", "re_b800t" (RESOLVE).
 * Only the digits right after "_b" are the b-value.
 */
export function siemensSequenceNameBValue(sequenceName: string): VendorBValue | null {
  const match = /(?:^|[^a-z])(?:ep|re|ez)\w*?_b(\d+)/i.exec(sequenceName);
  if (!match) return null;
  return { value: Number(match[1]), source: 'Siemens SequenceName' };
}

/** One element of a Siemens CSA header (SV10 format): name and its non-empty string items. */
export interface CsaElement {
  readonly name: string;
  readonly values: readonly string[];
}

/**
 * Parses a Siemens CSA header (0029,1010)/(0029,1020), format "SV10": 8-byte signature, 8 bytes
 * (tag count, unused), then per element 64-byte name, VM, 4-byte VR, syngo type, item count,
 * marker; each item has a 16-byte header whose second int32 is the value length, then the value
 * padded to 4 bytes. Returns [] for anything not in that format (the old "no signature" CSA1
 * variant is not needed for the b-value and mosaic count we read).
 */
export function parseCsaHeader(buffer: ArrayBuffer): CsaElement[] {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 16 || bytesToText(buffer.slice(0, 4)) !== 'SV10') return [];
  const view = new DataView(buffer);
  const count = view.getUint32(8, true);
  if (count < 1 || count > 1000) return [];
  const elements: CsaElement[] = [];
  let at = 16;
  for (let e = 0; e < count; e++) {
    if (at + 84 > bytes.length) return elements;
    const name = bytesToText(buffer.slice(at, at + 64)).split('\0')[0]!;
    const itemCount = view.getInt32(at + 76, true);
    at += 84;
    if (itemCount < 0 || itemCount > 10000) return elements;
    const values: string[] = [];
    for (let n = 0; n < itemCount; n++) {
      if (at + 16 > bytes.length) return elements;
      const length = view.getInt32(at + 4, true);
      at += 16;
      if (length < 0 || at + length > bytes.length) return elements;
      const text = bytesToText(buffer.slice(at, at + length))
        .split('\0')[0]!
        .trim();
      if (text !== '') values.push(text);
      at += Math.ceil(length / 4) * 4;
    }
    elements.push({ name, values });
  }
  return elements;
}

/** The Siemens CSA image header (0029,xx10 of creator SIEMENS CSA HEADER), parsed, or []. */
export function siemensCsaImageHeader(ds: NaturalDataset): CsaElement[] {
  const key = privateKey(ds, '0029', 'SIEMENS CSA HEADER', 0x10);
  if (key === null) return [];
  const raw = ds[key];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return first instanceof ArrayBuffer ? parseCsaHeader(first) : [];
}

/** First numeric item of a CSA element, or undefined. */
export function csaNumber(csa: readonly CsaElement[], name: string): number | undefined {
  const element = csa.find((e) => e.name === name);
  const n = element?.values[0] === undefined ? Number.NaN : Number(element.values[0]);
  return Number.isFinite(n) ? n : undefined;
}
