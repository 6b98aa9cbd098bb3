import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxAbs, maxAbsDifference, REPO_ROOT, volumeOf } from '../../../test/support/filter-fixtures.js';
import type { Vec3 } from '../../volume/index.js';
import { gradientMagnitude } from './gradient.js';
import { laplacianRecursiveGaussian, logImageName, pyradiomicsLoG } from './log-pyradiomics.js';

const dir = path.join(REPO_ROOT, 'test/fixtures/filters/itk');
const meta = JSON.parse(readFileSync(path.join(dir, 'itk-fixtures.json'), 'utf8')) as {
  size: Vec3;
  spacing: Vec3;
  input: string;
  log: { sigma: number; file: string }[];
  gradient: string;
};

function readF32(file: string): Float32Array {
  const bytes = readFileSync(path.join(dir, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const image = volumeOf(meta.size, readF32(meta.input), meta.spacing);

describe('PyRadiomics LoG (ITK LaplacianRecursiveGaussianImageFilter, anisotropic 0.8×1.1×2.5 mm)', () => {
  for (const { sigma, file } of meta.log) {
    it(`sigma ${sigma} mm agrees with ITK to 1e-4 of max |response| on every voxel`, () => {
      const expected = readF32(file);
      const ours = laplacianRecursiveGaussian(image, sigma);
      expect(maxAbsDifference(ours, expected, meta.size)).toBeLessThanOrEqual(1e-4 * maxAbs(expected));
    });
  }

  it('names images as PyRadiomics and skips a sigma too large for the image with a warning', () => {
    expect(logImageName(3)).toBe('log-sigma-3-0-mm-3D');
    expect(logImageName(1.5)).toBe('log-sigma-1-5-mm-3D');
    // z: 9 voxels of 2.5 mm; sigma 25 needs ⌈25/2.5⌉ + 1 = 11 voxels.
    const result = pyradiomicsLoG(image, [1, 25, -1]);
    expect(result.images.map((im) => im.name)).toEqual(['log-sigma-1-0-mm-3D']);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/sigma 25 mm skipped/);
  });

  it('fails when no sigma remains, and on images with an axis under 4 voxels', () => {
    expect(() => pyradiomicsLoG(image, [25])).toThrow(/no usable sigma/);
    expect(() => pyradiomicsLoG(volumeOf([3, 8, 8], new Float64Array(192)), [1])).toThrow(/≥ 4 voxels/);
  });
});

describe('PyRadiomics Gradient (ITK GradientMagnitudeImageFilter with spacing)', () => {
  it('agrees with ITK on every voxel, edges included', () => {
    const expected = readF32(meta.gradient);
    const ours = gradientMagnitude(image);
    expect(maxAbsDifference(ours, expected, meta.size)).toBeLessThanOrEqual(1e-5 * maxAbs(expected));
  });
});
