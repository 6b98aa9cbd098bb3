import { dirname, isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AppError } from '../errors/index.js';
import { createVolume, type Mat3, type Vec3, type Volume, type VoxelArray } from '../volume/index.js';
import { BYTES_PER_VOXEL, decodeVoxels, type ScalarType } from './voxel-decoding.js';

/**
 * NRRD reader (format versions 1–5): attached (`.nrrd`) or detached (`.nhdr` + `data file`) data,
 * `raw`, `gzip` and `ascii` encodings, `endian`, `byte skip` / `line skip`, every type name of the
 * NRRD specification, `space directions` + `space origin` with `space` LPS, RAS or LAS (converted
 * to LPS), or `spacings` when there are no space directions. 2-D images get one slice.
 */

const TYPE_NAMES: Record<string, ScalarType> = {};
function alias(type: ScalarType, names: string[]): void {
  for (const name of names) TYPE_NAMES[name] = type;
}
alias('int8', ['signed char', 'int8', 'int8_t']);
alias('uint8', ['uchar', 'unsigned char', 'uint8', 'uint8_t']);
alias('int16', ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t']);
alias('uint16', ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']);
alias('int32', ['int', 'signed int', 'int32', 'int32_t']);
alias('uint32', ['uint', 'unsigned int', 'uint32', 'uint32_t']);
alias('int64', [
  'longlong',
  'long long',
  'long long int',
  'signed long long',
  'signed long long int',
  'int64',
  'int64_t',
]);
alias('uint64', ['ulonglong', 'unsigned long long', 'unsigned long long int', 'uint64', 'uint64_t']);
alias('float32', ['float']);
alias('float64', ['double']);

/** Sign flips (x, y, z) that take a NRRD `space` to LPS. */
const SPACE_TO_LPS: Record<string, Vec3> = {
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [1, -1, 1],
  las: [1, -1, 1],
};

export interface NrrdHeader {
  readonly fields: ReadonlyMap<string, string>;
  /** Byte offset just after the blank line that ends the header (attached data start). */
  readonly dataOffset: number;
}

export function parseNrrdHeader(bytes: Uint8Array, file: string): NrrdHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (!/^NRRD000[1-5]$/.test(magic)) {
    throw new AppError(
      'image_format',
      `${file}: not a NRRD file (magic '${magic.replace(/[^\x20-\x7e]/g, '?')}')`,
    );
  }
  const fields = new Map<string, string>();
  let pos = 0;
  let dataOffset = -1;
  while (pos < bytes.length) {
    let end = bytes.indexOf(0x0a, pos);
    if (end < 0) end = bytes.length;
    let line = Buffer.from(bytes.subarray(pos, end)).toString('latin1');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    pos = end + 1;
    if (line.length === 0) {
      dataOffset = Math.min(pos, bytes.length);
      break;
    }
    if (line.startsWith('#') || line.startsWith('NRRD')) continue;
    if (line.includes(':=')) continue; // key/value pairs: metadata we do not need
    const colon = line.indexOf(': ');
    if (colon < 0) throw new AppError('image_format', `${file}: malformed NRRD header line '${line}'`);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 2).trim());
  }
  if (dataOffset < 0) dataOffset = bytes.length;
  return { fields, dataOffset };
}

type ReadBytes = (file: string) => Uint8Array;

