import dcmjs from 'dcmjs';
import { AppError } from '../errors/index.js';
import { type DicomDataset, pixelDataBytes } from './dataset.js';
import {
  checkInstanceBytes,
  DEFAULT_INPUT_LIMITS,
  declaredVoxels,
  type InputLimits,
} from './input-limits.js';
import { checkPart10Structure } from './part10-structure.js';

/**
 * Low-level Part-10 reading and writing on top of dcmjs (which ships no types): the only module that
 * touches dcmjs' reader, so the rest of `src/dicom` works on plain naturalized datasets
 * (keyword → value; numbers for DS/IS/US…, arrays for multi-valued, arrays of datasets for SQ).
 */

/** Uncompressed transfer syntaxes dcmjs decodes (deflate is inflated by dcmjs itself). */
export const UNCOMPRESSED_TRANSFER_SYNTAXES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
};

const COMPRESSED_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/** A decoded DICOM object. */
export interface Part10Object {
  readonly dataset: DicomDataset;
  readonly transferSyntaxUID: string;
  /** False when the bytes were a bare dataset without preamble, "DICM" and file meta group. */
  readonly hadPart10Header: boolean;
}

interface DcmjsDict {
  meta: Record<string, unknown>;
  dict: Record<string, unknown>;
  write(options?: Record<string, unknown>): ArrayBuffer;
}

interface DcmjsApi {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DcmjsDict };
    DicomMetaDictionary: {
      naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
    };
    DicomDict: new (meta: Record<string, unknown>) => DcmjsDict;
  };
  log?: { setLevel?: (level: string) => void };
}

const api = dcmjs as unknown as DcmjsApi;

/**
 * Decodes DICOM bytes. Accepts Part-10 files and bare datasets (no preamble; implicit or explicit VR
 * little endian is guessed from the first element, as DCMTK does). Throws `dicom_unreadable` for
 * truncated/garbled input and `dicom_compressed_unsupported` naming the transfer syntax when pixel data
 * are compressed (we cannot decode them without a codec; the PACS can transcode on request).
 * `limits` are checked before parsing (instance bytes) and before any pixel is touched (declared
 * Rows × Columns × NumberOfFrames).
 */
