import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { readImage, toMask } from '../io/index.js';
import { createVolume, IDENTITY, type Mask } from '../volume/index.js';
import { extract } from './extractor.js';
import type { FeatureFamily, RoiInput } from './feature-family.js';
import { applyImageType, type FilterSettings } from './filters/index.js';
import { parseParams } from './settings.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ibsi = path.join(path.resolve(repoRoot, '../shared'), 'reference/ibsi1');
const phantom = JSON.parse(readFileSync(path.join(ibsi, 'digital_phantom.json'), 'utf8')) as {
  intensities: number[];
  mask: number[];
};
const image = readImage(path.join(ibsi, 'original/nifti/image/phantom.nii.gz'));
const maskFile = path.join(ibsi, 'original/nifti/mask/mask.nii.gz');
const mask = toMask(readImage(maskFile), maskFile);

/** A tiny first-order family for these tests only: the ROI mean, plus what it was given. */
function testFamilies(seen: { [family: string]: RoiInput } = {}): FeatureFamily[] {
  const family = (name: string): FeatureFamily => ({
    name,
    features: [
      { name: 'Mean', ibsiCode: 'Q4LE', doc: 'mean of the ROI intensities' },
      {
        name: 'Old',
        ibsiCode: null,
        noIbsiCodeReason: 'test',
        deprecated: true,
        doc: 'deprecated test feature',
      },
    ],
    compute(input, _settings, names) {
      seen[name] = input;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < input.mask.length; i++) {
        if (input.mask[i]) {
          sum += input.image[i]!;
          n++;
        }
      }
      return Object.fromEntries(names.map((f) => [f, f === 'Mean' ? sum / n : -1]));
    },
  });
  return [family('firstorder'), family('shape')];
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected an AppError');
}

const ibsiMean = 159 / 74; // README: mean intensity in the ROI = 159/74 (reference 2.15)

describe('extract on the IBSI digital phantom', () => {
  it('computes the first-order mean and PyRadiomics-style keys', () => {
    const result = extract(image, mask, parseParams('setting: {binWidth: 1}'), testFamilies(), {
      version: '0.1.0',
    });
    expect(result.original_firstorder_Mean).toBeCloseTo(ibsiMean, 12);
    expect(result.original_firstorder_Old).toBeUndefined(); // deprecated: only when named
    expect(result['diagnostics_Mask-original_VoxelNum']).toBe(74);
    expect(result['diagnostics_Mask-original_BoundingBox']).toEqual([0, 0, 0, 5, 4, 4]);
    expect(result['diagnostics_Image-original_Spacing']).toEqual([2, 2, 2]);
    expect(result.diagnostics_Versions_her2radiomics).toBe('0.1.0');
    expect(result.diagnostics_Configuration_SkippedClasses).toBe('glcm, glrlm, glszm, gldm, ngtdm');
    // diagnostics come first, then features
    const keys = Object.keys(result);
    expect(keys.findIndex((k) => k.startsWith('original_'))).toBeGreaterThan(
      keys.findLastIndex((k) => k.startsWith('diagnostics_')),
    );
  });

  it('is deterministic (bit-identical results and hashes across runs)', () => {
    const params = parseParams('setting: {binWidth: 1}');
    const a = JSON.stringify(extract(image, mask, params, testFamilies()));
    const b = JSON.stringify(extract(image, mask, params, testFamilies()));
    expect(a).toBe(b);
    expect(JSON.parse(a)['diagnostics_Image-original_Hash']).toMatch(/^[0-9a-f]{40}$/);
  });

  it('gives families the cropped ROI with levels; shape gets the mask padded by one voxel', () => {
    const seen: { [family: string]: RoiInput } = {};
    extract(image, mask, parseParams('setting: {binWidth: 1}'), testFamilies(seen));
    const roi = seen.firstorder!;
    expect(roi.size).toEqual([5, 4, 4]);
    expect(Array.from(roi.mask)).toEqual(phantom.mask);
    // binWidth 1 leaves grey levels 1, 3, 4, 6 unchanged (README)
    const levels = phantom.intensities.map((v, n) => (phantom.mask[n] ? v : 0));
    expect(Array.from(roi.levels)).toEqual(levels);
    expect(roi.binCount).toBe(6);
    const shape = seen.shape!;
    expect(shape.size).toEqual([7, 6, 6]);
    expect(shape.mask.reduce((a, b) => a + b, 0)).toBe(74);
    expect(shape.mask[0]).toBe(0);
  });

  it('re-segments the intensity ROI but not the shape mask', () => {
    const seen: { [family: string]: RoiInput } = {};
    const result = extract(
      image,
      mask,
      parseParams('setting: {binWidth: 1, resegmentRange: [2, 6]}'),
      testFamilies(seen),
    );
    const kept = phantom.intensities.filter((v, n) => phantom.mask[n] && v >= 2 && v <= 6);
    expect(result.original_firstorder_Mean).toBeCloseTo(kept.reduce((a, b) => a + b, 0) / kept.length, 12);
    expect(result['diagnostics_Mask-resegmented_VoxelNum']).toBe(kept.length);
    expect(seen.shape!.mask.reduce((a, b) => a + b, 0)).toBe(74);
  });

  it('resamples (PyRadiomics grid) before computing', () => {
    const result = extract(
      image,
      mask,
      parseParams(
        'setting: {binWidth: 1, resampledPixelSpacing: [1, 1, 1], interpolator: sitkNearestNeighbor}',
      ),
      testFamilies(),
    );
    expect(result['diagnostics_Image-interpolated_Spacing']).toEqual([1, 1, 1]);
    // nearest neighbour at half the spacing: every voxel becomes 8 (a 10×8×8 grid after clipping)
    expect(result['diagnostics_Mask-interpolated_VoxelNum']).toBe(74 * 8);
    expect(result.original_firstorder_Mean).toBeCloseTo(ibsiMean, 12);
  });

  it('IBSI mode: centre-aligned grid over the whole image, interpolated mask kept at ≥ 0.5, rounding', () => {
    const seen: { [family: string]: RoiInput } = {};
    const yaml = (round: boolean) =>
      `setting: {mode: ibsi, binWidth: 1, resampledPixelSpacing: [1, 1, 1], interpolator: sitkLinear, roundIntensities: ${round}}`;
    const result = extract(image, mask, parseParams(yaml(true)), testFamilies(seen));
    // 5×4×4 voxels of 2 mm → ⌈5·2/1⌉ × ⌈4·2/1⌉ × ⌈4·2/1⌉; first centre at ((5−1)·2 − (10−1)·1)/2 = −0.5 mm
    expect(result['diagnostics_Image-interpolated_Size']).toEqual([10, 8, 8]);
    expect(Array.from(seen.firstorder!.image).every(Number.isInteger)).toBe(true);
    const unrounded = extract(image, mask, parseParams(yaml(false)), testFamilies(seen));
    expect(Array.from(seen.firstorder!.image).every(Number.isInteger)).toBe(false);
    // the interpolated mask keeps the voxels whose interpolated indicator is ≥ 0.5: the same count
    // with and without intensity rounding, and within the resampled volume 8 × 74 ± the boundary
    expect(unrounded['diagnostics_Mask-interpolated_VoxelNum']).toBe(
      result['diagnostics_Mask-interpolated_VoxelNum'],
    );
    expect(Math.abs((result['diagnostics_Mask-interpolated_VoxelNum'] as number) - 8 * 74)).toBeLessThan(100);
  });

  it('names the feature requested: deprecated features are computed when named', () => {
    const result = extract(image, mask, parseParams('featureClass: {firstorder: [Old]}'), testFamilies());
    expect(result.original_firstorder_Old).toBe(-1);
    expect(result.original_firstorder_Mean).toBeUndefined();
  });
});