/** Parses a NRRD header + data. `readBytes` loads a detached data file (relative to `file`). */
export function parseNrrd(bytes: Uint8Array, file: string, readBytes: ReadBytes): Volume<VoxelArray> {
  const { fields, dataOffset } = parseNrrdHeader(bytes, file);
  const need = (key: string): string => {
    const value = fields.get(key);
    if (value === undefined)
      throw new AppError('image_format', `${file}: NRRD header lacks the required field '${key}'`);
    return value;
  };
  const typeName = need('type').toLowerCase();
  const type = TYPE_NAMES[typeName];
  if (!type) throw new AppError('image_unsupported', `${file}: NRRD type '${typeName}' is not supported`);
  const dimension = Number(need('dimension'));
  const sizes = need('sizes').split(/\s+/).map(Number);
  if (
    !(dimension === 2 || dimension === 3) ||
    sizes.length !== dimension ||
    sizes.some((s) => !(Number.isInteger(s) && s > 0))
  ) {
    throw new AppError(
      'image_unsupported',
      `${file}: NRRD dimension ${dimension} with sizes '${fields.get('sizes')}'; only 2-D or 3-D scalar images are supported`,
    );
  }
  const size: Vec3 = [sizes[0]!, sizes[1]!, dimension === 3 ? sizes[2]! : 1];
  const { spacing, origin, direction } = nrrdGeometry(fields, dimension, file);

  const encoding = (fields.get('encoding') ?? 'raw').toLowerCase();
  const dataFile = fields.get('data file') ?? fields.get('datafile');
  let payload: Uint8Array;
  if (dataFile !== undefined) {
    if (/^LIST\b/.test(dataFile) || /%/.test(dataFile) || /\s/.test(dataFile.trim())) {
      throw new AppError(
        'image_unsupported',
        `${file}: NRRD multi-file 'data file: ${dataFile}' is not supported`,
      );
    }
    const target = isAbsolute(dataFile) ? dataFile : join(dirname(file), dataFile);
    payload = readBytes(target);
  } else {
    payload = bytes.subarray(dataOffset);
  }
  payload = skipLines(payload, Number(fields.get('line skip') ?? 0));
  const count = size[0] * size[1] * size[2];
  const littleEndian = (fields.get('endian') ?? 'little').toLowerCase() !== 'big';
  const byteSkip = Number(fields.get('byte skip') ?? 0);
  let data: VoxelArray;
  if (encoding === 'raw') {
    const offset = byteSkip === -1 ? payload.length - count * BYTES_PER_VOXEL[type] : byteSkip;
    data = decodeVoxels(payload, offset, count, type, littleEndian, file);
  } else if (encoding === 'gzip' || encoding === 'gz') {
    let inflated: Uint8Array;
    try {
      inflated = gunzipSync(payload);
    } catch (error) {
      throw new AppError('image_truncated', `${file}: gzip-encoded NRRD data is corrupt or truncated`, {
        cause: error,
      });
    }
    const offset = byteSkip === -1 ? inflated.length - count * BYTES_PER_VOXEL[type] : byteSkip;
    data = decodeVoxels(inflated, offset, count, type, littleEndian, file);
  } else if (encoding === 'ascii' || encoding === 'text' || encoding === 'txt') {
    data = decodeAscii(payload, count, type, file);
  } else {
    throw new AppError(
      'image_unsupported',
      `${file}: NRRD encoding '${encoding}' is not supported (raw, gzip, ascii)`,
    );
  }
  return createVolume({ size, spacing, origin, direction }, data, file);
}

function skipLines(bytes: Uint8Array, lines: number): Uint8Array {
  let pos = 0;
  for (let n = 0; n < lines; n++) {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) return bytes.subarray(bytes.length);
    pos = end + 1;
  }
  return bytes.subarray(pos);
}

function decodeAscii(bytes: Uint8Array, count: number, type: ScalarType, file: string): VoxelArray {
  const tokens = Buffer.from(bytes)
    .toString('latin1')
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t.length > 0);
  if (tokens.length < count) {
    throw new AppError('image_truncated', `${file}: ${tokens.length} ascii voxel values, ${count} expected`);
  }
  const values = tokens.slice(0, count).map(Number);
  if (values.some((v) => Number.isNaN(v)))
    throw new AppError('image_format', `${file}: non-numeric ascii voxel value`);
  switch (type) {
    case 'int8':
      return Int8Array.from(values);
    case 'uint8':
      return Uint8Array.from(values);
    case 'int16':
      return Int16Array.from(values);
    case 'uint16':
      return Uint16Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    case 'uint32':
      return Uint32Array.from(values);
    case 'float32':
      return Float32Array.from(values);
    default:
      return Float64Array.from(values);
  }
}

