import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readImage } from '../io/index.js';
import { createVolume, IDENTITY } from '../volume/index.js';
import { bsplineCoefficients, ibsiGrid, pyradiomicsGrid, resampleOnto } from './resample.js';
import type { InterpolatorName } from './settings.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/itk');

/** Max |ours − ITK| / max(1, |ITK|) over all voxels. */
function maxRelativeError(ours: ArrayLike<number>, itk: ArrayLike<number>): number {
  let worst = 0;
  for (let n = 0; n < itk.length; n++) {
    worst = Math.max(worst, Math.abs(ours[n]! - itk[n]!) / Math.max(1, Math.abs(itk[n]!)));
  }
  return worst;
}

const cases: [string, InterpolatorName][] = [
  ['nearest', 'sitkNearestNeighbor'],
  ['linear', 'sitkLinear'],
  ['bspline', 'sitkBSpline'],
];

describe('resampling agrees with ITK ResampleImageFilter (fixtures from test/fixtures/itk/generate.cpp)', () => {
  for (const type of ['float32', 'float32_long', 'int16', 'uint8']) {
    for (const [file, interpolator] of cases) {
      it(`${interpolator}, ${type} (output type = input type, clamped and truncated)`, () => {
        const input = readImage(path.join(fixtures, `input_${type}.nrrd`));
        const expected = readImage(path.join(fixtures, `${file}_${type}.nrrd`));
        const ours = resampleOnto(input, expected.geometry, interpolator);
        expect(ours.data.constructor).toBe(expected.data.constructor);
        if (type.startsWith('float32')) {
          expect(maxRelativeError(ours.data, expected.data)).toBeLessThanOrEqual(1e-4);
        } else {
          // integers: ITK clamps to the type's range and truncates toward zero. Where the interpolated
          // value is an integer up to rounding (e.g. 10967.999999999998 vs 10968: ITK inverts the
          // index-to-physical matrix by SVD), truncation may go either way; both are accepted there.
          const exact = resampleOnto(input, expected.geometry, interpolator, 'float64').data;
          const [lo, hi] = type === 'int16' ? [-32768, 32767] : [0, 255];
          const cast = (v: number) => Math.trunc(Math.min(hi, Math.max(lo, v)));
          for (let n = 0; n < expected.data.length; n++) {
            expect(ours.data[n]).toBe(cast(exact[n]!));
            const e = expected.data[n]!;
            if (e !== ours.data[n]) expect([cast(exact[n]! - 1e-7), cast(exact[n]! + 1e-7)]).toContain(e);
          }
        }
        // the fixtures do cover the border cases
        expect(Array.from(expected.data).some((v) => v === 0)).toBe(true);
      });
    }
  }

  it('int16 B-spline overshoot is clamped to 32767 as ITK does', () => {
    const expected = readImage(path.join(fixtures, 'bspline_int16.nrrd'));
    expect(Math.max(...Array.from(expected.data))).toBe(32767);
  });
});

describe('B-spline coefficients', () => {
  it('interpolate the samples exactly (the spline passes through the data)', () => {
    const g = {
      size: [6, 1, 1] as const,
      spacing: [1, 1, 1] as const,
      origin: [0, 0, 0] as const,
      direction: IDENTITY,
    };
    const v = createVolume(g, Float64Array.from([3, -1, 4, 1, -5, 9]));
    const c = bsplineCoefficients(v);
    // cubic B-spline at integer points: (c[k−1] + 4 c[k] + c[k+1]) / 6, mirror at the ends
    const at = (k: number) => c[k < 0 ? -k : k > 5 ? 10 - k : k]!;
    for (let k = 0; k < 6; k++) expect((at(k - 1) + 4 * at(k) + at(k + 1)) / 6).toBeCloseTo(v.data[k]!, 9);
  });
});

describe('resampling grids', () => {
  const mask = {
    size: [20, 20, 10] as const,
    spacing: [0.5, 0.5, 3] as const,
    origin: [0, 0, 0] as const,
    direction: IDENTITY,
  };

  it('PyRadiomics grid: corner-aligned, padded by padDistance, clipped (hand-computed)', () => {
    // ROI x 4..7, y 5..5 (one voxel thick → keeps 0.5), z 2..3; new spacing 1, 1, 1
    const g = pyradiomicsGrid(mask, { lo: [4, 5, 2], hi: [7, 5, 3] }, [1, 1, 1], 2)!;
    expect(g.spacing).toEqual([1, 0.5, 1]);
    // x: ratio 0.5, lower ⌊(4 − .5)·.5 − 2⌋ = ⌊−0.25⌋ = −1 → 0; upper ⌈(8 − .5)·.5 + 2⌉ = 6 (max ⌈10⌉ − 1 = 9)
    // y: ratio 1, lower ⌊4.5 − 2⌋ = 2, upper ⌈5.5 + 2⌉ = 8
    // z: ratio 3, lower ⌊1.5·3 − 2⌋ = 2, upper ⌈3.5·3 + 2⌉ = 13 (max 29)
    expect(g.size).toEqual([7, 7, 12]);
    // origin index: 0.5·(new − old)/old + lower/ratio = (0.5, 0 + 2, −1/3 + 2/3)
    expect(g.origin[0]).toBeCloseTo(0.25, 12);
    expect(g.origin[1]).toBeCloseTo(1, 12);
    expect(g.origin[2]).toBeCloseTo(1, 12);
  });

  it('PyRadiomics grid: no change of spacing → null (only cropping)', () => {
    expect(pyradiomicsGrid(mask, { lo: [4, 5, 2], hi: [7, 6, 3] }, [0.5, 0, 3], 5)).toBeNull();
  });

  it('IBSI grid: centres aligned, ⌈n·s/s_new⌉ voxels', () => {
    // x: 20 × 0.5 = 10 mm → 5 voxels of 2 mm; first centre at ((19·0.5) − (4·2))/2 = 0.75 mm
    const g = ibsiGrid(mask, [2, 2, 2]);
    expect(g.size).toEqual([5, 5, 15]);
    expect(g.origin[0]).toBeCloseTo(0.75, 12);
    // z: 10 × 3 = 30 mm → 15 voxels; (27 − 28)/2 = −0.5 mm
    expect(g.origin[2]).toBeCloseTo(-0.5, 12);
  });
});
