import { describe, expect, it } from 'vitest';
import { firstorderFamily } from './firstorder.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

describe('firstorder', () => {
  // Values 1, 2, 3, 4: μ = 2.5, m2 = 1.25, m4 = 2.5625, m4/m2² = 1.64.
  const roi = roiFromSlices([[[1, 2, 3, 4]]]);

  it('reports kurtosis m4/m2² in PyRadiomics mode and excess kurtosis (− 3) in IBSI mode', () => {
    const pyradiomics = firstorderFamily.compute(roi, textureSettings(), ['Kurtosis']).Kurtosis!;
    const ibsi = firstorderFamily.compute(roi, textureSettings({ mode: 'ibsi' }), ['Kurtosis']).Kurtosis!;
    expect(pyradiomics).toBeCloseTo(2.5625 / 1.25 ** 2, 12);
    expect(pyradiomics - ibsi).toBeCloseTo(3, 12);
  });

  it('uses numpy linear percentiles, population variance and the shift in energy', () => {
    const out = firstorderFamily.compute(roi, textureSettings({ voxelArrayShift: 10 }), [
      '10Percentile',
      'InterquartileRange',
      'Variance',
      'Energy',
      'RobustMeanAbsoluteDeviation',
    ]);
    expect(out['10Percentile']).toBeCloseTo(1.3, 12);
    expect(out.InterquartileRange).toBeCloseTo(3.25 - 1.75, 12);
    expect(out.Variance).toBeCloseTo(1.25, 12);
    expect(out.Energy).toBeCloseTo(11 ** 2 + 12 ** 2 + 13 ** 2 + 14 ** 2, 9);
    // P10 = 1.3, P90 = 3.7: keeps 2 and 3, mean 2.5, MAD 0.5.
    expect(out.RobustMeanAbsoluteDeviation).toBeCloseTo(0.5, 12);
  });

  it('throws a named error for an unknown feature', () => {
    expect(() => firstorderFamily.compute(roi, textureSettings(), ['Mode'])).toThrowError(
      /"Mode".*firstorder/,
    );
  });
});

describe('ROI input checks', () => {
  it('rejects arrays that do not match the grid, naming the array', () => {
    const roi = roiFromSlices([[[1, 2, 3, 4]]]);
    const broken = { ...roi, levels: new Int32Array(3) };
    expect(() => firstorderFamily.compute(broken, textureSettings(), ['Mean'])).toThrowError(
      /levels has 3 values for a 4×1×1 grid/,
    );
  });
});