describe('extract validation', () => {
  const params = parseParams('');
  it('fails with one-line AppErrors naming the problem', () => {
    const empty: Mask = createVolume(mask.geometry, new Uint8Array(80));
    expect(codeOf(() => extract(image, empty, params, testFamilies()))).toBe('label_absent');
    expect(codeOf(() => extract(image, mask, parseParams('setting: {label: 2}'), testFamilies()))).toBe(
      'label_absent',
    );
    const shifted: Mask = { geometry: { ...mask.geometry, origin: [0, 0, 0.01] }, data: mask.data };
    expect(codeOf(() => extract(image, shifted, params, testFamilies()))).toBe('geometry_mismatch');
    expect(() =>
      extract(image, shifted, parseParams('setting: {geometryTolerance: 0.01}'), testFamilies()),
    ).not.toThrow();
    // correctMask: resampled onto the image grid by nearest neighbour when the ROI fits in the image
    const corrected = extract(image, shifted, parseParams('setting: {correctMask: true}'), testFamilies());
    expect(corrected['diagnostics_Mask-original_VoxelNum']).toBe(74);
    const outside: Mask = { geometry: { ...mask.geometry, origin: [4, 0, 0] }, data: mask.data };
    expect(
      codeOf(() => extract(image, outside, parseParams('setting: {correctMask: true}'), testFamilies())),
    ).toBe('mask_outside_image');
    const slice = Uint8Array.from(mask.data, (v, n) => (n < 20 ? v : 0));
    const sliceMask: Mask = createVolume(mask.geometry, slice);
    expect(
      codeOf(() =>
        extract(image, sliceMask, parseParams('setting: {minimumROIDimensions: 3}'), testFamilies()),
      ),
    ).toBe('roi_too_small');
    expect(
      codeOf(() => extract(image, mask, parseParams('setting: {minimumROISize: 74}'), testFamilies())),
    ).toBe('roi_too_small');
    expect(
      codeOf(() => extract(image, mask, parseParams('setting: {resegmentRange: [100]}'), testFamilies())),
    ).toBe('label_absent');
    expect(codeOf(() => extract(image, mask, parseParams('imageType: {LBP3D: {}}'), testFamilies()))).toBe(
      'image_type_unsupported',
    );
    expect(
      codeOf(() => extract(image, mask, parseParams('featureClass: {firstorder: [Mode]}'), testFamilies())),
    ).toBe('feature_unknown');
    expect(codeOf(() => extract(image, mask, parseParams('featureClass: {glcm: }'), testFamilies()))).toBe(
      'feature_class_unavailable',
    );
  });
});

