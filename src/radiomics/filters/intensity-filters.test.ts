import { describe, expect, it } from 'vitest';
import { volumeOf } from '../../../test/support/filter-fixtures.js';
import {
  exponentialImage,
  logarithmImage,
  pyradiomicsIntensityFilter,
  squareImage,
  squareRootImage,
} from './intensity-filters.js';

// Hand-computed from PyRadiomics' formulas on I = (−4, 0, 1, 16): M = 16.
const input = Float64Array.from([-4, 0, 1, 16]);

describe('PyRadiomics voxel-wise image types', () => {
  it('square = I²/M', () => {
    expect([...squareImage(input)]).toEqual([1, 0, 1 / 16, 16]);
  });

  it('squareroot = sign(I)·√(|I|·M)', () => {
    expect([...squareRootImage(input)]).toEqual([-8, 0, 4, 16]);
  });

  it('logarithm = sign(I)·ln(|I|+1) rescaled to max |I|', () => {
    const l = Math.log(17);
    const got = logarithmImage(input);
    const want = [(-Math.log(5) * 16) / l, 0, (Math.log(2) * 16) / l, 16];
    for (const [n, v] of want.entries()) expect(got[n]).toBeCloseTo(v, 12);
  });

  it('exponential = exp(I·ln M / M)', () => {
    const got = exponentialImage(input);
    for (const [n, v] of [16 ** -0.25, 1, 16 ** (1 / 16), 16].entries()) expect(got[n]).toBeCloseTo(v, 12);
  });

  it('runs on anisotropic grids, keeps the geometry and names the image', () => {
    const image = volumeOf([2, 2, 1], input, [0.5, 0.7, 4]);
    const result = pyradiomicsIntensityFilter(image, 'squareroot');
    expect(result.images[0]!.name).toBe('squareroot');
    expect(result.images[0]!.volume.geometry).toBe(image.geometry);
  });

  it('refuses an all-zero image (the scaling would divide by zero)', () => {
    expect(() => squareImage(new Float64Array(4))).toThrow(/all zeros/);
  });
});
