import { gunzipSync } from 'node:zlib';
import { AppError } from '../errors/index.js';
import { createVolume, type Mat3, type Vec3, type Volume, type VoxelArray } from '../volume/index.js';
import { decodeVoxels, isGzip, type ScalarType } from './voxel-decoding.js';

/**
 * NIfTI-1 reader (`.nii`, `.nii.gz`; single-file `n+1` only). Geometry is returned in LPS, as
 * ITK/SimpleITK (and therefore PyRadiomics) report it.
 *
 * Orientation follows ITK's `NiftiImageIO` (5.x) choice between sform and qform:
 * 1. qform_code and sform_code both 0 → origin 0, identity direction, spacing from pixdim.
 * 2. the sform is used when its 3×3 part normalises to an orthonormal matrix and the qform is
 *    absent, or sform_code = 1 (scanner anatomical), or the two transforms agree;
 * 3. otherwise the qform (quaternion, qfac = pixdim[0]) when qform_code > 0;
 * 4. otherwise the file is rejected (a sheared sform cannot be represented in ITK's geometry).
 * Checked against what ITK 5.2 actually reads for hand-made headers (test/fixtures/itk,
 * nifti_precedence.json): q1/s1 → sform, q1/s2 and q1/s4 → qform, q0/s2 → sform, q2/s0 → qform,
 * both 0 → identity, q1 with a sheared s1 → qform. (Newer ITK also compares disagreeing forms with
 * sform codes 2–4 through an SVD; that refinement is not reproduced.)
 * NIfTI's RAS+ world is turned into LPS by negating the first two rows (x, y) of the transform.
 * With scl_slope ≠ 0 and (slope, inter) ≠ (1, 0), voxels are scaled into float32, as ITK does.
 */

const DATATYPES: Record<number, ScalarType> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
  1024: 'int64',
  1280: 'uint64',
};

const XFORM_SCANNER_ANAT = 1;
const HEADER_SIZE = 348;

export interface NiftiHeader {
  readonly littleEndian: boolean;
  readonly dim: readonly number[];
  readonly datatype: number;
  readonly pixdim: readonly number[];
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quatern: Vec3;
  readonly qoffset: Vec3;
  /** srow_x, srow_y, srow_z: 3 rows of 4. */
  readonly srow: readonly number[];
}

