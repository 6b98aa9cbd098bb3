import { describe, expect, it } from 'vitest';
import { edgeCorners, edgeMidpoint2, MARCHING_CUBES_TRIANGLES } from './marching-cubes-table.js';

type Point = readonly [number, number, number];

/** Area and 6 × signed volume of the cone from the cube centre, for triangles in cube units. */
function measure(triangles: readonly (readonly [Point, Point, Point])[]): {
  area: number;
  centreDet: number;
} {
  let area = 0;
  let centreDet = 0;
  for (const [p, q, r] of triangles) {
    const [a, b, c] = [p, q, r].map((v) => v.map((x) => x - 0.5)) as [number[], number[], number[]];
    const u = [b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!];
    const w = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!];
    area +=
      0.5 *
      Math.hypot(u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!);
    centreDet +=
      a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) +
      a[1]! * (b[2]! * c[0]! - b[0]! * c[2]!) +
      a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  }
  return { area, centreDet };
}

const point = (e: number): Point => edgeMidpoint2(e).map((v) => v / 2) as unknown as Point;

/** One connected sheet of a case's triangles: its vertices (edge ids) and triangles. */
interface Sheet {
  readonly edges: Set<number>;
  readonly triangles: [number, number, number][];
}

function sheets(tris: readonly number[]): Sheet[] {
  const out: Sheet[] = [];
  for (let t = 0; t < tris.length; t += 3) {
    const tri: [number, number, number] = [tris[t]!, tris[t + 1]!, tris[t + 2]!];
    const touching = out.filter((s) => tri.some((e) => s.edges.has(e)));
    const merged: Sheet = { edges: new Set(tri), triangles: [tri] };
    for (const s of touching) {
      for (const e of s.edges) merged.edges.add(e);
      merged.triangles.push(...s.triangles);
      out.splice(out.indexOf(s), 1);
    }
    out.push(merged);
  }
  return out;
}

const s2 = Math.SQRT2;
const s3 = Math.sqrt(3);

/**
 * Hand-derived area and 6 × centre-cone volume of each kind of sheet, keyed by
 * `vertices:inside corners touched:outside corners touched`. Cube units, centre at the origin.
 * - 3 vertices, one corner cut off: equilateral triangle of side √½ → area √3/8. Corner 0: vertices
 *   (0,−½,−½), (−½,0,−½), (−½,−½,0), det = −¼; the normal points away from an inside corner (toward
 *   the centre: −) or toward an outside one (+).
 * - 4 vertices around an edge's two corners: rectangle 1 × √½ → √2/2; det ∓½ likewise.
 * - 4 vertices around a face's four corners: the unit square through the centre → 1, det 0.
 * - 5 vertices around three corners of a face (an L): PyRadiomics' fan has triangles of area
 *   ½, √3/8 and √3/4 → (4 + 3√3)/8; centre det 0.
 * - 6 vertices, the regular hexagon of side √½ through the centre, perpendicular to a cube
 *   diagonal (a corner with its three neighbours on one side): 3√3/4, det 0. Two corners joined
 *   across an ambiguous face give the same area.
 * - 6 vertices around four corners forming a chair (a path of three edges, not in one face):
 *   triangles √8/8, √12/8, √12/8, √8/8 → (√2 + √3)/2, det 0.
 * - 7 vertices: see `sevenLoopByHand` below.
 */
const SHEETS: Record<string, { area: number; centreDet: number }> = {
  '3:1:3': { area: s3 / 8, centreDet: -0.25 },
  '3:3:1': { area: s3 / 8, centreDet: 0.25 },
  '4:2:4': { area: s2 / 2, centreDet: -0.5 },
  '4:4:2': { area: s2 / 2, centreDet: 0.5 },
  '4:4:4': { area: 1, centreDet: 0 },
  '5:3:4': { area: (4 + 3 * s3) / 8, centreDet: 0 },
  '5:4:3': { area: (4 + 3 * s3) / 8, centreDet: 0 },
  '6:2:4': { area: (3 * s3) / 4, centreDet: 0 },
  '6:3:3': { area: (3 * s3) / 4, centreDet: 0 },
  '6:4:2': { area: (3 * s3) / 4, centreDet: 0 },
  '6:4:4': { area: (s2 + s3) / 2, centreDet: 0 },
};

