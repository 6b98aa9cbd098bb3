import { describe, expect, it } from 'vitest';
import { gldmFamily } from './gldm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

describe('gldm', () => {
  // Row 1 1 2: the two 1s depend on each other, the 2 on nobody. With the centre voxel counted,
  // P(1, 2) = 2 and P(2, 1) = 1 (without it, dependence 0 would exist and SDE would be undefined).
  const roi = roiFromSlices([[[1, 1, 2]]]);

  it('counts the centre voxel in the dependence (PyRadiomics and IBSI)', () => {
    const out = gldmFamily.compute(roi, textureSettings(), [
      'SmallDependenceEmphasis',
      'LargeDependenceEmphasis',
      'DependenceNonUniformity',
    ]);
    expect(out.SmallDependenceEmphasis).toBeCloseTo((2 / 4 + 1 / 1) / 3, 12);
    expect(out.LargeDependenceEmphasis).toBeCloseTo((2 * 4 + 1 * 1) / 3, 12);
    expect(out.DependenceNonUniformity).toBeCloseTo((1 + 4) / 3, 12);
  });

  it('treats neighbours within gldm_a as dependent', () => {
    // α = 1: 1-1, 1-2 dependent, so dependences are 2, 3, 2.
    const out = gldmFamily.compute(roi, textureSettings({ gldm_a: 1 }), ['LargeDependenceEmphasis']);
    expect(out.LargeDependenceEmphasis).toBeCloseTo((4 + 9 + 4) / 3, 12);
  });
});