export function readPart10(
  bytes: Uint8Array,
  what: string,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Part10Object {
  checkInstanceBytes(bytes.length, what, limits);
  const hadPart10Header = hasPart10Header(bytes);
  const file = hadPart10Header ? bytes : wrapBareDataset(bytes, what);
  checkPart10Structure(file, what);
  let dict: DcmjsDict;
  try {
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    dict = api.data.DicomMessage.readFile(buffer, { ignoreErrors: false });
  } catch (error) {
    throw new AppError('dicom_unreadable', `${what}: not a readable DICOM object (${String(error)})`, {
      cause: error,
    });
  }
  const meta = api.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
  const transferSyntaxUID = String(meta.TransferSyntaxUID ?? '');
  let dataset = api.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as DicomDataset;
  if (dataset.PixelData !== undefined) declaredVoxels(dataset, what, limits);
  if (transferSyntaxUID === EXPLICIT_VR_BIG_ENDIAN) dataset = pixelDataToLittleEndian(dataset);
  if (!(transferSyntaxUID in UNCOMPRESSED_TRANSFER_SYNTAXES) && dataset.PixelData !== undefined) {
    const name = COMPRESSED_NAMES[transferSyntaxUID] ?? 'unknown transfer syntax';
    throw new AppError(
      'dicom_compressed_unsupported',
      `${what}: pixel data use transfer syntax ${transferSyntaxUID} (${name}), which this reader does not decode; ` +
        'request an uncompressed transfer syntax (e.g. Explicit VR Little Endian) from the PACS',
      { details: { transferSyntaxUID } },
    );
  }
  checkNotTruncated(dataset, what);
  if (dataset.PixelData !== undefined)
    checkPixelDataComplete(file, pixelDataBytes(dataset, what).length, what);
  // dcmjs decodes text to Unicode and then claims ISO_IR 192 for every file; keep what the file
  // declared, so a copy written by part10-writer encodes the text as the source did.
  const declared = declaredCharacterSet(file, transferSyntaxUID);
  if (declared !== undefined) dataset = { ...dataset, SpecificCharacterSet: declared };
  return { dataset, transferSyntaxUID, hadPart10Header };
}

/**
 * The SpecificCharacterSet value as written in a little-endian Part-10 file (it is one of the
 * first elements of the dataset), or undefined when absent or not cheaply readable.
 */
export function declaredCharacterSet(
  file: Uint8Array,
  transferSyntaxUID: string,
): string | string[] | undefined {
  if (transferSyntaxUID !== EXPLICIT_VR_LITTLE_ENDIAN && transferSyntaxUID !== IMPLICIT_VR_LITTLE_ENDIAN)
    return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 144 || view.getUint16(132, true) !== 0x0002 || view.getUint16(134, true) !== 0x0000)
    return undefined;
  let offset = 144 + view.getUint32(140, true);
  const explicit = transferSyntaxUID === EXPLICIT_VR_LITTLE_ENDIAN;
  for (let element = 0; element < 4 && offset + 8 <= file.length; element++) {
    const group = view.getUint16(offset, true);
    const number = view.getUint16(offset + 2, true);
    if (group > 0x0008 || (group === 0x0008 && number > 0x0005)) return undefined;
    let length: number;
    let valueOffset: number;
    if (explicit) {
      const vr = String.fromCharCode(file[offset + 4]!, file[offset + 5]!);
      const long = ['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'UC', 'UR', 'OD', 'OL', 'OV', 'SV', 'UV'].includes(
        vr,
      );
      length = long ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
      valueOffset = offset + (long ? 12 : 8);
    } else {
      length = view.getUint32(offset + 4, true);
      valueOffset = offset + 8;
    }
    if (length === 0xffffffff || valueOffset + length > file.length) return undefined;
    if (group === 0x0008 && number === 0x0005) {
      const text = new TextDecoder('latin1').decode(file.subarray(valueOffset, valueOffset + length)).trim();
      const values = text.split('\\').map((v) => v.trim());
      return values.length === 1 ? values[0] : values;
    }
    offset = valueOffset + length;
  }
  return undefined;
}

/**
 * dcmjs leaves big-endian OW Pixel Data in file byte order; swap it once here so every later
 * reader sees little-endian words whatever the transfer syntax was.
 */
function pixelDataToLittleEndian(dataset: DicomDataset): DicomDataset {
  const bits = Number(dataset.BitsAllocated ?? 8);
  const pixels = dataset.PixelData;
  if (bits <= 8 || pixels === undefined) return dataset;
  const wordBytes = bits / 8;
  const swapped = (Array.isArray(pixels) ? pixels : [pixels]).map((part: ArrayBuffer) => {
    const bytes = new Uint8Array(part.slice(0));
    for (let p = 0; p + wordBytes <= bytes.length; p += wordBytes) bytes.subarray(p, p + wordBytes).reverse();
    return bytes.buffer;
  });
  return { ...dataset, PixelData: swapped };
}

/** Decodes several files (e.g. one series fetched from the PACS) into named datasets. */
export function readInstances(files: readonly { readonly name: string; readonly bytes: Uint8Array }[]): {
  name: string;
  dataset: DicomDataset;
}[] {
  return files.map(({ name, bytes }) => ({ name, dataset: readPart10(bytes, name).dataset }));
}

