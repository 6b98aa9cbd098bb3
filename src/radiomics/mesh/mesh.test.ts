import { describe, expect, it } from 'vitest';
import { convexHull2D } from './convex-hull-2d.js';
import { convexHull3D, hullMeasures } from './convex-hull-3d.js';
import { meshDiameters } from './diameters.js';
import { meshExtract, meshMeasures, meshVertices2, padMask } from './marching-cubes.js';
import { edgeMidpoint2, MARCHING_CUBES_TRIANGLES, SEPARATED_TRIANGLES } from './marching-cubes-table.js';

/** Small seeded PRNG (LCG) so the random masks are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomBlob(rand: () => number, n: [number, number, number], fill: number): Uint8Array {
  const m = new Uint8Array(n[0] * n[1] * n[2]);
  for (let i = 0; i < m.length; i++) m[i] = rand() < fill ? 1 : 0;
  return m;
}

/** Directed mesh edges between global vertex keys, for the watertightness check. */
function directedEdges(
  table: readonly (readonly number[])[],
  mask: Uint8Array,
  size: readonly [number, number, number],
): Map<string, number> {
  const [nx, ny, nz] = size;
  const edges = new Map<string, number>();
  const at = (x: number, y: number, z: number) => mask[x + nx * (y + ny * z)]!;
  for (let z = 0; z + 1 < nz; z++)
    for (let y = 0; y + 1 < ny; y++)
      for (let x = 0; x + 1 < nx; x++) {
        let c = 0;
        for (let k = 0; k < 8; k++) c |= at(x + (k & 1), y + ((k >> 1) & 1), z + ((k >> 2) & 1)) << k;
        const t = table[c]!;
        const key = (e: number) => {
          const m = edgeMidpoint2(e);
          return `${2 * x + m[0]},${2 * y + m[1]},${2 * z + m[2]}`;
        };
        for (let i = 0; i < t.length; i += 3) {
          for (let k = 0; k < 3; k++) {
            const e = `${key(t[i + k]!)}>${key(t[i + ((k + 1) % 3)]!)}`;
            edges.set(e, (edges.get(e) ?? 0) + 1);
          }
        }
      }
  return edges;
}

describe('marching-cubes table', () => {
  it('separated table: closed, consistently oriented mesh on random masks (each directed edge has its reverse once)', () => {
    const rand = lcg(7);
    for (let trial = 0; trial < 20; trial++) {
      const p = padMask(randomBlob(rand, [5, 4, 6], 0.5), [5, 4, 6]);
      const edges = directedEdges(SEPARATED_TRIANGLES, p.mask, p.size);
      for (const [e, count] of edges) {
        const [a, b] = e.split('>');
        expect(count).toBe(1);
        expect(edges.get(`${b}>${a}`)).toBe(1);
      }
    }
  });

  it('PyRadiomics-convention table: closed wherever no face is ambiguous (a ball)', () => {
    const n = 9;
    const mask = new Uint8Array(n * n * n);
    for (let z = 0; z < n; z++)
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++)
          mask[x + n * (y + n * z)] = (x - 4) ** 2 + (y - 4) ** 2 + (z - 4) ** 2 <= 12 ? 1 : 0;
    const p = padMask(mask, [n, n, n]);
    const edges = directedEdges(MARCHING_CUBES_TRIANGLES, p.mask, p.size);
    for (const e of edges.keys()) {
      const [a, b] = e.split('>');
      expect(edges.get(`${b}>${a}`)).toBe(1);
    }
  });

  it('orients the mesh outward: signed volume is positive and one voxel is the 1/6 octahedron', () => {
    const one = padMask(Uint8Array.of(1), [1, 1, 1]);
    const m = meshMeasures(one.mask, one.size, [1, 1, 1]);
    expect(m.volume).toBeCloseTo(1 / 6, 14);
    expect(m.surfaceArea).toBeCloseTo(Math.sqrt(3), 14); // 8 equilateral triangles of side √½
    const rand = lcg(11);
    for (let trial = 0; trial < 10; trial++) {
      const p = padMask(randomBlob(rand, [6, 6, 6], 0.6), [6, 6, 6]);
      expect(meshMeasures(p.mask, p.size, [0.7, 0.8, 1.5]).volume).toBeGreaterThan(0);
    }
  });
});

