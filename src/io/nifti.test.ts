import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createVolume, type Mat3 } from '../volume/index.js';
import { parseNifti } from './nifti-reader.js';
import { encodeNifti } from './nifti-writer.js';
import { readImage, toMask } from './read-image.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ibsi = path.join(path.resolve(repoRoot, '../shared'), 'reference/ibsi1');
const phantom = JSON.parse(readFileSync(path.join(ibsi, 'digital_phantom.json'), 'utf8')) as {
  dims: number[];
  spacing: number[];
  origin: number[];
  direction: number[];
  intensities: number[];
  mask: number[];
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected an AppError');
}

describe('NIfTI reader on the IBSI digital phantom', () => {
  it('reads the image with the README geometry (qform RAS (-2i,-2j,2k) = LPS identity, origin 0)', () => {
    const image = readImage(path.join(ibsi, 'original/nifti/image/phantom.nii.gz'));
    expect(image.geometry.size).toEqual(phantom.dims);
    expect(image.geometry.spacing).toEqual(phantom.spacing);
    expect(image.geometry.origin).toEqual(phantom.origin);
    expect(Array.from(image.geometry.direction)).toEqual(phantom.direction);
    expect(image.data).toBeInstanceOf(Int16Array); // README: datatype int16
    expect(Array.from(image.data)).toEqual(phantom.intensities);
  });

  it('reads the mask: 74 of 80 voxels in the ROI', () => {
    const file = path.join(ibsi, 'original/nifti/mask/mask.nii.gz');
    const mask = toMask(readImage(file), file);
    expect(Array.from(mask.data)).toEqual(phantom.mask);
    expect(mask.data.reduce((a, b) => a + b, 0)).toBe(74);
    expect(mask.geometry.origin).toEqual([0, 0, 0]);
  });
});

const c = Math.cos(0.4);
const s = Math.sin(0.4);
/** An oblique, left-handed direction (det = −1) to exercise qfac and the quaternion. */
const oblique: Mat3 = [c, -s, 0, s, c, 0, 0, 0, -1];
const geometry = {
  size: [3, 2, 2] as const,
  spacing: [0.7, 0.9, 3] as const,
  origin: [12.5, -40, 7] as const,
  direction: oblique,
};

function expectGeometryClose(actual: typeof geometry, tolerance = 1e-5): void {
  expect(actual.size).toEqual(geometry.size);
  for (let n = 0; n < 3; n++) {
    expect(actual.spacing[n]).toBeCloseTo(geometry.spacing[n]!, 5);
    expect(Math.abs(actual.origin[n]! - geometry.origin[n]!)).toBeLessThan(tolerance * 100);
  }
  for (let n = 0; n < 9; n++) expect(Math.abs(actual.direction[n]! - oblique[n]!)).toBeLessThan(tolerance);
}

describe('NIfTI round trip', () => {
  it('float32, gzip: values exact, oblique geometry kept (sform)', () => {
    const v = createVolume(
      geometry,
      Float32Array.from({ length: 12 }, (_, n) => n * 1.5 - 4.25),
    );
    const back = parseNifti(encodeNifti(v, { gzip: true }), 'round-trip.nii.gz');
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data)).toEqual(Array.from(v.data));
    expectGeometryClose(back.geometry as typeof geometry);
  });

  it('int16 and uint8 keep their type and values', () => {
    const i16 = createVolume(
      geometry,
      Int16Array.from({ length: 12 }, (_, n) => n * 1000 - 5000),
    );
    expect(Array.from(parseNifti(encodeNifti(i16), 'a.nii').data)).toEqual(Array.from(i16.data));
    const u8 = createVolume(
      geometry,
      Uint8Array.from({ length: 12 }, (_, n) => n * 20),
    );
    const back = parseNifti(encodeNifti(u8), 'b.nii');
    expect(back.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.data)).toEqual(Array.from(u8.data));
  });

  it('falls back to the qform (quaternion + qfac) when sform_code is 0', () => {
    const v = createVolume(geometry, new Uint8Array(12));
    const bytes = encodeNifti(v);
    new DataView(bytes.buffer).setInt16(254, 0, true);
    expectGeometryClose(parseNifti(bytes, 'q.nii').geometry as typeof geometry);
  });

  it('prefers the sform when sform_code is 1 even if the qform differs', () => {
    const v = createVolume(geometry, new Uint8Array(12));
    const bytes = encodeNifti(v);
    const view = new DataView(bytes.buffer);
    view.setFloat32(256, 0, true); // qform quaternion → identity rotation
    view.setFloat32(260, 0, true);
    view.setFloat32(264, 0, true);
    expectGeometryClose(parseNifti(bytes, 's.nii').geometry as typeof geometry);
    view.setInt16(254, 2, true); // sform now "aligned anat" and disagreeing → qform wins
    const q = parseNifti(bytes, 's.nii').geometry;
    // identity quaternion with qfac −1 is RAS diag(1, 1, −1), i.e. LPS diag(−1, −1, −1)
    expect(Array.from(q.direction, (x) => Math.round(x * 1e6) / 1e6 + 0)).toEqual([
      -1, 0, 0, 0, -1, 0, 0, 0, -1,
    ]);
  });

  it('applies scl_slope / scl_inter into float32', () => {
    const v = createVolume(
      geometry,
      Int16Array.from({ length: 12 }, (_, n) => n),
    );
    const bytes = encodeNifti(v);
    const view = new DataView(bytes.buffer);
    view.setFloat32(112, 0.5, true);
    view.setFloat32(116, -3, true);
    const back = parseNifti(bytes, 'scaled.nii');
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(back.data[5]).toBe(5 * 0.5 - 3);
  });

  it('names the file and the problem for bad input', () => {
    const bytes = encodeNifti(createVolume(geometry, new Float32Array(12)));
    expect(codeOf(() => parseNifti(bytes.subarray(0, bytes.length - 4), 'cut.nii'))).toBe('image_truncated');
    expect(() => parseNifti(bytes.subarray(0, bytes.length - 4), 'cut.nii')).toThrow(
      /cut\.nii: voxel data truncated/,
    );
    expect(codeOf(() => parseNifti(bytes.subarray(0, 100), 'short.nii'))).toBe('image_truncated');
    expect(codeOf(() => parseNifti(new Uint8Array(400), 'zero.nii'))).toBe('image_format');
    const gz = encodeNifti(createVolume(geometry, new Float32Array(12)), { gzip: true });
    expect(codeOf(() => parseNifti(gz.subarray(0, gz.length - 10), 'cut.nii.gz'))).toBe('image_truncated');
    expect(codeOf(() => readImage('/nonexistent/x.nii'))).toBe('file_unreadable');
    expect(codeOf(() => readImage('x.mha'))).toBe('image_format');
  });
});

