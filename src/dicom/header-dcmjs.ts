import { createRequire } from 'node:module';
import { AppError } from '../errors/index.js';

/**
 * A naturalised DICOM data set as dcmjs returns it: standard attributes under their keywords
 * (`SeriesDescription`), private and unknown ones under their 8-digit upper-case hex tag
 * (`00431039`), sequences as arrays of nested data sets, single values unwrapped.
 */
export type NaturalDataset = Record<string, unknown>;

/** The part of dcmjs' untyped API we use (dcmjs ships no TypeScript declarations). */
interface DcmjsSubset {
  data: {
    DicomMessage: {
      readFile(
        buffer: ArrayBuffer,
        options?: { untilTag?: string; includeUntilTagValue?: boolean },
      ): { dict: Record<string, unknown>; meta: Record<string, unknown> };
    };
    DicomMetaDictionary: { naturalizeDataset(dict: Record<string, unknown>): NaturalDataset };
  };
}

// createRequire instead of `import dcmjs from 'dcmjs'`: a typed local handle without an ambient
// `declare module 'dcmjs'` that would clash with other modules declaring it.
const dcmjs = createRequire(import.meta.url)('dcmjs') as DcmjsSubset;

/**
 * Parses a Part-10 DICOM file up to (not including) Pixel Data and returns the naturalised header.
 * `what` names the input in error messages (a file name, never patient data).
 */
export function readNaturalHeader(bytes: ArrayBuffer | Uint8Array, what: string): NaturalDataset {
  const buffer =
    bytes instanceof Uint8Array
      ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
      : bytes;
  let dict: Record<string, unknown>;
  try {
    dict = dcmjs.data.DicomMessage.readFile(buffer, {
      untilTag: '7FE00010',
      includeUntilTagValue: false,
    }).dict;
  } catch (cause) {
    throw new AppError('dicom_unreadable', `${what}: not a readable DICOM Part-10 file`, { cause });
  }
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict);
}