export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  if (bytes.length < HEADER_SIZE) {
    throw new AppError('image_truncated', `${file}: NIfTI header truncated (${bytes.length} of 348 bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let le = true;
  if (view.getInt32(0, true) !== HEADER_SIZE) {
    if (view.getInt32(0, false) !== HEADER_SIZE) {
      throw new AppError('image_format', `${file}: not a NIfTI-1 file (sizeof_hdr is not 348)`);
    }
    le = false;
  }
  const magic = String.fromCharCode(bytes[344]!, bytes[345]!, bytes[346]!);
  if (magic !== 'n+1') {
    const what = magic === 'ni1' ? 'a two-file (.hdr/.img) NIfTI pair' : 'an Analyze file';
    throw new AppError('image_format', `${file}: ${what} is not supported, only single-file NIfTI-1 (n+1)`);
  }
  const i16 = (o: number) => view.getInt16(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  return {
    littleEndian: le,
    dim: Array.from({ length: 8 }, (_, n) => i16(40 + 2 * n)),
    datatype: i16(70),
    pixdim: Array.from({ length: 8 }, (_, n) => f32(76 + 4 * n)),
    voxOffset: f32(108),
    sclSlope: f32(112),
    sclInter: f32(116),
    qformCode: i16(252),
    sformCode: i16(254),
    quatern: [f32(256), f32(260), f32(264)],
    qoffset: [f32(268), f32(272), f32(276)],
    srow: Array.from({ length: 12 }, (_, n) => f32(280 + 4 * n)),
  };
}

/** Parses a NIfTI-1 file's bytes (gzip-compressed or not). `file` names the input in errors. */
export function parseNifti(raw: Uint8Array, file: string): Volume<VoxelArray> {
  let bytes = raw;
  if (isGzip(raw)) {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      throw new AppError('image_truncated', `${file}: gzip stream is corrupt or truncated`, { cause: error });
    }
  }
  const h = parseNiftiHeader(bytes, file);
  const ndim = h.dim[0]!;
  if (ndim < 1 || ndim > 7) {
    throw new AppError('image_format', `${file}: dim[0] = ${ndim} is outside 1..7`);
  }
  for (let d = 4; d <= ndim; d++) {
    if (h.dim[d]! > 1) {
      throw new AppError(
        'image_unsupported',
        `${file}: ${ndim}-D image (dim[${d}] = ${h.dim[d]}); only 3-D scalar images are supported`,
      );
    }
  }
  const size: Vec3 = [1, 2, 3].map((d) => (d <= ndim ? h.dim[d]! : 1)) as unknown as Vec3;
  const type = DATATYPES[h.datatype];
  if (!type) {
    throw new AppError(
      'image_unsupported',
      `${file}: NIfTI datatype ${h.datatype} is not supported (scalar types only)`,
    );
  }
  const count = size[0] * size[1] * size[2];
  const offset = Math.max(HEADER_SIZE, Math.floor(h.voxOffset));
  let data = decodeVoxels(bytes, offset, count, type, h.littleEndian, file);
  const slope = h.sclSlope;
  const inter = h.sclInter;
  if (Number.isFinite(slope) && slope !== 0 && (slope !== 1 || inter !== 0)) {
    const scaled = new Float32Array(count);
    for (let n = 0; n < count; n++) scaled[n] = data[n]! * slope + inter;
    data = scaled;
  }
  const spacing: Vec3 = [1, 2, 3].map((d) => {
    const s = d <= ndim ? Math.abs(h.pixdim[d]!) : 1;
    return s > 0 ? s : 1;
  }) as unknown as Vec3;
  const { origin, direction } = niftiOrientation(h, spacing, file);
  return createVolume({ size, spacing, origin, direction }, data, file);
}

/** Origin and direction in LPS, following ITK's sform/qform precedence (see the module comment). */
export function niftiOrientation(
  h: NiftiHeader,
  spacing: Vec3,
  file: string,
): { origin: Vec3; direction: Mat3 } {
  if (h.qformCode <= 0 && h.sformCode <= 0) {
    return { origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
  }
  const q = h.qformCode > 0 ? qformAffine(h, spacing) : null;
  const s = h.sformCode > 0 ? sformRigid(h.srow) : null;
  if (s) {
    const agrees = q !== null && sameAffine(q, h.srow);
    if (q === null || h.sformCode === XFORM_SCANNER_ANAT || agrees) {
      return rasToLps(s.rotation, s.translation);
    }
  }
  if (q) return rasToLps(q.rotation, q.translation);
  throw new AppError(
    'image_geometry',
    `${file}: sform has shear or unequal scaling and there is no qform; orientation cannot be represented`,
  );
}

interface RasTransform {
  /** 3×3 row-major unit-column rotation in RAS. */
  rotation: number[];
  translation: number[];
  /** rotation · diag(spacing), row-major: the full 3×3 of the affine. */
  affine3: number[];
}

function qformAffine(h: NiftiHeader, spacing: Vec3): RasTransform {
  let [b, c, d] = h.quatern;
  let a2 = 1 - (b * b + c * c + d * d);
  if (a2 < 1e-7) {
    // nifti1_io: a is taken as 0 and (b, c, d) renormalised (a 180° rotation)
    const norm = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= norm;
    c *= norm;
    d *= norm;
    a2 = 0;
  }
  const a = Math.sqrt(a2);
  const qfac = h.pixdim[0]! < 0 ? -1 : 1;
  const r = [
    a * a + b * b - c * c - d * d,
    2 * (b * c - a * d),
    2 * (b * d + a * c) * qfac,
    2 * (b * c + a * d),
    a * a + c * c - b * b - d * d,
    2 * (c * d - a * b) * qfac,
    2 * (b * d - a * c),
    2 * (c * d + a * b),
    (a * a + d * d - c * c - b * b) * qfac,
  ];
  const affine3 = r.map((v, n) => v * spacing[n % 3]!);
  return { rotation: r, translation: [...h.qoffset], affine3 };
}

/** The sform's rotation (columns normalised) when it is orthonormal within 1e-4, else null. */
function sformRigid(srow: readonly number[]): { rotation: number[]; translation: number[] } | null {
  const m = [srow[0]!, srow[1]!, srow[2]!, srow[4]!, srow[5]!, srow[6]!, srow[8]!, srow[9]!, srow[10]!];
  const rotation = m.slice();
  for (let col = 0; col < 3; col++) {
    const norm = Math.hypot(m[col]!, m[3 + col]!, m[6 + col]!);
    if (!(norm > 0)) return null;
    for (let row = 0; row < 3; row++) rotation[3 * row + col] = m[3 * row + col]! / norm;
  }
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      const dot =
        rotation[i]! * rotation[j]! +
        rotation[3 + i]! * rotation[3 + j]! +
        rotation[6 + i]! * rotation[6 + j]!;
      if (Math.abs(dot) > 1e-4) return null;
    }
  }
  return { rotation, translation: [srow[3]!, srow[7]!, srow[11]!] };
}

function sameAffine(q: RasTransform, srow: readonly number[]): boolean {
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      if (Math.abs(q.affine3[3 * row + col]! - srow[4 * row + col]!) > 1e-5) return false;
    }
    if (Math.abs(q.translation[row]! - srow[4 * row + 3]!) > 1e-5) return false;
  }
  return true;
}

function rasToLps(rotation: number[], translation: number[]): { origin: Vec3; direction: Mat3 } {
  const direction = rotation.map((v, n) => (n < 6 ? -v : v) + 0) as unknown as Mat3;
  const origin: Vec3 = [-translation[0]! + 0, -translation[1]! + 0, translation[2]!];
  return { origin, direction };
}