describe('meshExtract', () => {
  it('equals meshMeasures and meshVertices2 exactly (same numbers, same vertex order)', () => {
    const rand = lcg(31);
    for (let trial = 0; trial < 25; trial++) {
      const size: [number, number, number] = [
        1 + Math.floor(rand() * 12),
        1 + Math.floor(rand() * 12),
        1 + Math.floor(rand() * 8),
      ];
      const p = padMask(randomBlob(rand, size, 0.1 + 0.85 * rand()), size);
      const spacing = [0.5 + rand(), 0.5 + rand(), 0.5 + 2 * rand()] as const;
      const fused = meshExtract(p.mask, p.size, spacing);
      const m = meshMeasures(p.mask, p.size, spacing);
      expect(fused.surfaceArea).toBe(m.surfaceArea);
      expect(fused.volume).toBe(m.volume);
      expect(fused.vertices2).toEqual(meshVertices2(p.mask, p.size));
    }
  });
});

describe('padMask', () => {
  it('adds one zero voxel on every side, keeps positions, maps every non-zero label to 1', () => {
    // 3 × 2 × 2 mask, x fastest; labels 0, 1, 2, 255
    const mask = Uint8Array.of(0, 1, 2, 255, 0, 1, 1, 0, 0, 7, 1, 1);
    for (const m of [mask, mask.map((v) => (v === 0 ? 0 : 1))]) {
      const p = padMask(m, [3, 2, 2]);
      expect(p.size).toEqual([5, 4, 4]);
      const at = (x: number, y: number, z: number) => p.mask[x + 5 * (y + 4 * z)]!;
      let sum = 0;
      for (let z = 0; z < 4; z++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 5; x++) {
            const inner = x >= 1 && x <= 3 && y >= 1 && y <= 2 && z >= 1 && z <= 2;
            const expected = inner ? (mask[x - 1 + 3 * (y - 1 + 2 * (z - 1))]! === 0 ? 0 : 1) : 0;
            expect(at(x, y, z)).toBe(expected);
            sum += at(x, y, z);
          }
      expect(sum).toBe(8);
    }
  });
});

describe('diameters via hulls', () => {
  /** All-pairs reference over every mesh vertex, same arithmetic as the implementation documents. */
  function bruteForce(v: Int32Array, s: readonly [number, number, number]) {
    const h = [s[0] / 2, s[1] / 2, s[2] / 2];
    const best = [0, 0, 0, 0];
    const n = v.length / 3;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const dx = (v[3 * i]! - v[3 * j]!) * h[0]!;
        const dy = (v[3 * i + 1]! - v[3 * j + 1]!) * h[1]!;
        const dz = (v[3 * i + 2]! - v[3 * j + 2]!) * h[2]!;
        const d = dx * dx + dy * dy + dz * dz;
        if (d > best[3]!) best[3] = d;
        if (v[3 * i + 2] === v[3 * j + 2] && d > best[0]!) best[0] = d;
        if (v[3 * i + 1] === v[3 * j + 1] && d > best[1]!) best[1] = d;
        if (v[3 * i] === v[3 * j] && d > best[2]!) best[2] = d;
      }
    return {
      max3D: Math.sqrt(best[3]!),
      sliceZ: Math.sqrt(best[0]!),
      columnY: Math.sqrt(best[1]!),
      rowX: Math.sqrt(best[2]!),
    };
  }

  it('equals the all-pairs answer exactly on random masks, anisotropic spacing', () => {
    const rand = lcg(2024);
    const spacing = [0.7, 0.8, 1.5] as const;
    for (let trial = 0; trial < 30; trial++) {
      const size: [number, number, number] = [
        3 + Math.floor(rand() * 9),
        3 + Math.floor(rand() * 9),
        2 + Math.floor(rand() * 7),
      ];
      const fill = 0.2 + 0.7 * rand();
      const p = padMask(randomBlob(rand, size, fill), size);
      const v = meshVertices2(p.mask, p.size);
      if (v.length === 0) continue;
      expect(meshDiameters(v, spacing)).toEqual(bruteForce(v, spacing));
    }
  });

  it('equals the all-pairs answer on a large ball (many candidates, little pruning)', () => {
    const n = 21;
    const mask = new Uint8Array(n * n * n);
    for (let z = 0; z < n; z++)
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++)
          mask[x + n * (y + n * z)] = (x - 10) ** 2 + (y - 10) ** 2 + (z - 10) ** 2 <= 100 ? 1 : 0;
    const p = padMask(mask, [n, n, n]);
    const v = meshVertices2(p.mask, p.size);
    expect(meshDiameters(v, [0.7, 0.8, 1.5])).toEqual(bruteForce(v, [0.7, 0.8, 1.5]));
  });
  it('equals the all-pairs answer on elongated, irregular blobs (pruning cuts most pairs)', () => {
    const rand = lcg(5);
    for (let trial = 0; trial < 6; trial++) {
      const size: [number, number, number] = [31, 9, 7];
      const mask = new Uint8Array(size[0] * size[1] * size[2]);
      for (let z = 0; z < size[2]; z++)
        for (let y = 0; y < size[1]; y++)
          for (let x = 0; x < size[0]; x++) {
            const r = ((x - 15) / 15) ** 2 + ((y - 4) / 4) ** 2 + ((z - 3) / 3) ** 2;
            mask[x + size[0] * (y + size[1] * z)] = r <= 0.8 + 0.4 * rand() ? 1 : 0;
          }
      const p = padMask(mask, size);
      const v = meshVertices2(p.mask, p.size);
      expect(meshDiameters(v, [0.7, 0.8, 1.5])).toEqual(bruteForce(v, [0.7, 0.8, 1.5]));
      expect(meshDiameters(v, [1.5, 0.5, 0.9])).toEqual(bruteForce(v, [1.5, 0.5, 0.9]));
    }
  });
});