describe('extract with derived image types (filters/)', () => {
  // A textured anisotropic image with an ellipsoidal ROI away from the edges, so the filters' crops
  // (imageTypePadding) are smaller than the image.
  const size = [36, 32, 22] as const;
  const geometry = { size, spacing: [0.7, 0.8, 2] as const, origin: [0, 0, 0] as const, direction: IDENTITY };
  const values = new Float32Array(size[0] * size[1] * size[2]);
  const roi = new Uint8Array(values.length);
  let n = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++, n++) {
        values[n] = 200 + 60 * Math.sin(x / 3) * Math.cos(y / 4) + 9 * z + ((x * 7 + y * 13 + z * 5) % 17);
        roi[n] = ((x - 18) / 5) ** 2 + ((y - 15) / 4) ** 2 + ((z - 11) / 3) ** 2 <= 1 ? 1 : 0;
      }
  const textured = createVolume(geometry, values);
  const roiMask: Mask = createVolume(geometry, roi);

  function roiMean(data: ArrayLike<number>): number {
    let sum = 0;
    let count = 0;
    for (let v = 0; v < roi.length; v++) {
      if (roi[v]) {
        sum += data[v]!;
        count++;
      }
    }
    return sum / count;
  }

  it('computes every derived image on the ROI as filtering the whole image would', () => {
    const params = parseParams(
      'imageType: {Original: {}, LoG: {sigma: [1.0, 2.5]}, Wavelet: {}, Square: {}, Gradient: {}, LBP2D: {}}\n' +
        'featureClass: {firstorder: [Mean]}',
    );
    const result = extract(textured, roiMask, params, testFamilies());
    const check = (type: string, settings: FilterSettings, tolerance: number) => {
      for (const im of applyImageType(textured, type, settings).images) {
        const key = `${im.name}_firstorder_Mean`;
        expect(result[key], key).toBeTypeOf('number');
        expect(Math.abs((result[key] as number) - roiMean(im.volume.data)), key).toBeLessThanOrEqual(
          tolerance * maxAbsOf(im.volume.data),
        );
      }
    };
    expect(result.original_firstorder_Mean).toBeCloseTo(roiMean(values), 9);
    check('LoG', { sigma: [1, 2.5] }, 1e-6);
    check('Wavelet', {}, 1e-12);
    check('Square', {}, 1e-12);
    check('Gradient', {}, 1e-12);
    check('LBP2D', {}, 0);
    expect(Object.keys(result).filter((k) => k.startsWith('wavelet-'))).toHaveLength(8);
  });

  it('uses the IBSI-2 filters in IBSI mode', () => {
    const params = parseParams(
      'setting: {mode: ibsi}\nimageType: {LoG: {sigma: [1.5]}, Wavelet: {level: 2}}\nfeatureClass: {firstorder: [Mean]}',
    );
    const result = extract(textured, roiMask, params, testFamilies());
    const ibsiSettings = { mode: 'ibsi' as const };
    for (const [type, settings] of [
      ['LoG', { ...ibsiSettings, sigma: [1.5] }],
      ['Wavelet', { ...ibsiSettings, level: 2 }],
    ] as const) {
      for (const im of applyImageType(textured, type, settings).images) {
        const key = `${im.name}_firstorder_Mean`;
        expect(Math.abs((result[key] as number) - roiMean(im.volume.data)), key).toBeLessThanOrEqual(
          1e-12 * maxAbsOf(im.volume.data),
        );
      }
    }
    // the recursive (PyRadiomics) LoG differs from the sampled-Gaussian one
    const pyradiomics = applyImageType(textured, 'LoG', { sigma: [1.5] }).images[0]!.volume.data;
    expect(
      Math.abs((result['log-sigma-1-5-mm-3D_firstorder_Mean'] as number) - roiMean(pyradiomics)),
    ).toBeGreaterThan(1e-6 * maxAbsOf(pyradiomics));
  });

  it('lists a skipped LoG sigma in the diagnostics', () => {
    const result = extract(
      textured,
      roiMask,
      parseParams('imageType: {LoG: {sigma: [1.0, 60.0]}}'),
      testFamilies(),
    );
    expect(result['log-sigma-1-0-mm-3D_firstorder_Mean']).toBeTypeOf('number');
    expect(result.diagnostics_Configuration_FilterWarnings).toMatch(/sigma 60 mm skipped/);
  });
});

function maxAbsOf(data: ArrayLike<number>): number {
  let m = 0;
  for (let v = 0; v < data.length; v++) m = Math.max(m, Math.abs(data[v]!));
  return m;
}
