import { describe, expect, it } from 'vitest';
import { IDENTITY } from './geometry.js';
import { requireSameFrameOfReference, transferMask } from './mask-transfer.js';
import { createVolume } from './volume.js';

describe('transferMask', () => {
  const source = createVolume(
    { size: [4, 4, 2], spacing: [2, 2, 4], origin: [0, 0, 0], direction: IDENTITY },
    // a 2 × 2 block at i = 1..2, j = 1..2, both slices
    Uint8Array.from({ length: 32 }, (_, n) => {
      const i = n % 4;
      const j = Math.floor(n / 4) % 4;
      return i >= 1 && i <= 2 && j >= 1 && j <= 2 ? 1 : 0;
    }),
  );

  it('is the identity on the same grid', () => {
    expect(Array.from(transferMask(source, source.geometry).data)).toEqual(Array.from(source.data));
  });

  it('keeps the physical extent on a finer, shifted grid', () => {
    // 1 mm voxels, origin half a source voxel before the source origin
    const target = {
      size: [9, 9, 8] as const,
      spacing: [1, 1, 1] as const,
      origin: [-1, -1, -2] as const,
      direction: IDENTITY,
    };
    const out = transferMask(source, target);
    let count = 0;
    for (const v of out.data) count += v;
    // block spans x, y ∈ [1, 5) mm around centres 2..4 → target centres x = 1..4 (4 per axis) at
    // nearest-neighbour rounding; z: source slices at 0 and 4 mm cover z ∈ [-2, 6) → 8 target slices
    expect(count).toBe(4 * 4 * 8);
    expect(out.data[3 + 9 * (3 + 9 * 0)]).toBe(1); // x = 2, y = 2, z = -2
    expect(out.data[0]).toBe(0);
  });

  it('refuses different frames of reference', () => {
    expect(() =>
      requireSameFrameOfReference(
        { what: 'DCE', frameOfReferenceUid: '1.2' },
        { what: 'T2', frameOfReferenceUid: '1.3' },
      ),
    ).toThrow(/different or missing frames of reference/);
  });
});
