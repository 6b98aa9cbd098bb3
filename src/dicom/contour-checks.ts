import { AppError } from '../errors/index.js';
import type { Vec3 } from '../volume/index.js';
import { dot } from './series-volume.js';

/**
 * Checks of one CLOSED_PLANAR contour of an RT Structure Set before it is rasterised: a contour
 * that encloses nothing or that the even-odd fill would turn into something the reader did not
 * draw is refused with a code naming the defect, instead of silently giving an empty or odd mask.
 *
 * - `rtstruct_contour_degenerate`: fewer than 3 points, or zero enclosed area (all points on a line).
 * - `rtstruct_contour_not_planar`: points spread along the slice normal by more than a quarter of
 *   the slice spacing (the contour would belong to several slices).
 * - `rtstruct_contour_too_large`: more than MAX_CONTOUR_POINTS points.
 * - `rtstruct_contour_self_intersecting`: two non-adjacent edges cross (a "bow tie"); touching or
 *   overlapping collinear edges, which pixel-boundary tracers produce, are accepted.
 */
export interface ContourPlane {
  /** In-plane unit directions (image rows and columns) and the slice normal. */
  readonly row: Vec3;
  readonly column: Vec3;
  readonly normal: Vec3;
  /** Slice spacing in mm. */
  readonly sliceSpacing: number;
}

/**
 * Largest accepted number of points of one contour: far above what a reader draws or a
 * pixel-boundary tracer emits on a 512 × 512 slice, and it bounds the crossing test's time.
 */
export const MAX_CONTOUR_POINTS = 20_000;

/** Relative tolerance of the area and crossing tests (coordinates in mm). */
const EPSILON = 1e-9;

export function checkClosedPlanarContour(points: readonly Vec3[], plane: ContourPlane, what: string): void {
  if (points.length < 3) {
    throw new AppError(
      'rtstruct_contour_degenerate',
      `${what}: a closed planar contour needs at least 3 points, found ${points.length}`,
      { details: { points: points.length } },
    );
  }
  if (points.length > MAX_CONTOUR_POINTS) {
    throw new AppError(
      'rtstruct_contour_too_large',
      `${what}: ${points.length} points exceed the limit of ${MAX_CONTOUR_POINTS} per contour`,
      { details: { points: points.length } },
    );
  }
  const depths = points.map((p) => dot(p, plane.normal));
  const spread = Math.max(...depths) - Math.min(...depths);
  if (spread > 0.25 * plane.sliceSpacing) {
    throw new AppError(
      'rtstruct_contour_not_planar',
      `${what}: points spread ${spread.toFixed(3)} mm along the slice normal (slice spacing ${plane.sliceSpacing.toFixed(3)} mm)`,
      { details: { spreadMm: spread } },
    );
  }
  const u = points.map((p) => dot(p, plane.row));
  const v = points.map((p) => dot(p, plane.column));
  const extent = Math.max(Math.max(...u) - Math.min(...u), Math.max(...v) - Math.min(...v));
  // shoelace formula: A = ½ |Σ (u_i v_{i+1} − u_{i+1} v_i)|
  let twiceArea = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++)
    twiceArea += u[j]! * v[i]! - u[i]! * v[j]!;
  if (!(Math.abs(twiceArea) > EPSILON * extent * extent)) {
    throw new AppError('rtstruct_contour_degenerate', `${what}: the contour encloses no area`, {
      details: { points: points.length },
    });
  }
  const crossing = firstProperCrossing(u, v, EPSILON * extent * extent);
  if (crossing !== undefined) {
    throw new AppError(
      'rtstruct_contour_self_intersecting',
      `${what}: edges ${crossing[0] + 1} and ${crossing[1] + 1} cross each other`,
      { details: { edges: crossing } },
    );
  }
}

/**
 * The first pair of non-adjacent edges (edge i runs from point i to point i+1, closing back to
 * point 0) that cross at a point interior to both, or undefined. Edges are swept in order of
 * their smallest u, so only edges whose u-ranges overlap are compared.
 */
function firstProperCrossing(
  u: readonly number[],
  v: readonly number[],
  tolerance: number,
): [number, number] | undefined {
  const n = u.length;
  const edges = Array.from({ length: n }, (_, i) => {
    const j = (i + 1) % n;
    return { i, lo: Math.min(u[i]!, u[j]!), hi: Math.max(u[i]!, u[j]!) };
  }).sort((a, b) => a.lo - b.lo);
  const orient = (a: number, b: number, c: number) =>
    (u[b]! - u[a]!) * (v[c]! - v[a]!) - (v[b]! - v[a]!) * (u[c]! - u[a]!);
  const sign = (x: number) => (x > tolerance ? 1 : x < -tolerance ? -1 : 0);
  let active: { i: number; lo: number; hi: number }[] = [];
  for (const edge of edges) {
    active = active.filter((other) => other.hi >= edge.lo);
    for (const other of active) {
      const [a, b] = [edge.i, (edge.i + 1) % n];
      const [c, d] = [other.i, (other.i + 1) % n];
      if (a === d || b === c || a === c) continue; // adjacent edges share a point
      const s1 = sign(orient(a, b, c));
      const s2 = sign(orient(a, b, d));
      const s3 = sign(orient(c, d, a));
      const s4 = sign(orient(c, d, b));
      if (s1 * s2 < 0 && s3 * s4 < 0) return [Math.min(a, c), Math.max(a, c)];
    }
    active.push(edge);
  }
  return undefined;
}
