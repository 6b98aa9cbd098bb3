import dcmjs from 'dcmjs';
import { AppError } from '../errors/index.js';

/**
 * Writes a naturalized dataset (keyword → value, as dcmjs reads them) as a DICOM Part-10 file in
 * Explicit VR Little Endian.
 *
 * Written here rather than with dcmjs' `DicomDict.write()` because dcmjs always encodes text as
 * UTF-8 whatever `SpecificCharacterSet` says; a copy of a Latin-1 (ISO_IR 100) patient module must
 * stay Latin-1 bytes, or every PACS shows a garbled name. Output is deterministic: elements in
 * tag order, explicit lengths everywhere (no undefined-length sequences).
 */

export type NaturalDataset = Record<string, unknown>;

interface DictionaryEntry {
  tag: string;
  vr: string;
}

const nameMap = (
  dcmjs as unknown as { data: { DicomMetaDictionary: { nameMap: Record<string, DictionaryEntry> } } }
).data.DicomMetaDictionary.nameMap;

export const EXPLICIT_VR_LITTLE_ENDIAN_UID = '1.2.840.10008.1.2.1';
/** The product's ImplementationClassUID (file meta group of everything it writes). */
export const IMPLEMENTATION_CLASS_UID = '2.25.262541218917370716375436046347866455811';
const IMPLEMENTATION_VERSION_NAME = 'HER2RADIOMICS_1';

const LONG_LENGTH_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const TEXT_VRS = new Set([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);
/** VRs whose text follows SpecificCharacterSet; the others are always ASCII. */
const CHARSET_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

type Encoding = 'ascii' | 'latin1' | 'utf8';

function encodingOf(charset: unknown): Encoding {
  const first = Array.isArray(charset) ? charset.find((c) => c !== '') : charset;
  switch (first) {
    case undefined:
    case null:
    case '':
    case 'ISO_IR 6':
      return 'ascii';
    case 'ISO_IR 100':
      return 'latin1';
    case 'ISO_IR 192':
      return 'utf8';
    default:
      throw new AppError('dicom_charset_unsupported', `cannot write SpecificCharacterSet ${String(first)}`);
  }
}

function encodeText(text: string, encoding: Encoding, where: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const limit = encoding === 'ascii' ? 0x7f : 0xff;
  for (const ch of text) {
    if (ch.codePointAt(0)! > limit) {
      throw new AppError(
        'dicom_charset_mismatch',
        `${where}: character U+${ch.codePointAt(0)!.toString(16).toUpperCase()} cannot be written in ${encoding === 'ascii' ? 'the default repertoire' : 'ISO_IR 100'}`,
      );
    }
  }
  return Buffer.from(text, 'latin1');
}

function personName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    const groups = [v.Alphabetic ?? '', v.Ideographic ?? '', v.Phonetic ?? ''];
    while (groups.length > 1 && groups[groups.length - 1] === '') groups.pop();
    return groups.join('=');
  }
  return String(value ?? '');
}

function formatNumberString(value: unknown, vr: 'DS' | 'IS'): string {
  if (typeof value === 'string') return value;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new AppError('dicom_value_invalid', `${vr} value ${String(value)} is not a finite number`);
  if (vr === 'IS') return String(Math.round(n));
  // DS holds at most 16 characters
  let text = String(n);
  if (text.length > 16) text = n.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
  if (text.length > 16) text = n.toExponential(8);
  return text;
}

function values(raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw : [raw];
}

function resolveVr(keyword: string, entry: DictionaryEntry, dataset: NaturalDataset): string {
  const override = (dataset._vrMap as Record<string, string> | undefined)?.[keyword];
  if (override) return override;
  switch (entry.vr) {
    case 'ox':
      return Number(dataset.BitsAllocated ?? 16) > 8 ? 'OW' : 'OB';
    case 'xs':
      return Number(dataset.PixelRepresentation ?? 0) === 1 ? 'SS' : 'US';
    case 'lt':
      return 'US';
    case 'up':
      return 'UL';
    case 'na':
      throw new AppError('dicom_value_invalid', `${keyword} has no VR to write`);
    default:
      return entry.vr;
  }
}

