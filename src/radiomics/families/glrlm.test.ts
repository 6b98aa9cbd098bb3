import { describe, expect, it } from 'vitest';
import { glrlmFamily } from './glrlm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

describe('glrlm', () => {
  it('uses only the directions that fit in the crop (a row has one direction)', () => {
    // Row 1 1 1: one run of length 3 along x; the 12 other 3D directions do not fit (PyRadiomics).
    const out = glrlmFamily.compute(roiFromSlices([[[1, 1, 1]]]), textureSettings(), [
      'ShortRunEmphasis',
      'RunPercentage',
    ]);
    expect(out.ShortRunEmphasis).toBeCloseTo(1 / 9, 12);
    expect(out.RunPercentage).toBeCloseTo(1 / 3, 12);
  });

  it('breaks runs at voxels outside the ROI and averages over directions', () => {
    // 1 1 / 1 _ : (1,1,0) three runs of 1 (the diagonal partner is outside the ROI); (0,1,0),
    // (−1,1,0) and (1,0,0) each one run of 2 and one of 1.
    const roi = roiFromSlices([
      [
        [1, 1],
        [1, 0],
      ],
    ]);
    const out = glrlmFamily.compute(roi, textureSettings(), ['ShortRunEmphasis']);
    const sre = (runs: number[]) => runs.reduce((s, j) => s + 1 / (j * j), 0) / runs.length;
    expect(out.ShortRunEmphasis).toBeCloseTo(
      (sre([1, 1, 1]) + sre([2, 1]) + sre([2, 1]) + sre([2, 1])) / 4,
      12,
    );
  });

  it('merges with weights d = Σ|a|·spacing for manhattan (no exponential, unlike GLCM)', () => {
    // Row 1 2 along x only: two runs of length 1; weight 2 (spacing 2) scales N_r and N_p alike.
    const roi = { ...roiFromSlices([[[1, 2]]]), spacing: [2, 1, 1] as [number, number, number] };
    const out = glrlmFamily.compute(roi, textureSettings({ weightingNorm: 'manhattan' }), [
      'RunPercentage',
      'GrayLevelNonUniformity',
    ]);
    expect(out.RunPercentage).toBeCloseTo(1, 12);
    // P = 2·[1, 1]: Σ_i (Σ_j P)² / N_r = (4 + 4) / 4.
    expect(out.GrayLevelNonUniformity).toBeCloseTo(2, 12);
  });
});
