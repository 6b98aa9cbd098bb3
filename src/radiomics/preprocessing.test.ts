import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { readImage } from '../io/index.js';
import { createVolume, IDENTITY } from '../volume/index.js';
import { checkRoi, checkSameGrid, normalizeImage, resegmentMask } from './preprocessing.js';

const g = {
  size: [4, 1, 1] as const,
  spacing: [1, 1, 1] as const,
  origin: [0, 0, 0] as const,
  direction: IDENTITY,
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

describe('normalize', () => {
  it('uses whole-image mean and sample (n − 1) standard deviation, then clips, then scales', () => {
    // 1, 2, 3, 4 → mean 2.5, sample variance 5/3, σ = 1.2910
    const image = createVolume(g, Float64Array.of(1, 2, 3, 4));
    const sigma = Math.sqrt(5 / 3);
    const plain = normalizeImage(image, 1, null);
    expect(plain.data[0]).toBeCloseTo(-1.5 / sigma, 12);
    expect(plain.data[3]).toBeCloseTo(1.5 / sigma, 12);
    const clipped = normalizeImage(image, 100, 1);
    // ±1.16 clipped to ±1 (removeOutliers), then × 100 (normalizeScale); ±0.387 kept
    expect(clipped.data[0]).toBe(-100);
    expect(clipped.data[3]).toBe(100);
    expect(clipped.data[1]).toBeCloseTo((-0.5 / sigma) * 100, 10);
  });
});

describe('normalize agrees with ITK NormalizeImageFilter (test/fixtures/itk/normalized_int16.nrrd)', () => {
  it('matches ITK within 1e-9 relative on an int16 image', () => {
    const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/itk');
    const input = readImage(path.join(fixtures, 'input_int16.nrrd'));
    const expected = readImage(path.join(fixtures, 'normalized_int16.nrrd'));
    const ours = normalizeImage(input, 1, null);
    expect(expected.data).toBeInstanceOf(Float64Array);
    for (let n = 0; n < expected.data.length; n++) {
      expect(Math.abs(ours.data[n]! - expected.data[n]!)).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(expected.data[n]!)),
      );
    }
  });
});

describe('normalize output type', () => {
  it('keeps float32 images float32 and makes integer images float64 (ITK real type)', () => {
    expect(normalizeImage(createVolume(g, Float32Array.of(1, 2, 3, 4)), 1, null).data).toBeInstanceOf(
      Float32Array,
    );
    expect(normalizeImage(createVolume(g, Int16Array.of(1, 2, 3, 4)), 1, null).data).toBeInstanceOf(
      Float64Array,
    );
  });
});

describe('resegmentation', () => {
  const image = createVolume(g, Float64Array.of(-10, 0, 10, 20));
  const mask = createVolume(g, Uint8Array.of(1, 1, 1, 2));

  it('absolute: keeps lo ≤ x ≤ hi of the label only; one value = lower bound', () => {
    expect(Array.from(resegmentMask(image, mask, 1, [0, 10], 'absolute').mask.data)).toEqual([0, 1, 1, 0]);
    expect(Array.from(resegmentMask(image, mask, 1, [0], 'absolute').mask.data)).toEqual([0, 1, 1, 0]);
  });

  it('relative: thresholds × ROI maximum (10)', () => {
    const r = resegmentMask(image, mask, 1, [-0.5, 0.5], 'relative');
    expect(r.thresholds).toEqual([-5, 5]);
    expect(Array.from(r.mask.data)).toEqual([0, 1, 0, 0]);
  });

  it('sigma: mean ± k·population σ of the ROI', () => {
    // ROI −10, 0, 10: mean 0, population σ = √(200/3) = 8.165
    const r = resegmentMask(image, mask, 1, [-1, 1], 'sigma');
    expect(r.thresholds[1]).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(Array.from(r.mask.data)).toEqual([0, 1, 0, 0]);
  });
});

describe('ROI checks', () => {
  const g3 = {
    size: [3, 3, 2] as const,
    spacing: [1, 1, 1] as const,
    origin: [0, 0, 0] as const,
    direction: IDENTITY,
  };
  const mask = (on: number[]) => {
    const data = new Uint8Array(18);
    for (const n of on) data[n] = 1;
    return createVolume(g3, data);
  };

  it('returns the bounding box of a valid ROI', () => {
    expect(checkRoi(mask([0, 4]), 1, 2, null)).toEqual({ lo: [0, 0, 0], hi: [1, 1, 0] });
  });

  it('rejects absent labels, single voxels, too few dimensions and too few voxels', () => {
    expect(codeOf(() => checkRoi(mask([]), 1, 2, null))).toBe('label_absent');
    expect(codeOf(() => checkRoi(mask([0, 4]), 2, 1, null))).toBe('label_absent');
    expect(codeOf(() => checkRoi(mask([4]), 1, 1, null))).toBe('roi_too_small');
    expect(codeOf(() => checkRoi(mask([0, 1]), 1, 2, null))).toBe('roi_too_small');
    expect(() => checkRoi(mask([0, 4]), 1, 3, null)).toThrow(
      'spans 2 dimension(s), minimumROIDimensions is 3',
    );
    // PyRadiomics: size ≤ minimumROISize fails
    expect(codeOf(() => checkRoi(mask([0, 4]), 1, 2, 2))).toBe('roi_too_small');
    expect(checkRoi(mask([0, 4, 13]), 1, 2, 2).hi).toEqual([1, 1, 1]);
  });

  it('checks the grids within geometryTolerance × the first spacing', () => {
    const other = { ...g3, origin: [0, 0, 5e-7] as const };
    expect(() => checkSameGrid(g3, other, 1e-6)).not.toThrow();
    expect(codeOf(() => checkSameGrid(g3, { ...g3, origin: [0, 0, 2e-6] }, 1e-6))).toBe('geometry_mismatch');
    expect(() => checkSameGrid(g3, { ...g3, size: [3, 3, 3] }, 1e-6)).toThrow(
      /size \(3, 3, 2\) vs \(3, 3, 3\)/,
    );
  });
});