function encodeValue(
  keyword: string,
  vr: string,
  raw: unknown,
  encoding: Encoding,
  dataset: NaturalDataset,
): Buffer {
  const list = values(raw);
  if (TEXT_VRS.has(vr)) {
    const parts = list.map((v) =>
      vr === 'PN' ? personName(v) : vr === 'DS' || vr === 'IS' ? formatNumberString(v, vr) : String(v),
    );
    const text = vr === 'LT' || vr === 'ST' || vr === 'UT' || vr === 'UR' ? parts.join('') : parts.join('\\');
    const bytes = encodeText(text, CHARSET_VRS.has(vr) ? encoding : 'ascii', keyword);
    if (bytes.length % 2 === 0) return bytes;
    return Buffer.concat([bytes, Buffer.from([vr === 'UI' ? 0 : 0x20])]);
  }
  switch (vr) {
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
    case 'SV':
    case 'UV': {
      const size = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8 }[vr];
      const buffer = Buffer.alloc(size * list.length);
      list.forEach((v, n) => {
        const o = n * size;
        if (vr === 'US') buffer.writeUInt16LE(Number(v), o);
        else if (vr === 'SS') buffer.writeInt16LE(Number(v), o);
        else if (vr === 'UL') buffer.writeUInt32LE(Number(v), o);
        else if (vr === 'SL') buffer.writeInt32LE(Number(v), o);
        else if (vr === 'FL') buffer.writeFloatLE(Number(v), o);
        else if (vr === 'FD') buffer.writeDoubleLE(Number(v), o);
        else if (vr === 'SV') buffer.writeBigInt64LE(BigInt(v as number), o);
        else buffer.writeBigUInt64LE(BigInt(v as number), o);
      });
      return buffer;
    }
    case 'AT': {
      const buffer = Buffer.alloc(4 * list.length);
      list.forEach((v, n) => {
        const tag = Number.parseInt(String(v).replace(/[(),]/g, ''), 16);
        buffer.writeUInt16LE(tag >>> 16, n * 4);
        buffer.writeUInt16LE(tag & 0xffff, n * 4 + 2);
      });
      return buffer;
    }
    case 'SQ':
      return Buffer.concat(
        list.map((item) => {
          const body = encodeDataset(item as NaturalDataset, encoding);
          const header = Buffer.alloc(8);
          header.writeUInt16LE(0xfffe, 0);
          header.writeUInt16LE(0xe000, 2);
          header.writeUInt32LE(body.length, 4);
          return Buffer.concat([header, body]);
        }),
      );
    case 'OB':
    case 'OW':
    case 'OD':
    case 'OF':
    case 'OL':
    case 'OV':
    case 'UN': {
      const chunks = list.map((v) => {
        if (v instanceof ArrayBuffer) return Buffer.from(v);
        if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        throw new AppError('dicom_value_invalid', `${keyword} (${vr}) needs binary data`);
      });
      const bytes = Buffer.concat(chunks);
      return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([0])]);
    }
    default:
      throw new AppError('dicom_value_invalid', `${keyword}: cannot write VR ${vr}`, {
        details: { dataset: Object.keys(dataset).length },
      });
  }
}

function elementHeader(tag: number, vr: string, length: number): Buffer {
  const long = LONG_LENGTH_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(tag >>> 16, 0);
  header.writeUInt16LE(tag & 0xffff, 2);
  header.write(vr, 4, 'ascii');
  if (long) header.writeUInt32LE(length, 8);
  else {
    if (length > 0xffff)
      throw new AppError('dicom_value_invalid', `value of VR ${vr} too long (${length} bytes)`);
    header.writeUInt16LE(length, 6);
  }
  return header;
}

function tagOf(keyword: string): { tag: number; entry: DictionaryEntry } {
  const entry = nameMap[keyword];
  if (!entry) throw new AppError('dicom_keyword_unknown', `unknown DICOM keyword ${keyword}`);
  return { tag: Number.parseInt(entry.tag.replace(/[(),]/g, ''), 16), entry };
}

/** Encodes the elements of a dataset, sorted by tag; file meta (group 0002) only when `meta`. */
export function encodeDataset(dataset: NaturalDataset, inherited: Encoding = 'ascii', meta = false): Buffer {
  const encoding =
    dataset.SpecificCharacterSet !== undefined ? encodingOf(dataset.SpecificCharacterSet) : inherited;
  const elements: { tag: number; bytes: Buffer }[] = [];
  for (const [keyword, raw] of Object.entries(dataset)) {
    if (keyword.startsWith('_') || raw === undefined) continue;
    const { tag, entry } = tagOf(keyword);
    if ((tag >>> 16 === 0x0002) !== meta) continue;
    const vr = resolveVr(keyword, entry, dataset);
    const value = encodeValue(keyword, vr, raw, encoding, dataset);
    elements.push({ tag, bytes: Buffer.concat([elementHeader(tag, vr, value.length), value]) });
  }
  elements.sort((a, b) => a.tag - b.tag);
  return Buffer.concat(elements.map((e) => e.bytes));
}

export interface WritePart10Options {
  /** ImplementationClassUID of the file meta group (the product's own by default). */
  implementationClassUid?: string;
}

/** A complete Part-10 file: preamble, "DICM", file meta group, dataset (Explicit VR Little Endian). */
export function writePart10(dataset: NaturalDataset, options: WritePart10Options = {}): Buffer {
  const sopClass = dataset.SOPClassUID;
  const sopInstance = dataset.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string') {
    throw new AppError('dicom_value_invalid', 'a Part-10 file needs SOPClassUID and SOPInstanceUID');
  }
  const meta = encodeDataset(
    {
      FileMetaInformationVersion: new Uint8Array([0, 1]),
      MediaStorageSOPClassUID: sopClass,
      MediaStorageSOPInstanceUID: sopInstance,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN_UID,
      ImplementationClassUID: options.implementationClassUid ?? IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
    },
    'ascii',
    true,
  );
  const groupLength = Buffer.concat([elementHeader(0x00020000, 'UL', 4), Buffer.alloc(4)]);
  groupLength.writeUInt32LE(meta.length, 8);
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'ascii'),
    groupLength,
    meta,
    encodeDataset(dataset),
  ]);
}
