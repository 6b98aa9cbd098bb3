import type { Vec3 } from '../../volume/index.js';
import { convexHull2DOfSorted } from './convex-hull-2d.js';

/** Largest vertex-to-vertex distances of a mesh, PyRadiomics' four diameters (mm). */
export interface MeshDiameters {
  /** Over all vertex pairs. */
  readonly max3D: number;
  /** Over pairs with equal z (axial plane): PyRadiomics' Maximum2DDiameterSlice. */
  readonly sliceZ: number;
  /** Over pairs with equal y (coronal plane): Maximum2DDiameterColumn. */
  readonly columnY: number;
  /** Over pairs with equal x (sagittal plane): Maximum2DDiameterRow. */
  readonly rowX: number;
}

/**
 * Squared distance between vertices i and j of a doubled-integer vertex array, with h = spacing / 2
 * per axis: Σ ((aₖ − bₖ)·hₖ)². Exported so that any check computes distances the same way.
 */
export function squaredDistance2(v: Int32Array, i: number, j: number, h: Vec3): number {
  const dx = (v[3 * i]! - v[3 * j]!) * h[0];
  const dy = (v[3 * i + 1]! - v[3 * j + 1]!) * h[1];
  const dz = (v[3 * i + 2]! - v[3 * j + 2]!) * h[2];
  return dx * dx + dy * dy + dz * dz;
}

function maxPairDistance2(v: Int32Array, ids: ArrayLike<number>, h: Vec3): number {
  let best = 0;
  for (let a = 0; a < ids.length; a++) {
    const i = ids[a]!;
    for (let b = a + 1; b < ids.length; b++) {
      const d = squaredDistance2(v, i, ids[b]!, h);
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Diameter within each plane of constant coordinate on `axis`, and a mark on every point that
 * is a strict 2D hull vertex of its plane. Only the lowest and highest point of each (plane, u)
 * line can be a hull vertex, so each plane's hull is built from those few, already in (u, v)
 * order: linear time, no sorting.
 */
function planeDiameters(v: Int32Array, axis: 0 | 1 | 2, h: Vec3, onHull: Uint8Array): number {
  const n = v.length / 3;
  if (n === 0) return 0;
  const ua = (axis + 1) % 3;
  const va = (axis + 2) % 3;
  const range = (a: number): [number, number] => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const c = v[3 * i + a]!;
      if (c < lo) lo = c;
      if (c > hi) hi = c;
    }
    return [lo, hi - lo + 1];
  };
  const [planeLo, planeCount] = range(axis);
  const [uLo, uCount] = range(ua);
  // lowest / highest point of each (plane, u) line; ties on v keep the lower index
  const low = new Int32Array(planeCount * uCount).fill(-1);
  const high = new Int32Array(planeCount * uCount).fill(-1);
  for (let i = 0; i < n; i++) {
    const cell = (v[3 * i + axis]! - planeLo) * uCount + (v[3 * i + ua]! - uLo);
    const w = v[3 * i + va]!;
    const lo = low[cell]!;
    if (lo < 0 || w < v[3 * lo + va]!) low[cell] = i;
    const hi = high[cell]!;
    if (hi < 0 || w > v[3 * hi + va]!) high[cell] = i;
  }
  const u = new Int32Array(n);
  const w = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = v[3 * i + ua]!;
    w[i] = v[3 * i + va]!;
  }
  let best = 0;
  const line: number[] = [];
  for (let p = 0; p < planeCount; p++) {
    line.length = 0;
    for (let k = 0; k < uCount; k++) {
      const lo = low[p * uCount + k]!;
      if (lo < 0) continue;
      line.push(lo);
      const hi = high[p * uCount + k]!;
      if (hi !== lo && v[3 * hi + va] !== v[3 * lo + va]) line.push(hi);
    }
    if (line.length === 0) continue;
    const hull = convexHull2DOfSorted(u, w, line);
    for (const i of hull) onHull[i]!++;
    const d = maxPairDistance2(v, hull, h);
    if (d > best) best = d;
  }
  return best;
}

