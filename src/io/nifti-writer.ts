import { gzipSync } from 'node:zlib';
import { AppError } from '../errors/index.js';
import type { Volume, VoxelArray } from '../volume/index.js';

/**
 * NIfTI-1 writer (single file, little endian, vox_offset 352). Voxels are stored as uint8, int16
 * or float32 according to the array type (Float64Array is narrowed to float32). The LPS geometry
 * is written as RAS+ (x, y rows negated) into both the qform (quaternion, qfac = pixdim[0]) and
 * the sform, with both codes 1 (scanner anatomical), as ITK writes them; our reader picks the
 * sform on read, so a round trip keeps the geometry to float32 precision.
 */
export function encodeNifti(volume: Volume<VoxelArray>, options: { gzip?: boolean } = {}): Uint8Array {
  const { datatype, bitpix } = niftiType(volume.data);
  const g = volume.geometry;
  const count = g.size[0] * g.size[1] * g.size[2];
  const voxOffset = 352;
  const out = new Uint8Array(voxOffset + count * (bitpix / 8));
  const view = new DataView(out.buffer);
  view.setInt32(0, 348, true);
  const dim = [3, g.size[0], g.size[1], g.size[2], 1, 1, 1, 1];
  for (const [n, v] of dim.entries()) view.setInt16(40 + 2 * n, v, true);
  view.setInt16(70, datatype, true);
  view.setInt16(72, bitpix, true);

  // RAS rotation: LPS direction with its x and y rows negated.
  const d = g.direction;
  const r = [-d[0], -d[1], -d[2], -d[3], -d[4], -d[5], d[6], d[7], d[8]];
  const det =
    r[0] * (r[4] * r[8] - r[5] * r[7]) -
    r[1] * (r[3] * r[8] - r[5] * r[6]) +
    r[2] * (r[3] * r[7] - r[4] * r[6]);
  const qfac = det < 0 ? -1 : 1;
  const proper = r.map((v, n) => (n % 3 === 2 ? v * qfac : v));
  const [b, c, dq] = quaternionOf(proper);
  const pixdim = [qfac, g.spacing[0], g.spacing[1], g.spacing[2], 1, 1, 1, 1];
  for (const [n, v] of pixdim.entries()) view.setFloat32(76 + 4 * n, v, true);
  view.setFloat32(108, voxOffset, true);
  view.setFloat32(112, 1, true); // scl_slope
  view.setFloat32(116, 0, true); // scl_inter
  out[123] = 2 | 8; // xyzt_units: mm, s
  view.setInt16(252, 1, true);
  view.setInt16(254, 1, true);
  view.setFloat32(256, b, true);
  view.setFloat32(260, c, true);
  view.setFloat32(264, dq, true);
  const origin = [-g.origin[0], -g.origin[1], g.origin[2]];
  for (const [n, v] of origin.entries()) view.setFloat32(268 + 4 * n, v, true);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      view.setFloat32(280 + 16 * row + 4 * col, r[3 * row + col]! * g.spacing[col]!, true);
    }
    view.setFloat32(280 + 16 * row + 12, origin[row]!, true);
  }
  out.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  const data = volume.data;
  for (let n = 0; n < count; n++) {
    const at = voxOffset + n * (bitpix / 8);
    if (datatype === 2) view.setUint8(at, data[n]!);
    else if (datatype === 4) view.setInt16(at, data[n]!, true);
    else view.setFloat32(at, data[n]!, true);
  }
  return options.gzip ? gzipSync(out, { level: 6 }) : out;
}

function niftiType(data: VoxelArray): { datatype: number; bitpix: number } {
  if (data instanceof Uint8Array) return { datatype: 2, bitpix: 8 };
  if (data instanceof Int16Array) return { datatype: 4, bitpix: 16 };
  if (data instanceof Float32Array || data instanceof Float64Array) return { datatype: 16, bitpix: 32 };
  throw new AppError(
    'image_unsupported',
    `NIfTI writer: ${data.constructor.name} voxels are not supported (uint8, int16, float32 or float64)`,
  );
}

/** Unit quaternion (b, c, d; a ≥ 0) of a proper rotation matrix, row-major. */
function quaternionOf(r: number[]): [number, number, number] {
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return [b, c, d];
}