function parseVector(text: string, file: string): number[] | null {
  if (text === 'none') return null;
  const m = /^\(([^)]*)\)$/.exec(text.trim());
  if (!m) throw new AppError('image_format', `${file}: malformed NRRD vector '${text}'`);
  const values = m[1]!.split(',').map((s) => Number(s.trim()));
  if (values.some((v) => !Number.isFinite(v)))
    throw new AppError('image_format', `${file}: non-numeric NRRD vector '${text}'`);
  return values;
}

function nrrdGeometry(
  fields: ReadonlyMap<string, string>,
  dimension: number,
  file: string,
): { spacing: Vec3; origin: Vec3; direction: Mat3 } {
  const space = fields.get('space')?.toLowerCase();
  const spaceDimension = fields.get('space dimension');
  let flip: Vec3 = [1, 1, 1];
  if (space !== undefined) {
    const f = SPACE_TO_LPS[space];
    if (!f)
      throw new AppError(
        'image_unsupported',
        `${file}: NRRD space '${space}' is not supported (LPS, RAS or LAS)`,
      );
    flip = f;
  } else if (spaceDimension !== undefined && Number(spaceDimension) !== 3) {
    throw new AppError(
      'image_unsupported',
      `${file}: NRRD space dimension ${spaceDimension} is not supported`,
    );
  }
  const directionsText = fields.get('space directions');
  const spacing = [1, 1, 1];
  const direction = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  if (directionsText !== undefined) {
    const vectors = (directionsText.match(/\([^)]*\)|none/g) ?? []).map((t) => parseVector(t, file));
    if (vectors.length !== dimension || vectors.some((v) => v === null)) {
      throw new AppError(
        'image_unsupported',
        `${file}: NRRD space directions '${directionsText}' must give one vector per axis (no 'none' axes)`,
      );
    }
    for (let axis = 0; axis < dimension; axis++) {
      const v = vectors[axis]!.map((x, row) => x * flip[row]!);
      if (v.length !== 3)
        throw new AppError('image_unsupported', `${file}: NRRD space directions must be 3-vectors`);
      const norm = Math.hypot(v[0]!, v[1]!, v[2]!);
      if (!(norm > 0))
        throw new AppError('image_format', `${file}: NRRD space direction of axis ${axis} is zero`);
      spacing[axis] = norm;
      for (let row = 0; row < 3; row++) direction[3 * row + axis] = v[row]! / norm;
    }
    if (dimension === 2) {
      // third axis: the normal of the first two, as ITK completes a 2-D direction
      const [a0, a1, a2] = [direction[0]!, direction[3]!, direction[6]!];
      const [b0, b1, b2] = [direction[1]!, direction[4]!, direction[7]!];
      direction[2] = a1 * b2 - a2 * b1;
      direction[5] = a2 * b0 - a0 * b2;
      direction[8] = a0 * b1 - a1 * b0;
    }
  } else if (fields.has('spacings')) {
    const values = fields.get('spacings')!.split(/\s+/).map(Number);
    for (let axis = 0; axis < dimension; axis++) {
      const s = values[axis]!;
      if (Number.isFinite(s) && s > 0) spacing[axis] = s;
    }
  }
  const origin = [0, 0, 0];
  const originText = fields.get('space origin');
  if (originText !== undefined) {
    const v = parseVector(originText, file);
    if (v === null || v.length !== 3)
      throw new AppError('image_format', `${file}: NRRD space origin must be a 3-vector`);
    for (let row = 0; row < 3; row++) origin[row] = v[row]! * flip[row]! + 0;
  }
  return {
    spacing: spacing as unknown as Vec3,
    origin: origin as unknown as Vec3,
    direction: direction.map((x) => x + 0) as unknown as Mat3,
  };
}
