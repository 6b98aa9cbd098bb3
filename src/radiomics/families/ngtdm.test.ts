import { describe, expect, it } from 'vitest';
import { ngtdmFamily } from './ngtdm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

describe('ngtdm', () => {
  // Row 1 2 _ 3: the 1 sees a 2 (s_1 = 1), the 2 sees a 1 (s_2 = 1), the 3 has no ROI neighbour.
  const roi = roiFromSlices([[[1, 2, 0, 3]]]);
  const names = ['Coarseness', 'Contrast', 'Strength'];

  it('keeps voxels without ROI neighbours in n_i in PyRadiomics mode', () => {
    // n = (1, 1, 1), N_vp = 3, p_i = 1/3, s = (1, 1, 0).
    const out = ngtdmFamily.compute(roi, textureSettings(), names);
    expect(out.Coarseness).toBeCloseTo(1 / (1 / 3 + 1 / 3), 12);
    // Σ p_i p_j (i − j)² = (2/9)(1 + 4 + 1) = 4/3; / (N_gp (N_gp − 1)) = 6; × Σ s / N_vp = 2/3.
    expect(out.Contrast).toBeCloseTo((4 / 3 / 6) * (2 / 3), 12);
  });

  it('leaves them out in IBSI mode', () => {
    // n = (1, 1, 0), N_vc = 2, p_i = 1/2, s = (1, 1, 0).
    const out = ngtdmFamily.compute(roi, textureSettings({ mode: 'ibsi' }), names);
    expect(out.Coarseness).toBeCloseTo(1, 12);
    expect(out.Contrast).toBeCloseTo(((0.25 * 2) / 2) * (2 / 2), 12);
    // Σ (p_i + p_j)(i − j)² / Σ s = (1 + 1) / 2.
    expect(out.Strength).toBeCloseTo(1, 12);
  });
});
