/**
 * Marching-cubes case table for binary masks, generated here from first principles rather than
 * transcribed from a published table (we write our own code; a generated table is also easy to
 * prove watertight, see the tests).
 *
 * Cube corners are numbered c = dx + 2·dy + 4·dz (dx, dy, dz ∈ {0, 1}); the 12 edges are
 * e = 4·axis + k, where k enumerates the two other corner bits. On a binary mask every surface
 * vertex is the midpoint of an edge whose two corners differ (PyRadiomics interpolates at 0.5).
 *
 * Construction, per case (8-bit set of inside corners):
 * 1. On each face, walk its corners counter-clockwise as seen from outside the cube. Each
 *    "outside → inside" crossing is joined to the next "inside → outside" crossing. On an
 *    ambiguous face (two diagonal inside corners) this cuts each inside corner off on its own:
 *    inside voxels touching only along an edge are not joined (6-connected foreground). Because
 *    the choice depends on the face alone, two cubes sharing a face agree and the mesh is closed.
 * 2. The directed face segments chain into closed loops; every loop is oriented so that the
 *    right-hand normal points from inside to outside.
 * 3. Each loop is fanned into triangles: loops of three to six vertices from the vertex that gives
 *    the largest total area, seven-vertex loops from the middle vertex of their lone corner (see
 *    `fanSevenLoop`). Both rules were chosen to reproduce PyRadiomics' case table: same area and
 *    same signed volume for all 254 non-trivial cases (compared during development; its table is
 *    not copied here, only these two choices).
 * 4. Cases with corner 6 inside are built as the reversed surface of the complement case
 *    (PyRadiomics' half-table convention; see `FLIP_CORNER`).
 */

import { AppError } from '../../errors/index.js';

/** Corner offsets (dx, dy, dz) of corner c. */
export function cornerOffset(c: number): [number, number, number] {
  return [c & 1, (c >> 1) & 1, (c >> 2) & 1];
}

/** The two corners joined by edge e: along axis ⌊e/4⌋, other two bits from e mod 4. */
export function edgeCorners(e: number): [number, number] {
  const axis = e >> 2;
  const k = e & 3;
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3;
  const base = ((k & 1) << u) | (((k >> 1) & 1) << v);
  return [base, base | (1 << axis)];
}

/** Edge midpoint in doubled cube-local coordinates (0, 1 or 2 per axis): exact integers. */
export function edgeMidpoint2(e: number): [number, number, number] {
  const [a, b] = edgeCorners(e);
  const pa = cornerOffset(a);
  const pb = cornerOffset(b);
  return [pa[0] + pb[0], pa[1] + pb[1], pa[2] + pb[2]];
}

function edgeBetween(a: number, b: number): number {
  const diff = a ^ b;
  const axis = diff === 1 ? 0 : diff === 2 ? 1 : 2;
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3;
  const low = a & b;
  return 4 * axis + (((low >> u) & 1) | (((low >> v) & 1) << 1));
}

/** Corners of face (axis, side) in counter-clockwise order seen from outside the cube. */
function faceCorners(axis: number, side: number): number[] {
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3;
  const s = side << axis;
  // (u, v) order (0,0) (1,0) (1,1) (0,1) is counter-clockwise about e_u × e_v = +e_axis
  const ccw = [s, s | (1 << u), s | (1 << u) | (1 << v), s | (1 << v)];
  return side === 1 ? ccw : [ccw[0]!, ccw[3]!, ccw[2]!, ccw[1]!];
}

function triangleArea2(a: readonly number[], b: readonly number[], c: readonly number[]): number {
  const ux = b[0]! - a[0]!;
  const uy = b[1]! - a[1]!;
  const uz = b[2]! - a[2]!;
  const vx = c[0]! - a[0]!;
  const vy = c[1]! - a[1]!;
  const vz = c[2]! - a[2]!;
  const x = uy * vz - uz * vy;
  const y = uz * vx - ux * vz;
  const z = ux * vy - uy * vx;
  return Math.sqrt(x * x + y * y + z * z);
}

/**
 * Fans a loop of three to six vertices from the vertex that gives the largest total area (index
 * units; ties keep the earliest start). Checked against PyRadiomics' case table during
 * development: this reproduces its area and signed volume for every case whose loops have at
 * most six vertices (236 of the 254 non-trivial cases); seven-vertex loops use `fanSevenLoop`.
 */
function fanWithLargestArea(loop: readonly number[]): number[] {
  let best: number[] = [];
  let bestArea = Number.NEGATIVE_INFINITY;
  for (let start = 0; start < loop.length; start++) {
    const tris = fanFrom(loop, start);
    let area = 0;
    for (let t = 0; t < tris.length; t += 3)
      area += triangleArea2(
        edgeMidpoint2(tris[t]!),
        edgeMidpoint2(tris[t + 1]!),
        edgeMidpoint2(tris[t + 2]!),
      );
    // ties keep the earliest start, so the table is reproducible
    if (area > bestArea + 1e-12) {
      bestArea = area;
      best = tris;
    }
  }
  return best;
}