function hasPart10Header(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/**
 * Prepends a minimal file meta group to a bare dataset so dcmjs can read it. The transfer syntax is
 * guessed: explicit VR when bytes 4..5 of the first element look like a VR (two upper-case letters).
 */
function wrapBareDataset(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length < 8 || bytes[1] !== 0x00) {
    throw new AppError('dicom_unreadable', `${what}: neither a DICOM Part-10 file nor a bare DICOM dataset`);
  }
  const isUpper = (b: number | undefined) => b !== undefined && b >= 0x41 && b <= 0x5a;
  const syntax =
    isUpper(bytes[4]) && isUpper(bytes[5]) ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
  const uid = syntax.length % 2 === 0 ? syntax : `${syntax}\0`;
  const syntaxElement = 8 + uid.length;
  const out = new Uint8Array(132 + 12 + syntaxElement + bytes.length);
  const view = new DataView(out.buffer);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  let p = 132;
  // (0002,0000) UL FileMetaInformationGroupLength
  view.setUint16(p, 0x0002, true);
  view.setUint16(p + 2, 0x0000, true);
  out.set([0x55, 0x4c], p + 4);
  view.setUint16(p + 6, 4, true);
  view.setUint32(p + 8, syntaxElement, true);
  p += 12;
  // (0002,0010) UI TransferSyntaxUID
  view.setUint16(p, 0x0002, true);
  view.setUint16(p + 2, 0x0010, true);
  out.set([0x55, 0x49], p + 4);
  view.setUint16(p + 6, uid.length, true);
  for (let n = 0; n < uid.length; n++) out[p + 8 + n] = uid.charCodeAt(n);
  p += syntaxElement;
  out.set(bytes, p);
  return out;
}

/**
 * dcmjs pads a Pixel Data element cut off by the end of the file instead of failing, so look for the
 * element header ourselves: the last (7FE0,0010) tag (little- or big-endian byte order) whose length
 * field equals the length dcmjs decoded (so a chance match inside pixel values is not taken for it),
 * and check that its value fits in the file. Deflated files cannot be checked this way.
 */
function checkPixelDataComplete(file: Uint8Array, declaredLength: number, what: string): void {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (const [pattern, little] of [
    [Buffer.from([0xe0, 0x7f, 0x10, 0x00]), true],
    [Buffer.from([0x7f, 0xe0, 0x00, 0x10]), false],
  ] as const) {
    for (let p = bytes.lastIndexOf(pattern); p >= 132; p = p === 0 ? -1 : bytes.lastIndexOf(pattern, p - 1)) {
      if (p + 12 > file.length) continue;
      const vr = String.fromCharCode(file[p + 4]!, file[p + 5]!);
      const explicit = vr === 'OB' || vr === 'OW';
      const length = explicit ? view.getUint32(p + 8, little) : view.getUint32(p + 4, little);
      if (length !== declaredLength) continue;
      const start = p + (explicit ? 12 : 8);
      if (start + length > file.length) {
        throw new AppError(
          'dicom_truncated',
          `${what}: file truncated: Pixel Data declares ${length} bytes but only ${file.length - start} follow`,
          { details: { declared: length, present: file.length - start } },
        );
      }
      return;
    }
  }
}

/** dcmjs silently returns short Pixel Data for a cut-off file; catch that here. */
function checkNotTruncated(dataset: DicomDataset, what: string): void {
  const pixels = dataset.PixelData;
  if (pixels === undefined) return;
  const rows = Number(dataset.Rows ?? 0);
  const columns = Number(dataset.Columns ?? 0);
  const bits = Number(dataset.BitsAllocated ?? 0);
  const frames = Number(dataset.NumberOfFrames ?? 1);
  const samples = Number(dataset.SamplesPerPixel ?? 1);
  const expectedBytes = Math.ceil((rows * columns * frames * samples * bits) / 8);
  const buffers = Array.isArray(pixels) ? pixels : [pixels];
  let found = 0;
  for (const b of buffers)
    found += b instanceof ArrayBuffer ? b.byteLength : ArrayBuffer.isView(b) ? b.byteLength : 0;
  if (found < expectedBytes) {
    throw new AppError(
      'dicom_truncated',
      `${what}: Pixel Data holds ${found} bytes but ${rows}x${columns}x${frames} at ${bits} bits needs ${expectedBytes} (file truncated?)`,
      { details: { found, expectedBytes } },
    );
  }
}
