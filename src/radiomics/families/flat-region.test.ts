import { describe, expect, it } from 'vitest';
import { firstorderFamily } from './firstorder.js';
import { glcmFamily } from './glcm.js';
import { ngtdmFamily } from './ngtdm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

// A flat ROI (one grey level), e.g. a small lesion after wide binning: PyRadiomics returns
// documented conventions instead of dividing by zero.
const flat = roiFromSlices([
  [
    [3, 3],
    [3, 3],
  ],
  [
    [3, 3],
    [3, 3],
  ],
]);

describe('flat region conventions (PyRadiomics docstrings)', () => {
  it('glcm: Correlation 1, Imc1 0, Imc2 0, MCC 1', () => {
    const out = glcmFamily.compute(flat, textureSettings(), [
      'Correlation',
      'Imc1',
      'Imc2',
      'MCC',
      'JointEnergy',
    ]);
    expect(out).toEqual({ Correlation: 1, Imc1: 0, Imc2: 0, MCC: 1, JointEnergy: 1 });
  });

  it('ngtdm: Coarseness 10⁶, Contrast, Busyness, Complexity and Strength 0', () => {
    const names = ['Coarseness', 'Contrast', 'Busyness', 'Complexity', 'Strength'];
    expect(ngtdmFamily.compute(flat, textureSettings(), names)).toEqual({
      Coarseness: 1e6,
      Contrast: 0,
      Busyness: 0,
      Complexity: 0,
      Strength: 0,
    });
  });

  it('firstorder: Skewness and Kurtosis 0', () => {
    expect(firstorderFamily.compute(flat, textureSettings(), ['Skewness', 'Kurtosis'])).toEqual({
      Skewness: 0,
      Kurtosis: 0,
    });
  });

  it('an empty ROI gives NaN, not an exception', () => {
    const empty = roiFromSlices([[[0, 0]]], { binCount: 1 });
    expect(glcmFamily.compute(empty, textureSettings(), ['Contrast']).Contrast).toBeNaN();
  });
});