/**
 * Case 61 by hand: inside corners 0, 2, 3, 4, 5; outside 1 = (1,0,0), 6 = (0,1,1), 7 = (1,1,1).
 * Corners 1 and 7 are diagonal on the ambiguous face x = 1; inside corners are kept apart there,
 * so the outside ones join and one seven-vertex loop surrounds {1, 6, 7}. PyRadiomics fans it
 * from the midpoint of the lone corner 1's edge perpendicular to that face, (½, 0, 0), over the
 * loop (1,0,½) → (1,½,1) → (0,½,1) → (0,1,½) → (1,1,½) → (1,½,0): triangle areas √3/8, √20/8,
 * √11/8, √20/8, √3/8 → (2√3 + 4√5 + √11)/8 ≈ 1.96562 (the largest-area fan, from (0,½,1), gives
 * ≈ 1.98771); centre dets 0, ¼, ¼, ¼, 0 → ¾ in this order, −¾ with normals pointing outward (to
 * corners 1, 6, 7), +¾ for the complement case that surrounds three inside corners.
 */
const sevenLoopByHand = (() => {
  const apex: Point = [0.5, 0, 0];
  const loop: Point[] = [
    [1, 0, 0.5],
    [1, 0.5, 1],
    [0, 0.5, 1],
    [0, 1, 0.5],
    [1, 1, 0.5],
    [1, 0.5, 0],
  ];
  const fan: [Point, Point, Point][] = [];
  for (let i = 0; i + 1 < loop.length; i++) fan.push([apex, loop[i]!, loop[i + 1]!]);
  return { fan, expectedArea: (2 * s3 + 4 * Math.sqrt(5) + Math.sqrt(11)) / 8 };
})();

function caseTriangles(c: number): [Point, Point, Point][] {
  const t = MARCHING_CUBES_TRIANGLES[c]!;
  const out: [Point, Point, Point][] = [];
  for (let i = 0; i < t.length; i += 3) out.push([point(t[i]!), point(t[i + 1]!), point(t[i + 2]!)]);
  return out;
}

describe('marching-cubes table: PyRadiomics parity per case', () => {
  it('case 61 (seven-vertex loop) equals the hand-built fan, up to orientation', () => {
    const hand = measure(sevenLoopByHand.fan);
    expect(hand.area).toBeCloseTo(sevenLoopByHand.expectedArea, 14);
    const ours = measure(caseTriangles(61));
    expect(ours.area).toBeCloseTo(hand.area, 14);
    expect(Math.abs(ours.centreDet)).toBeCloseTo(Math.abs(hand.centreDet), 14);
    expect(Math.abs(hand.centreDet)).toBeCloseTo(0.75, 14);
  });

  it('every one of the 256 cases: each sheet has the hand-derived area and centre volume', () => {
    const sevenLoopCases: number[] = [];
    let total = 0;
    for (let c = 0; c < 256; c++) {
      const tris = MARCHING_CUBES_TRIANGLES[c]!;
      if (c === 0 || c === 255) {
        expect(tris.length).toBe(0);
        continue;
      }
      expect(tris.length).toBeGreaterThan(0);
      for (const sheet of sheets(tris)) {
        const inside = new Set<number>();
        const outside = new Set<number>();
        for (const e of sheet.edges)
          for (const k of edgeCorners(e)) (((c >> k) & 1) === 1 ? inside : outside).add(k);
        const key = `${sheet.edges.size}:${inside.size}:${outside.size}`;
        const got = measure(sheet.triangles.map((t) => t.map(point) as [Point, Point, Point]));
        const expected =
          sheet.edges.size === 7
            ? { area: sevenLoopByHand.expectedArea, centreDet: inside.size === 3 ? 0.75 : -0.75 }
            : SHEETS[key];
        if (sheet.edges.size === 7) sevenLoopCases.push(c);
        expect(expected, `case ${c}: sheet kind ${key}`).toBeDefined();
        expect(got.area, `case ${c} area`).toBeCloseTo(expected!.area, 12);
        expect(got.centreDet, `case ${c} volume`).toBeCloseTo(expected!.centreDet, 12);
        total += got.area;
      }
    }
    // the 9 placements of {edge pair + lone diagonal corner} that contain corner 6, and complements
    expect(sevenLoopCases).toEqual([
      61, 62, 67, 70, 74, 82, 88, 98, 100, 155, 157, 167, 173, 181, 185, 188, 193, 194,
    ]);
    expect(total).toBeGreaterThan(0);
  });

  it('case c and its complement 255 − c: same area, opposite volume (PyRadiomics half table)', () => {
    for (let c = 1; c < 255; c++) {
      const a = measure(caseTriangles(c));
      const b = measure(caseTriangles(255 - c));
      expect(a.area).toBeCloseTo(b.area, 13);
      expect(a.centreDet).toBeCloseTo(-b.centreDet, 13);
    }
  });
});
