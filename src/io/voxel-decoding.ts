import { AppError } from '../errors/index.js';
import type { VoxelArray } from '../volume/index.js';

/** Scalar voxel types the readers understand, named as numpy/ITK name them. */
export type ScalarType =
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'float32'
  | 'float64';

export const BYTES_PER_VOXEL: Record<ScalarType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
};

/**
 * Decodes `count` voxels of `type` from `bytes` (starting at `offset`). 64-bit integers become
 * Float64Array (our volumes have no BigInt arrays; values beyond 2^53 lose precision, which no
 * medical image reaches). `file` names the input in errors.
 */
export function decodeVoxels(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: ScalarType,
  littleEndian: boolean,
  file: string,
): VoxelArray {
  const width = BYTES_PER_VOXEL[type];
  const needed = count * width;
  if (offset < 0 || offset + needed > bytes.length) {
    throw new AppError(
      'image_truncated',
      `${file}: voxel data truncated: ${needed} bytes expected from offset ${offset}, file has ${Math.max(0, bytes.length - offset)}`,
      { details: { expected: needed, available: bytes.length - offset } },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, needed);
  switch (type) {
    case 'int8':
      return Int8Array.from({ length: count }, (_, n) => view.getInt8(n));
    case 'uint8':
      return Uint8Array.from(bytes.subarray(offset, offset + needed));
    case 'int16': {
      const out = new Int16Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getInt16(2 * n, littleEndian);
      return out;
    }
    case 'uint16': {
      const out = new Uint16Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getUint16(2 * n, littleEndian);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getInt32(4 * n, littleEndian);
      return out;
    }
    case 'uint32': {
      const out = new Uint32Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getUint32(4 * n, littleEndian);
      return out;
    }
    case 'int64': {
      const out = new Float64Array(count);
      for (let n = 0; n < count; n++) out[n] = Number(view.getBigInt64(8 * n, littleEndian));
      return out;
    }
    case 'uint64': {
      const out = new Float64Array(count);
      for (let n = 0; n < count; n++) out[n] = Number(view.getBigUint64(8 * n, littleEndian));
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getFloat32(4 * n, littleEndian);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let n = 0; n < count; n++) out[n] = view.getFloat64(8 * n, littleEndian);
      return out;
    }
  }
}

/** gzip streams start with the two magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
