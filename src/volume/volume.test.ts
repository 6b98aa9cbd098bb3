import { describe, expect, it } from 'vitest';
import { IDENTITY, indexToPhysical, physicalToIndex } from './geometry.js';
import { boundingBox, createVolume, crop } from './volume.js';

describe('geometry', () => {
  it('maps index to LPS and back through an oblique direction', () => {
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const g = {
      size: [4, 5, 6] as const,
      spacing: [0.7, 0.8, 3] as const,
      origin: [10, -20, 5] as const,
      direction: [c, -s, 0, s, c, 0, 0, 0, 1] as const,
    };
    const p = indexToPhysical(g, 2, 3, 4);
    // column 0 of the direction is (c, s, 0): index axis x moves along it by 0.7 mm per step
    expect(p[0]).toBeCloseTo(10 + c * 1.4 - s * 2.4, 12);
    expect(p[2]).toBeCloseTo(5 + 12, 12);
    const back = physicalToIndex(g, ...p);
    expect(back[0]).toBeCloseTo(2, 12);
    expect(back[1]).toBeCloseTo(3, 12);
    expect(back[2]).toBeCloseTo(4, 12);
  });
});

describe('crop', () => {
  it('keeps voxels at the same physical place and pads with the fill value', () => {
    const g = {
      size: [3, 2, 2] as const,
      spacing: [1, 2, 3] as const,
      origin: [0, 0, 0] as const,
      direction: IDENTITY,
    };
    const v = createVolume(
      g,
      Float32Array.from({ length: 12 }, (_, n) => n + 1),
    );
    const c = crop(v, { lo: [1, 1, 1], hi: [2, 1, 1] }, 1, -1);
    expect(c.geometry.size).toEqual([4, 3, 3]);
    expect(c.geometry.origin).toEqual([0, 0, 0]);
    // voxel (1,1,1) of the source is (2,2,2)-(1,1,1) = (1,1,1) of the crop
    expect(c.data[1 + 4 * (1 + 3 * 1)]).toBe(1 + 1 * 3 + 1 * 6 + 1);
    expect(c.data[0]).toBe(1); // crop (0,0,0) = source (0,0,0)
    expect(c.data[3 + 4 * (2 + 3 * 2)]).toBe(-1);
  });

  it('finds the bounding box of a label', () => {
    const g = {
      size: [3, 3, 1] as const,
      spacing: [1, 1, 1] as const,
      origin: [0, 0, 0] as const,
      direction: IDENTITY,
    };
    const m = createVolume(g, Uint8Array.from([0, 0, 0, 0, 2, 1, 0, 1, 0]));
    expect(boundingBox(m, 1)).toEqual({ lo: [1, 1, 0], hi: [2, 2, 0] });
    expect(boundingBox(m, 3)).toBeNull();
  });
});
