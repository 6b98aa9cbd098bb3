import { describe, expect, it } from 'vitest';
import { maxAbs, seededRandom, volumeOf } from '../../../test/support/filter-fixtures.js';
import type { Vec3 } from '../../volume/index.js';
import { crop } from '../../volume/index.js';
import { applyImageType, cropForFilter, type FilterSettings, imageTypePadding } from './image-types.js';

// A textured anisotropic image and an ROI box well inside it.
const size: Vec3 = [48, 44, 30];
const spacing: Vec3 = [0.7, 0.9, 2.2];
const random = seededRandom(11);
const values = new Float64Array(size[0] * size[1] * size[2]);
{
  let n = 0;
  for (let k = 0; k < size[2]; k++)
    for (let j = 0; j < size[1]; j++)
      for (let i = 0; i < size[0]; i++, n++)
        values[n] = 200 + 80 * Math.sin(i / 3) * Math.cos(j / 4) + 20 * k + 40 * random();
}
const image = volumeOf(size, values, spacing);
const box = { lo: [20, 19, 13] as Vec3, hi: [27, 25, 16] as Vec3 };

/** Values of `data` (on a grid of `gridSize` whose voxel 0 sits at `offset` of the full image) inside the box. */
function roiValues(data: Float64Array, gridSize: Vec3, offset: Vec3): number[] {
  const out: number[] = [];
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0]; i <= box.hi[0]; i++)
        out.push(data[i - offset[0] + gridSize[0] * (j - offset[1] + gridSize[1] * (k - offset[2]))]!);
  return out;
}

const CASES: [string, FilterSettings, number][] = [
  ['LoG', { sigma: [1, 2.5] }, 1e-6],
  ['LoG', { sigma: [1.5], mode: 'ibsi' }, 1e-12],
  ['Wavelet', { wavelet: 'coif1', level: 2 }, 1e-12],
  ['Wavelet', { wavelet: 'db2', level: 1, start_level: 1, mode: 'ibsi' }, 1e-12],
  ['Gradient', {}, 1e-12],
  ['LBP2D', { lbp2DRadius: 2, lbp2DSamples: 12 }, 0],
];

describe('padding rule: ROI values do not depend on the crop (anisotropic 0.7×0.9×2.2 mm)', () => {
  for (const [type, settings, tolerance] of CASES) {
    it(`${type} ${JSON.stringify(settings)}`, () => {
      const full = applyImageType(image, type, settings);
      const { volume: cropped, offset } = cropForFilter(
        image,
        box,
        imageTypePadding(type, settings, spacing),
      );
      const part = applyImageType(cropped, type, settings);
      expect(part.images.map((im) => im.name)).toEqual(full.images.map((im) => im.name));
      for (const [n, im] of full.images.entries()) {
        const expected = roiValues(im.volume.data, size, [0, 0, 0]);
        const got = roiValues(part.images[n]!.volume.data, cropped.geometry.size, offset);
        const worst = Math.max(...expected.map((v, m) => Math.abs(v - got[m]!)));
        expect(worst, im.name).toBeLessThanOrEqual(tolerance * maxAbs(im.volume.data));
      }
    });
  }

  it('fails when the margin is too small (the test above can fail)', () => {
    const cropped = crop(image, box, 1);
    const full = applyImageType(image, 'LoG', { sigma: [2.5] }).images[0]!;
    const part = applyImageType(cropped, 'LoG', { sigma: [2.5] }).images[0]!;
    const expected = roiValues(full.volume.data, size, [0, 0, 0]);
    const got = roiValues(part.volume.data, cropped.geometry.size, [19, 18, 12]);
    const worst = Math.max(...expected.map((v, m) => Math.abs(v - got[m]!)));
    expect(worst).toBeGreaterThan(1e-3 * maxAbs(full.volume.data));
  });
});

describe('applyImageType', () => {
  it('names every image as PyRadiomics does', () => {
    const small = crop(image, box, 4);
    const names = (type: string, s: FilterSettings = {}) =>
      applyImageType(small, type, s).images.map((i) => i.name);
    expect(names('LoG', { sigma: [1, 2.5] })).toEqual(['log-sigma-1-0-mm-3D', 'log-sigma-2-5-mm-3D']);
    expect(names('Wavelet', { level: 2 })).toHaveLength(15);
    expect(names('Wavelet', { level: 2 }).at(-1)).toBe('wavelet2-LLL');
    expect(names('Wavelet', { mode: 'ibsi' })).toContain('wavelet-HLH');
    expect(names('Square')).toEqual(['square']);
    expect(names('SquareRoot')).toEqual(['squareroot']);
    expect(names('Logarithm')).toEqual(['logarithm']);
    expect(names('Exponential')).toEqual(['exponential']);
    expect(names('Gradient')).toEqual(['gradient']);
    expect(names('LBP2D')).toEqual(['lbp-2D']);
  });

  it('needs sigma for LoG and rejects unknown image types', () => {
    expect(() => applyImageType(image, 'LoG', {})).toThrow(/sigma/);
    expect(() => applyImageType(image, 'LBP3D', {})).toThrow(/LBP3D/);
  });
});
