import { AppError } from '../../errors/index.js';

/**
 * Convex hull of integer points in 3D: incremental construction with exact orientation tests.
 *
 * Why our own: no maintained npm package offers exact predicates, and mesh vertices on a voxel
 * grid are full of coplanar and collinear quadruples that break floating-point hulls. With
 * integer coordinates below 2¹⁶ every plane test here (normal components < 2³⁴, dot products
 * < 2⁵²) is exact in a double.
 *
 * A point is added only when it lies strictly outside at least one face; points on a face's
 * plane never are. Coplanar neighbouring triangles can remain; area and volume are unaffected.
 * Points are processed in input order, so the result is reproducible.
 */
export interface ConvexHull3D {
  /** Triangles as vertex-index triples into the input, outward (counter-clockwise seen from outside). */
  readonly faces: Int32Array;
  /** Indices of the points that are hull vertices, ascending. */
  readonly vertices: Int32Array;
}

/** Points as a flat (x, y, z) integer array. Throws `hull_degenerate` if all points are coplanar. */
export function convexHull3D(points: Int32Array): ConvexHull3D {
  const n = points.length / 3;
  const P = points;
  const orient = (a: number, b: number, c: number, d: number): number => {
    const ax = P[3 * a]!;
    const ay = P[3 * a + 1]!;
    const az = P[3 * a + 2]!;
    const bx = P[3 * b]! - ax;
    const by = P[3 * b + 1]! - ay;
    const bz = P[3 * b + 2]! - az;
    const cx = P[3 * c]! - ax;
    const cy = P[3 * c + 1]! - ay;
    const cz = P[3 * c + 2]! - az;
    const dx = P[3 * d]! - ax;
    const dy = P[3 * d + 1]! - ay;
    const dz = P[3 * d + 2]! - az;
    return bx * (cy * dz - cz * dy) + by * (cz * dx - cx * dz) + bz * (cx * dy - cy * dx);
  };
  const [i0, i1, i2, i3] = initialTetrahedron(P, n, orient);
  const faces = new FaceStore(P, n);
  if (orient(i0, i1, i2, i3) < 0) {
    faces.add(i0, i1, i2);
    faces.add(i0, i3, i1);
    faces.add(i1, i3, i2);
    faces.add(i2, i3, i0);
  } else {
    faces.add(i0, i2, i1);
    faces.add(i0, i1, i3);
    faces.add(i1, i2, i3);
    faces.add(i2, i0, i3);
  }
  const visible: number[] = [];
  const horizon: number[] = [];
  for (let p = 0; p < n; p++) {
    if (p === i0 || p === i1 || p === i2 || p === i3) continue;
    faces.collectVisible(p, visible);
    if (visible.length === 0) continue;
    // horizon: edges of visible faces whose neighbouring face (across the edge) is not visible
    horizon.length = 0;
    for (const f of visible) {
      for (let k = 0; k < 3; k++) {
        const a = faces.vertex(f, k);
        const b = faces.vertex(f, (k + 1) % 3);
        const g = faces.faceOfEdge(b, a);
        if (g < 0 || !faces.isVisible(g)) horizon.push(a, b);
      }
    }
    for (const f of visible) faces.remove(f);
    for (let e = 0; e < horizon.length; e += 2) faces.add(horizon[e]!, horizon[e + 1]!, p);
  }
  return faces.result();
}

/**
 * Triangles of the hull under construction, with each face's plane as exact integers
 * (normal · x = offset) and a map from directed edge to face for the horizon search.
 */
class FaceStore {
  private readonly tri: number[] = [];
  private readonly plane: number[] = [];
  private readonly alive: number[] = [];
  private readonly visibleMark: number[] = [];
  private readonly edgeFace = new Map<number, number>();
  private aliveList: number[] = [];
  private deadInList = 0;
  private stamp = 0;

  constructor(
    private readonly P: Int32Array,
    private readonly n: number,
  ) {}

  add(a: number, b: number, c: number): void {
    const P = this.P;
    const f = this.tri.length / 3;
    this.tri.push(a, b, c);
    const ux = P[3 * b]! - P[3 * a]!;
    const uy = P[3 * b + 1]! - P[3 * a + 1]!;
    const uz = P[3 * b + 2]! - P[3 * a + 2]!;
    const vx = P[3 * c]! - P[3 * a]!;
    const vy = P[3 * c + 1]! - P[3 * a + 1]!;
    const vz = P[3 * c + 2]! - P[3 * a + 2]!;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    this.plane.push(nx, ny, nz, nx * P[3 * a]! + ny * P[3 * a + 1]! + nz * P[3 * a + 2]!);
    this.alive.push(1);
    this.visibleMark.push(0);
    this.aliveList.push(f);
    this.edgeFace.set(a * this.n + b, f);
    this.edgeFace.set(b * this.n + c, f);
    this.edgeFace.set(c * this.n + a, f);
  }

  remove(f: number): void {
    this.alive[f] = 0;
    this.deadInList++;
    const a = this.tri[3 * f]!;
    const b = this.tri[3 * f + 1]!;
    const c = this.tri[3 * f + 2]!;
    this.forget(a * this.n + b, f);
    this.forget(b * this.n + c, f);
    this.forget(c * this.n + a, f);
  }

  private forget(key: number, f: number): void {
    if (this.edgeFace.get(key) === f) this.edgeFace.delete(key);
  }

  vertex(f: number, k: number): number {
    return this.tri[3 * f + k]!;
  }