describe('convex hulls', () => {
  it('2D: drops collinear and duplicate points', () => {
    const u = [0, 1, 2, 2, 2, 1, 0, 0, 1, 1];
    const v = [0, 0, 0, 1, 2, 2, 2, 1, 1, 1];
    expect(convexHull2D(u, v).sort()).toEqual([0, 2, 4, 6]);
  });

  it('3D: a grid cube with interior and coplanar points has volume 8 and area 24, no point outside a face', () => {
    const pts: number[] = [];
    for (let z = 0; z <= 2; z++) for (let y = 0; y <= 2; y++) for (let x = 0; x <= 2; x++) pts.push(x, y, z);
    const P = Int32Array.from(pts);
    const hull = convexHull3D(P);
    const m = hullMeasures(P, hull, [1, 1, 1]);
    expect(m.volume).toBeCloseTo(8, 12);
    expect(m.area).toBeCloseTo(24, 12);
    const f = hull.faces;
    for (let t = 0; t < f.length; t += 3) {
      const [a, b, c] = [f[t]!, f[t + 1]!, f[t + 2]!].map((i) => [
        pts[3 * i]!,
        pts[3 * i + 1]!,
        pts[3 * i + 2]!,
      ]);
      const u = [b![0]! - a![0]!, b![1]! - a![1]!, b![2]! - a![2]!];
      const w = [c![0]! - a![0]!, c![1]! - a![1]!, c![2]! - a![2]!];
      const nrm = [
        u[1]! * w[2]! - u[2]! * w[1]!,
        u[2]! * w[0]! - u[0]! * w[2]!,
        u[0]! * w[1]! - u[1]! * w[0]!,
      ];
      for (let i = 0; i < pts.length; i += 3) {
        const d =
          (pts[i]! - a![0]!) * nrm[0]! + (pts[i + 1]! - a![1]!) * nrm[1]! + (pts[i + 2]! - a![2]!) * nrm[2]!;
        expect(d).toBeLessThanOrEqual(0);
      }
    }
    expect(hull.vertices.length).toBeGreaterThanOrEqual(8);
  });

  it('3D: throws hull_degenerate for coplanar input', () => {
    expect(() => convexHull3D(Int32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]))).toThrow(/coplanar/);
  });
});
