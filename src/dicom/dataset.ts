import { AppError } from '../errors/index.js';

/**
 * A naturalized DICOM dataset as dcmjs produces it: attribute keyword → value. Multi-valued
 * attributes are arrays, sequences are arrays of datasets, bulk data (Pixel Data) are ArrayBuffers.
 * The accessors below give typed reads with errors that name the object and the attribute.
 */
export interface DicomDataset {
  readonly [keyword: string]: unknown;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A string attribute (first value), or undefined when absent or empty. */
export function optionalString(ds: DicomDataset, keyword: string): string | undefined {
  const v = first(ds[keyword]);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    // Person Name is naturalized as { Alphabetic: 'A^B' }
    const alphabetic = (v as Record<string, unknown>).Alphabetic;
    return alphabetic === undefined ? undefined : String(alphabetic);
  }
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

export function requireString(ds: DicomDataset, keyword: string, what: string): string {
  const s = optionalString(ds, keyword);
  if (s === undefined) {
    throw new AppError(
      'dicom_attribute_missing',
      `${what}: required attribute ${keyword} is missing or empty`,
      {
        details: { keyword },
      },
    );
  }
  return s;
}

/** A numeric attribute (first value), or undefined when absent, empty or not a number. */
export function optionalNumber(ds: DicomDataset, keyword: string): number | undefined {
  const v = first(ds[keyword]);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function requireNumber(ds: DicomDataset, keyword: string, what: string): number {
  const n = optionalNumber(ds, keyword);
  if (n === undefined) {
    throw new AppError(
      'dicom_attribute_missing',
      `${what}: required numeric attribute ${keyword} is missing`,
      {
        details: { keyword },
      },
    );
  }
  return n;
}

/** All values of a multi-valued numeric attribute, or undefined when absent. */
export function optionalNumbers(ds: DicomDataset, keyword: string): number[] | undefined {
  const v = ds[keyword];
  if (v === undefined || v === null || v === '') return undefined;
  const values = (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'number' ? x : Number(x)));
  return values.every(Number.isFinite) ? values : undefined;
}

/** Numeric attribute with exactly `count` values. */
export function requireNumbers(ds: DicomDataset, keyword: string, count: number, what: string): number[] {
  const values = optionalNumbers(ds, keyword);
  if (values === undefined || values.length !== count) {
    throw new AppError(
      'dicom_attribute_missing',
      `${what}: attribute ${keyword} must hold ${count} numbers, found ${values === undefined ? 'none' : values.length}`,
      { details: { keyword } },
    );
  }
  return values;
}

/** Items of a sequence attribute ([] when absent). */
export function sequenceItems(ds: DicomDataset | undefined, keyword: string): DicomDataset[] {
  if (ds === undefined) return [];
  const v = ds[keyword];
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  return items.filter(
    (x): x is DicomDataset => typeof x === 'object' && x !== null && !ArrayBuffer.isView(x),
  );
}

/** First item of a sequence, or undefined. */
export function firstItem(ds: DicomDataset | undefined, keyword: string): DicomDataset | undefined {
  return sequenceItems(ds, keyword)[0];
}

/** Pixel Data as one byte array (dcmjs gives one ArrayBuffer per fragment/frame). */
export function pixelDataBytes(ds: DicomDataset, what: string): Uint8Array {
  const v = ds.PixelData;
  if (v === undefined || v === null) {
    throw new AppError('dicom_pixel_data_missing', `${what}: no Pixel Data`);
  }
  const parts = (Array.isArray(v) ? v : [v]).map((p) =>
    p instanceof ArrayBuffer
      ? new Uint8Array(p)
      : ArrayBuffer.isView(p)
        ? new Uint8Array(p.buffer, p.byteOffset, p.byteLength)
        : new Uint8Array(0),
  );
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A coded concept (Code Sequence item) as a plain triple. */
export interface CodedConcept {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

export function optionalCode(ds: DicomDataset, sequenceKeyword: string): CodedConcept | undefined {
  const item = firstItem(ds, sequenceKeyword);
  if (item === undefined) return undefined;
  return {
    value:
      optionalString(item, 'CodeValue') ??
      optionalString(item, 'LongCodeValue') ??
      optionalString(item, 'URNCodeValue') ??
      '',
    scheme: optionalString(item, 'CodingSchemeDesignator') ?? '',
    meaning: optionalString(item, 'CodeMeaning') ?? '',
  };
}
