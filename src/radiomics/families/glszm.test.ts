import { describe, expect, it } from 'vitest';
import { glszmFamily } from './glszm.js';
import { roiFromSlices } from './test-roi.js';
import { textureSettings } from './texture-settings.js';

describe('glszm', () => {
  // 2×2×2 cube: level 1 at (0,0,0) and (1,1,1) (corner-diagonal), level 2 elsewhere.
  const cube = roiFromSlices([
    [
      [1, 2],
      [2, 2],
    ],
    [
      [2, 2],
      [2, 1],
    ],
  ]);

  it('joins zones with 26-connectivity in 3D', () => {
    // Zones: level 1 size 2, level 2 size 6.
    const out = glszmFamily.compute(cube, textureSettings(), ['ZonePercentage', 'SmallAreaEmphasis']);
    expect(out.ZonePercentage).toBeCloseTo(2 / 8, 12);
    expect(out.SmallAreaEmphasis).toBeCloseTo((1 / 4 + 1 / 36) / 2, 12);
  });

  it('uses 8-connectivity per slice and pools slices with force2D (IBSI 2.5D)', () => {
    // Per slice: level 1 size 1, level 2 size 3.
    const out = glszmFamily.compute(cube, textureSettings({ force2D: true }), [
      'ZonePercentage',
      'SmallAreaEmphasis',
    ]);
    expect(out.ZonePercentage).toBeCloseTo(4 / 8, 12);
    expect(out.SmallAreaEmphasis).toBeCloseTo((2 * 1 + 2 / 9) / 4, 12);
  });
});