/**
 * The four diameters without an all-pairs scan over every mesh vertex. The farthest pair of a
 * point set are vertices of its convex hull, and a vertex of the 3D hull is also a vertex of the
 * 2D hull of its own plane (a convex combination within the plane would be one in 3D). So: per
 * plane (for each of the three axes) the strict 2D hull gives that plane's diameter; the few
 * points on all three of their plane hulls are then compared pairwise (`maxPairDistance2Pruned`).
 *
 * @param vertices2 mesh vertices in doubled index coordinates (see `meshVertices2`)
 * @param spacing voxel spacing (x, y, z) in mm
 */
export function meshDiameters(vertices2: Int32Array, spacing: Vec3): MeshDiameters {
  const h: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const planes = planeHulls(vertices2, spacing);
  return {
    max3D: Math.sqrt(maxPairDistance2Pruned(planes.candidates, h)),
    sliceZ: Math.sqrt(planes.sliceZ2),
    columnY: Math.sqrt(planes.columnY2),
    rowX: Math.sqrt(planes.rowX2),
  };
}

/**
 * Largest squared distance over all pairs of `v`, skipping pairs that cannot beat the best so
 * far: with r the distance to the centroid, ‖p − q‖ ≤ r_p + r_q, so after sorting by r
 * (descending) a row, and then the whole scan, stops once (r_p + r_q)² is below the best. The
 * bound is inflated by 1e-9 (relative) against rounding, so no pair that could win is skipped
 * and the result is bit-identical to the plain all-pairs maximum (same `squaredDistance2`).
 *
 * Why not the 3D hull: on the candidates left by the plane hulls (≈ 2,600 for a 1M-voxel
 * tumour) this scan takes a few milliseconds; the incremental hull took ≈ 0.3 s.
 */
function maxPairDistance2Pruned(v: Int32Array, h: Vec3): number {
  const n = v.length / 3;
  if (n < 2) return 0;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < n; i++) {
    cx += v[3 * i]! * h[0];
    cy += v[3 * i + 1]! * h[1];
    cz += v[3 * i + 2]! * h[2];
  }
  cx /= n;
  cy /= n;
  cz /= n;
  const radius = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    radius[i] = Math.hypot(v[3 * i]! * h[0] - cx, v[3 * i + 1]! * h[1] - cy, v[3 * i + 2]! * h[2] - cz);
    order[i] = i;
  }
  order.sort((a, b) => radius[b]! - radius[a]! || a - b);
  const SAFETY = 1 + 1e-9;
  const r0 = radius[order[0]!]!;
  let best = 0;
  for (let a = 0; a < n; a++) {
    const i = order[a]!;
    const ri = radius[i]!;
    if ((ri + r0) * (ri + r0) * SAFETY < best) break;
    for (let b = a + 1; b < n; b++) {
      const j = order[b]!;
      const bound = ri + radius[j]!;
      if (bound * bound * SAFETY < best) break;
      const d = squaredDistance2(v, i, j, h);
      if (d > best) best = d;
    }
  }
  return best;
}

/**
 * Squared per-plane diameters, and the points that are strict hull vertices of their x-, y- and
 * z-plane (doubled integer coordinates). Every vertex of the 3D convex hull is among them.
 */
export function planeHulls(
  vertices2: Int32Array,
  spacing: Vec3,
): { rowX2: number; columnY2: number; sliceZ2: number; candidates: Int32Array } {
  const h: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const n = vertices2.length / 3;
  const onHull = new Uint8Array(n);
  const rowX2 = planeDiameters(vertices2, 0, h, onHull);
  const columnY2 = planeDiameters(vertices2, 1, h, onHull);
  const sliceZ2 = planeDiameters(vertices2, 2, h, onHull);
  let count = 0;
  for (let i = 0; i < n; i++) if (onHull[i] === 3) count++;
  const candidates = new Int32Array(3 * count);
  for (let i = 0, m = 0; i < n; i++) {
    if (onHull[i] !== 3) continue;
    candidates[3 * m] = vertices2[3 * i]!;
    candidates[3 * m + 1] = vertices2[3 * i + 1]!;
    candidates[3 * m + 2] = vertices2[3 * i + 2]!;
    m++;
  }
  return { rowX2, columnY2, sliceZ2, candidates };
}
