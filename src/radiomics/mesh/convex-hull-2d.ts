/**
 * Convex hull of integer points in a plane by Andrew's monotone chain. Integer input keeps every
 * orientation test exact (coordinates up to ~10⁵ stay far below 2⁵³), so collinear and duplicate
 * points, which voxel grids produce in plenty, cannot flip a decision.
 */

/**
 * Indices (into `u`/`v`) of the strict hull vertices, counter-clockwise from the lowest-u point.
 * Collinear boundary points and duplicates are left out. One or two distinct points give themselves.
 */
export function convexHull2D(u: Int32Array | readonly number[], v: Int32Array | readonly number[]): number[] {
  const order = Array.from({ length: u.length }, (_, i) => i);
  order.sort((a, b) => u[a]! - u[b]! || v[a]! - v[b]! || a - b);
  return convexHull2DOfSorted(u, v, order);
}

/** As `convexHull2D`, for points whose visiting `order` is already sorted by u, then v. */
export function convexHull2DOfSorted(
  u: Int32Array | readonly number[],
  v: Int32Array | readonly number[],
  order: ArrayLike<number>,
): number[] {
  const n = order.length;
  if (n <= 1) return n === 1 ? [order[0]!] : [];
  const cross = (o: number, a: number, b: number): number =>
    (u[a]! - u[o]!) * (v[b]! - v[o]!) - (v[a]! - v[o]!) * (u[b]! - u[o]!);
  const hull: number[] = [];
  for (let k = 0; k < n; k++) {
    const p = order[k]!;
    while (hull.length >= 2 && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0) hull.pop();
    hull.push(p);
  }
  const lowerSize = hull.length + 1;
  for (let k = n - 2; k >= 0; k--) {
    const p = order[k]!;
    while (hull.length >= lowerSize && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, p) <= 0)
      hull.pop();
    hull.push(p);
  }
  hull.pop(); // the first point closes the chain
  if (hull.length === 2 && u[hull[0]!] === u[hull[1]!] && v[hull[0]!] === v[hull[1]!]) hull.pop();
  return hull;
}
