import { describe, expect, it } from 'vitest';
import { roiSlices } from './slice-aggregation.js';
import { roiFromSlices } from './test-roi.js';

describe('roiSlices', () => {
  // One z-slice, rows y0 = 1 2 3, y1 = 4 0 6.
  const roi = roiFromSlices([
    [
      [1, 2, 3],
      [4, 0, 6],
    ],
  ]);

  it('cuts along z (force2Ddimension 0), y (1) and x (2)', () => {
    expect(roiSlices(roi, 0).map((s) => [s.size, Array.from(s.levels)])).toEqual([
      [
        [3, 2, 1],
        [1, 2, 3, 4, 0, 6],
      ],
    ]);
    expect(roiSlices(roi, 1).map((s) => [s.size, Array.from(s.levels)])).toEqual([
      [
        [3, 1, 1],
        [1, 2, 3],
      ],
      [
        [3, 1, 1],
        [4, 0, 6],
      ],
    ]);
    expect(roiSlices(roi, 2).map((s) => Array.from(s.levels))).toEqual([
      [1, 4],
      [2, 0],
      [3, 6],
    ]);
  });

  it('skips slices without ROI voxels', () => {
    const sparse = roiFromSlices([[[1, 0, 0]], [[0, 0, 0]]]);
    expect(roiSlices(sparse, 0)).toHaveLength(1);
  });
});
