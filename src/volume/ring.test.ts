import { describe, expect, it } from 'vitest';
import { type Geometry, IDENTITY, indexToPhysical, type Mat3 } from './geometry.js';
import { peritumoralRing, type RingMode } from './ring.js';
import { countLabel, createVolume, type Mask } from './volume.js';

/** Brute force: physical distance from every voxel centre to every tumour voxel centre. */
function bruteForceRing(tumour: Mask, d: number, mode: RingMode): Uint8Array {
  const g = tumour.geometry;
  const [nx, ny, nz] = g.size;
  const centres: [number, number, number][] = [];
  const tumourPoints: { p: [number, number, number]; k: number }[] = [];
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const p = indexToPhysical(g, i, j, k);
        centres.push(p);
        if (tumour.data[n] === 1) tumourPoints.push({ p, k });
      }
    }
  }
  const out = new Uint8Array(centres.length);
  const limit = d + 1e-6;
  centres.forEach((c, n) => {
    if (tumour.data[n] === 1) return;
    const k = Math.floor(n / (nx * ny));
    for (const t of tumourPoints) {
      if (mode === '2d' && t.k !== k) continue;
      const dist = Math.hypot(c[0] - t.p[0], c[1] - t.p[1], c[2] - t.p[2]);
      if (dist <= limit) {
        out[n] = 1;
        return;
      }
    }
  });
  return out;
}

/**
 * An irregular tumour: two overlapping ellipsoids, a notch cut out, a hole, a detached satellite
 * voxel, and a lobe touching the grid edge (so clipping to the image is exercised).
 */
function irregularTumour(geometry: Geometry): Mask {
  const [nx, ny, nz] = geometry.size;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0, n = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const a = ((i - 12) / 6) ** 2 + ((j - 13) / 4.5) ** 2 + ((k - 4) / 1.8) ** 2 <= 1;
        const b = ((i - 17) / 3) ** 2 + ((j - 8) / 5) ** 2 + ((k - 5) / 1.2) ** 2 <= 1;
        const edgeLobe = i <= 2 && j >= 10 && j <= 14 && k >= 3 && k <= 5;
        const notch = i >= 10 && i <= 12 && j >= 15;
        const hole = i === 12 && j === 12 && k === 4;
        const satellite = i === 22 && j === 22 && k === 1;
        if (((a || b || edgeLobe) && !notch && !hole) || satellite) data[n] = 1;
      }
    }
  }
  return createVolume(geometry, data, 'tumour');
}

const anisotropic: Geometry = {
  size: [26, 26, 9],
  spacing: [0.7, 0.7, 3],
  origin: [-12.3, 40.1, 7.5],
  direction: IDENTITY,
};

function oblique(): Mat3 {
  // Rotation about the y axis then the z axis: orthonormal, not axis-aligned.
  const a = 0.4;
  const b = -0.25;
  const [ca, sa, cb, sb] = [Math.cos(a), Math.sin(a), Math.cos(b), Math.sin(b)];
  return [cb * ca, -sb, cb * sa, sb * ca, cb, sb * sa, -sa, 0, ca];
}

describe('peritumoralRing against brute force on a 0.7 x 0.7 x 3 mm grid', () => {
  const cases: { name: string; geometry: Geometry }[] = [
    { name: 'axis-aligned', geometry: anisotropic },
    { name: 'oblique direction', geometry: { ...anisotropic, direction: oblique() } },
    {
      // Non-orthogonal axes: the boundary shortcut does not hold, every tumour voxel is stamped.
      name: 'sheared direction',
      geometry: { ...anisotropic, direction: [1, 0.3, 0, 0, 0.9539392, 0, 0, 0, 1] },
    },
  ];
  for (const { name, geometry } of cases) {
    for (const mode of ['3d', '2d'] as const) {
      for (const d of [3, 2.1]) {
        it(`${name}, ${mode}, d = ${d} mm`, () => {
          const tumour = irregularTumour(geometry);
          const ring = peritumoralRing(tumour, { distanceMm: d, mode });
          const expected = bruteForceRing(tumour, d, mode);
          expect(countLabel(ring)).toBeGreaterThan(100);
          const mismatches: number[] = [];
          for (let n = 0; n < expected.length; n++) if (ring.data[n] !== expected[n]) mismatches.push(n);
          expect(mismatches).toEqual([]);
        });
      }
    }
  }
});

describe('peritumoralRing hand cases', () => {
  function singleVoxel(spacing: [number, number, number]): Mask {
    const size = [9, 9, 9] as const;
    const data = new Uint8Array(9 * 9 * 9);
    data[4 + 9 * (4 + 9 * 4)] = 1;
    return createVolume({ size, spacing, origin: [0, 0, 0], direction: IDENTITY }, data);
  }

  it('around one voxel on a 1 mm grid: the 123 lattice points of the radius-3 ball minus the centre', () => {
    expect(countLabel(peritumoralRing(singleVoxel([1, 1, 1])))).toBe(122);
  });

  it('in 2d mode on a 1 mm grid: the 29 lattice points of the radius-3 disc minus the centre', () => {
    const ring = peritumoralRing(singleVoxel([1, 1, 1]), { mode: '2d' });
    expect(countLabel(ring)).toBe(28);
  });

  it('includes a neighbour exactly 3 mm away (one 3 mm slice) but nothing diagonal to it', () => {
    const ring = peritumoralRing(singleVoxel([1, 1, 3]));
    // 28 in-plane voxels plus the voxels directly above and below.
    expect(countLabel(ring)).toBe(30);
    expect(ring.data[4 + 9 * (4 + 9 * 5)]).toBe(1);
    expect(ring.data[5 + 9 * (4 + 9 * 5)]).toBe(0);
  });

  it('is empty for d = 0 and never contains tumour voxels', () => {
    const tumour = singleVoxel([1, 1, 1]);
    expect(countLabel(peritumoralRing(tumour, { distanceMm: 0 }))).toBe(0);
    expect(peritumoralRing(tumour).data[4 + 9 * (4 + 9 * 4)]).toBe(0);
  });

  it('drops voxels at or below the tissue threshold', () => {
    const tumour = singleVoxel([1, 1, 1]);
    const intensities = new Float32Array(9 * 9 * 9).fill(100);
    // Air on one side: the half-space x < 4.
    for (let n = 0; n < intensities.length; n++) if (n % 9 < 4) intensities[n] = 5;
    const image = createVolume(tumour.geometry, intensities);
    const ring = peritumoralRing(tumour, { tissue: { image, threshold: 5 } });
    // Lattice points of the radius-3 ball with x >= 0 relative to the centre, minus the centre:
    // x = 0 gives the 29-point disc, x = 1 and x = 2 give discs of radius sqrt(8) and sqrt(5)
    // (25 and 21 points), x = 3 gives the single point on the axis.
    expect(countLabel(ring)).toBe(29 + 25 + 21 + 1 - 1);
  });

  it('rejects a negative distance and a tissue image on another grid', () => {
    const tumour = singleVoxel([1, 1, 1]);
    expect(() => peritumoralRing(tumour, { distanceMm: -1 })).toThrow(/distanceMm/);
    const other = createVolume(
      { size: [9, 9, 9], spacing: [2, 2, 2], origin: [0, 0, 0], direction: IDENTITY },
      new Float32Array(729),
    );
    expect(() => peritumoralRing(tumour, { tissue: { image: other, threshold: 0 } })).toThrow(
      expect.objectContaining({ code: 'ring_grid_mismatch' }),
    );
  });
});