/** Triangles (loop[s], loop[s + i], loop[s + i + 1]), i = 1 … n − 2: keeps the loop's orientation. */
function fanFrom(loop: readonly number[], start: number): number[] {
  const n = loop.length;
  const tris: number[] = [];
  for (let i = 1; i < n - 1; i++) tris.push(loop[start]!, loop[(start + i) % n]!, loop[(start + i + 1) % n]!);
  return tris;
}

/**
 * A seven-vertex loop surrounds three corners of one side that the construction joined across an
 * ambiguous face: an adjacent pair, and a lone corner diagonal to one of the pair on that face.
 * The lone corner cuts three consecutive loop vertices, the pair's corners two each. PyRadiomics
 * fans such a loop from the middle one of the lone corner's three vertices (the vertex on the
 * lone corner's edge perpendicular to the ambiguous face); checked on all 18 cases with such a
 * loop. The largest-area fan would start at a vertex of the pair instead: 0.022 face units more.
 *
 * @param loop edge ids in loop order
 * @param side which corners the loop surrounds: bit c set when corner c is on that side
 */
function fanSevenLoop(loop: readonly number[], side: number): number[] {
  const n = loop.length;
  const cornerOnSide = (e: number): number => {
    const [a, b] = edgeCorners(e);
    return ((side >> a) & 1) === 1 ? a : b;
  };
  for (let i = 0; i < n; i++) {
    const c = cornerOnSide(loop[i]!);
    if (cornerOnSide(loop[(i + n - 1) % n]!) === c && cornerOnSide(loop[(i + 1) % n]!) === c)
      return fanFrom(loop, i);
  }
  // unreachable for a loop built by `buildCase`; kept as a guard for changes to the construction
  throw new AppError('mesh_table_invalid', 'marching-cubes table: seven-vertex loop without a lone corner', {
    details: { loop: [...loop] },
  });
}

function buildCase(inside: number): number[] {
  const next = new Int8Array(12).fill(-1);
  for (let axis = 0; axis < 3; axis++) {
    for (let side = 0; side < 2; side++) {
      const corners = faceCorners(axis, side);
      const isIn = corners.map((c) => (inside >> c) & 1);
      for (let i = 0; i < 4; i++) {
        if (isIn[i] === 1 || isIn[(i + 1) % 4] === 0) continue; // not an outside → inside crossing
        for (let step = 1; step < 4; step++) {
          const j = (i + step) % 4;
          if (isIn[j] === 1 && isIn[(j + 1) % 4] === 0) {
            const from = edgeBetween(corners[i]!, corners[(i + 1) % 4]!);
            next[from] = edgeBetween(corners[j]!, corners[(j + 1) % 4]!);
            break;
          }
        }
      }
    }
  }
  const used = new Uint8Array(12);
  const triangles: number[] = [];
  for (let e = 0; e < 12; e++) {
    if (next[e] === -1 || used[e]) continue;
    const loop: number[] = [];
    let cur = e;
    while (!used[cur]) {
      used[cur] = 1;
      loop.push(cur);
      cur = next[cur]!;
    }
    // separated inside corners: a seven-vertex loop can only surround joined outside corners
    triangles.push(...(loop.length === 7 ? fanSevenLoop(loop, 255 - inside) : fanWithLargestArea(loop)));
  }
  return triangles;
}

/**
 * Corner 6 = (0, 1, 1). PyRadiomics stores half a table and builds every case whose corner at
 * grid offset (x, y, z) = (0, 1, 1) is inside as the complement's surface turned inside out.
 * On ambiguous faces that joins the inside corners instead of separating them. We follow the
 * same convention so that the mesh, and thus MeshVolume and SurfaceArea, match PyRadiomics.
 * Known consequence (shared with PyRadiomics): where two cubes on either side of an ambiguous
 * face resolve it differently, the mesh has a small hole; `SEPARATED_TRIANGLES` is watertight.
 */
const FLIP_CORNER = 6;

/**
 * The consistent table (inside corners always separated on ambiguous faces): closed meshes.
 * Not used for features; kept to test the construction.
 */
export const SEPARATED_TRIANGLES: readonly (readonly number[])[] = Array.from({ length: 256 }, (_, c) =>
  buildCase(c),
);

function buildTable(): (readonly number[])[] {
  const separated = SEPARATED_TRIANGLES;
  return separated.map((tris, c) => {
    if (((c >> FLIP_CORNER) & 1) === 0) return tris;
    const complement = separated[255 - c]!;
    const flipped: number[] = [];
    for (let t = 0; t < complement.length; t += 3)
      flipped.push(complement[t]!, complement[t + 2]!, complement[t + 1]!);
    return flipped;
  });
}

/** `triangles[case]`: flat edge-id triples, each triangle oriented outward (inside → outside). */
export const MARCHING_CUBES_TRIANGLES: readonly (readonly number[])[] = buildTable();