describe('NIfTI written by ITK (test/fixtures/itk/generate.cpp)', () => {
  const fixtures = path.join(repoRoot, 'test/fixtures/itk');
  // the generator's geometry: spacing (0.8, 0.9, 2.5), origin (−3, 4, 10), rotation 0.3 rad about z
  const rc = Math.cos(0.3);
  const rs = Math.sin(0.3);
  const direction = [rc, -rs, 0, rs, rc, 0, 0, 0, 1];

  function expectGenerator(
    g: { spacing: readonly number[]; origin: readonly number[]; direction: readonly number[] },
    flipY = false,
  ) {
    for (const [n, s] of g.spacing.entries()) expect(s).toBeCloseTo([0.8, 0.9, 2.5][n]!, 6);
    for (const [n, o] of g.origin.entries()) expect(o).toBeCloseTo([-3, 4, 10][n]!, 5);
    const want = direction.map((v, n) => (flipY && n % 3 === 1 ? -v : v));
    for (const [n, d] of g.direction.entries()) expect(d).toBeCloseTo(want[n]!, 6);
  }

  it('reads the geometry ITK wrote (sform) and the same voxels as ITK wrote to NRRD', () => {
    const nifti = readImage(path.join(fixtures, 'oblique_float32.nii.gz'));
    expectGenerator(nifti.geometry);
    const nrrd = readImage(path.join(fixtures, 'input_float32.nrrd'));
    expect(Array.from(nifti.data)).toEqual(Array.from(nrrd.data));
  });

  it('reads the same geometry from ITK’s qform alone (sform_code set to 0)', () => {
    const bytes = gunzipSync(readFileSync(path.join(fixtures, 'oblique_float32.nii.gz')));
    new DataView(bytes.buffer, bytes.byteOffset).setInt16(254, 0, true);
    expectGenerator(parseNifti(bytes, 'qform-only.nii').geometry);
  });

  it('handles a left-handed direction (qfac −1) from both sform and qform', () => {
    const file = path.join(fixtures, 'flipped_int16.nii.gz');
    expectGenerator(readImage(file).geometry, true);
    const bytes = gunzipSync(readFileSync(file));
    new DataView(bytes.buffer, bytes.byteOffset).setInt16(254, 0, true);
    expectGenerator(parseNifti(bytes, 'qform-only.nii').geometry, true);
  });
});

describe('sform/qform precedence = what ITK 5.2 reads (test/fixtures/itk/nifti_precedence.json)', () => {
  const fixtures = path.join(repoRoot, 'test/fixtures/itk');
  const itk = JSON.parse(readFileSync(path.join(fixtures, 'nifti_precedence.json'), 'utf8')) as Record<
    string,
    { origin: number[]; spacing: number[]; direction: number[] }
  >;
  it('covers the cases that decide between the two forms', () => {
    expect(Object.keys(itk).sort()).toEqual([
      'q0_s0',
      'q0_s2',
      'q1_s1',
      'q1_s1_sheared',
      'q1_s2',
      'q1_s4',
      'q2_s0',
    ]);
  });
  for (const [name, expected] of Object.entries(itk)) {
    it(`${name}: same origin, spacing and direction as ITK`, () => {
      const g = readImage(path.join(fixtures, `precedence_${name}.nii`)).geometry;
      for (let n = 0; n < 3; n++) {
        expect(g.origin[n]).toBeCloseTo(expected.origin[n]!, 5);
        expect(g.spacing[n]).toBeCloseTo(expected.spacing[n]!, 6);
      }
      for (let n = 0; n < 9; n++) expect(g.direction[n]).toBeCloseTo(expected.direction[n]!, 6);
    });
  }
});