  faceOfEdge(a: number, b: number): number {
    return this.edgeFace.get(a * this.n + b) ?? -1;
  }

  isVisible(f: number): boolean {
    return this.visibleMark[f] === this.stamp;
  }

  /** Faces that p lies strictly outside of (exact: integer plane test). */
  collectVisible(p: number, out: number[]): void {
    out.length = 0;
    this.stamp++;
    // drop dead faces from the scan list once they are the majority (amortised O(1) per face)
    if (2 * this.deadInList > this.aliveList.length) {
      this.aliveList = this.aliveList.filter((f) => this.alive[f] === 1);
      this.deadInList = 0;
    }
    const px = this.P[3 * p]!;
    const py = this.P[3 * p + 1]!;
    const pz = this.P[3 * p + 2]!;
    const pl = this.plane;
    const list = this.aliveList;
    for (let k = 0; k < list.length; k++) {
      const f = list[k]!;
      if (this.alive[f] === 0) continue;
      if (pl[4 * f]! * px + pl[4 * f + 1]! * py + pl[4 * f + 2]! * pz > pl[4 * f + 3]!) {
        out.push(f);
        this.visibleMark[f] = this.stamp;
      }
    }
  }

  result(): ConvexHull3D {
    const faces: number[] = [];
    const isVertex = new Uint8Array(this.n);
    for (const f of this.aliveList) {
      if (!this.alive[f]) continue;
      for (let k = 0; k < 3; k++) {
        faces.push(this.tri[3 * f + k]!);
        isVertex[this.tri[3 * f + k]!] = 1;
      }
    }
    const vertices: number[] = [];
    for (let i = 0; i < this.n; i++) if (isVertex[i]) vertices.push(i);
    return { faces: Int32Array.from(faces), vertices: Int32Array.from(vertices) };
  }
}

function initialTetrahedron(
  P: Int32Array,
  n: number,
  orient: (a: number, b: number, c: number, d: number) => number,
): [number, number, number, number] {
  const degenerate = () =>
    new AppError('hull_degenerate', 'convex hull input: all points are coplanar', { details: { points: n } });
  if (n < 4) throw degenerate();
  let a = 0;
  for (let i = 1; i < n; i++) {
    if (
      P[3 * i]! < P[3 * a]! ||
      (P[3 * i] === P[3 * a] &&
        (P[3 * i + 1]! < P[3 * a + 1]! || (P[3 * i + 1] === P[3 * a + 1] && P[3 * i + 2]! < P[3 * a + 2]!)))
    )
      a = i;
  }
  let b = -1;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const dx = P[3 * i]! - P[3 * a]!;
    const dy = P[3 * i + 1]! - P[3 * a + 1]!;
    const dz = P[3 * i + 2]! - P[3 * a + 2]!;
    const d = dx * dx + dy * dy + dz * dz;
    if (d > best) {
      best = d;
      b = i;
    }
  }
  if (b < 0) throw degenerate();
  let c = -1;
  best = 0;
  const ux = P[3 * b]! - P[3 * a]!;
  const uy = P[3 * b + 1]! - P[3 * a + 1]!;
  const uz = P[3 * b + 2]! - P[3 * a + 2]!;
  for (let i = 0; i < n; i++) {
    const vx = P[3 * i]! - P[3 * a]!;
    const vy = P[3 * i + 1]! - P[3 * a + 1]!;
    const vz = P[3 * i + 2]! - P[3 * a + 2]!;
    const cx = uy * vz - uz * vy;
    const cy = uz * vx - ux * vz;
    const cz = ux * vy - uy * vx;
    const d = cx * cx + cy * cy + cz * cz;
    if (d > best) {
      best = d;
      c = i;
    }
  }
  if (c < 0) throw degenerate();
  let d = -1;
  best = 0;
  for (let i = 0; i < n; i++) {
    const o = Math.abs(orient(a, b, c, i));
    if (o > best) {
      best = o;
      d = i;
    }
  }
  if (d < 0) throw degenerate();
  return [a, b, c, d];
}

/** Surface area and volume of a hull whose integer coordinates are scaled by `scale` per axis. */
export function hullMeasures(
  points: Int32Array,
  hull: ConvexHull3D,
  scale: readonly [number, number, number],
): { area: number; volume: number } {
  const f = hull.faces;
  const ref = f[0]!;
  const [sx, sy, sz] = scale;
  const rx = points[3 * ref]! * sx;
  const ry = points[3 * ref + 1]! * sy;
  const rz = points[3 * ref + 2]! * sz;
  let area = 0;
  let volume6 = 0;
  for (let t = 0; t < f.length; t += 3) {
    const a = f[t]!;
    const b = f[t + 1]!;
    const c = f[t + 2]!;
    const ax = points[3 * a]! * sx - rx;
    const ay = points[3 * a + 1]! * sy - ry;
    const az = points[3 * a + 2]! * sz - rz;
    const bx = points[3 * b]! * sx - rx;
    const by = points[3 * b + 1]! * sy - ry;
    const bz = points[3 * b + 2]! * sz - rz;
    const cx = points[3 * c]! * sx - rx;
    const cy = points[3 * c + 1]! * sy - ry;
    const cz = points[3 * c + 2]! * sz - rz;
    volume6 += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const vx = cx - ax;
    const vy = cy - ay;
    const vz = cz - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    area += 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  return { area, volume: volume6 / 6 };
}
