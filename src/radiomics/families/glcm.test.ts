import { describe, expect, it } from 'vitest';
import { glcmFamily } from './glcm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

const jointMaxContrast = ['MaximumProbability', 'Contrast'];

describe('glcm aggregation (hand-computed)', () => {
  // One slice  1 2 / 2 1. The 3D directions that leave the slice cannot fit, so PyRadiomics keeps 4:
  // (1,1,0): 1-1 → p = [[1,0],[0,0]]; (0,1,0) and (1,0,0): 1-2, 2-1 → [[0,.5],[.5,0]];
  // (−1,1,0): 2-2 → [[0,0],[0,1]]. Joint maxima 1, .5, 1, .5; contrasts 0, 1, 0, 1.
  const slice = roiFromSlices([
    [
      [1, 2],
      [2, 1],
    ],
  ]);

  it('averages features over directions by default (IBSI 3D averaged)', () => {
    const out = glcmFamily.compute(slice, textureSettings(), jointMaxContrast);
    expect(out.MaximumProbability).toBeCloseTo(0.75, 12);
    expect(out.Contrast).toBeCloseTo(0.5, 12);
  });

  it('sums the direction matrices with weightingNorm no_weighting (IBSI 3D merged)', () => {
    // Σ counts = [[2,4],[4,2]] / 12.
    const out = glcmFamily.compute(
      slice,
      textureSettings({ weightingNorm: 'no_weighting' }),
      jointMaxContrast,
    );
    expect(out.MaximumProbability).toBeCloseTo(4 / 12, 12);
    expect(out.Contrast).toBeCloseTo(8 / 12, 12);
  });

  it('weights directions by e^(−(Σ|a|·spacing)²) with manhattan, spacing included', () => {
    // spacing (2, 1, 1): (1,1,0) → e^−9, (0,1,0) → e^−1, (−1,1,0) → e^−9, (1,0,0) → e^−4.
    const spaced = { ...slice, spacing: [2, 1, 1] as [number, number, number] };
    const out = glcmFamily.compute(spaced, textureSettings({ weightingNorm: 'manhattan' }), ['Contrast']);
    const [w1, w2, w4] = [Math.exp(-1), Math.exp(-4), Math.exp(-9)];
    expect(out.Contrast).toBeCloseTo((4 * w1 + 4 * w2) / (2 * w4 + 4 * w1 + 2 * w4 + 4 * w2), 12);
  });

  // Two slices: z0 = 1 2 / 2 1, z1 = all 2.
  const twoSlices = roiFromSlices([
    [
      [1, 2],
      [2, 1],
    ],
    [
      [2, 2],
      [2, 2],
    ],
  ]);

  it('pools the slices per in-plane direction with force2D (IBSI 2.5D direction-merged)', () => {
    // (1,1,0): [[2,0],[0,2]]/4 → .5; (0,1,0), (1,0,0): [[0,2],[2,4]]/8 → .5; (−1,1,0): all 2-2 → 1.
    const out = glcmFamily.compute(twoSlices, textureSettings({ force2D: true }), ['MaximumProbability']);
    expect(out.MaximumProbability).toBeCloseTo((0.5 + 0.5 + 1 + 0.5) / 4, 12);
  });

  it('averages per-slice features with sliceAggregation averaged (IBSI 2D averaged)', () => {
    // z0 as above (.75), z1 has only 2-2 pairs (1).
    const settings = textureSettings({ force2D: true, sliceAggregation: 'averaged' });
    const out = glcmFamily.compute(twoSlices, settings, ['MaximumProbability']);
    expect(out.MaximumProbability).toBeCloseTo((0.75 + 1) / 2, 12);
  });
});

describe('glcm grey levels', () => {
  // Row 1 3: level 2 is absent. Pairs 1-3 and 3-1: p(1,3) = p(3,1) = 1/2, |i − j| = 2.
  const roi = roiFromSlices([[[1, 3]]]);

  it('keeps the grey level values (absent level 2 is an empty row, not renumbered)', () => {
    const out = glcmFamily.compute(roi, textureSettings(), ['Contrast', 'JointAverage', 'Idn', 'Idmn']);
    expect(out.Contrast).toBeCloseTo(4, 12);
    expect(out.JointAverage).toBeCloseTo(2, 12);
    // N_g = 3 (highest level), not 2 (levels present).
    expect(out.Idn).toBeCloseTo(1 / (1 + 2 / 3), 12);
    expect(out.Idmn).toBeCloseTo(1 / (1 + 4 / 9), 12);
  });

  it('uses the bin count as N_g in IBSI mode', () => {
    const out = glcmFamily.compute({ ...roi, binCount: 5 }, textureSettings({ mode: 'ibsi' }), ['Idn']);
    expect(out.Idn).toBeCloseTo(1 / (1 + 2 / 5), 12);
  });

  it('gives MCC = 1 for a single-level ROI and √λ₂ otherwise', () => {
    const flat = roiFromSlices([[[2, 2, 2]]]);
    expect(glcmFamily.compute(flat, textureSettings(), ['MCC']).MCC).toBe(1);
    // p = [[0,.5],[.5,0]] (levels 1, 3): Q = identity on the two levels, eigenvalues 1, 1.
    expect(glcmFamily.compute(roi, textureSettings(), ['MCC']).MCC).toBeCloseTo(1, 9);
  });
});
