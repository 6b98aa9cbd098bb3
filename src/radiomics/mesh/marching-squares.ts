/**
 * Marching squares on a binary 2D mask (x fastest), the 2D counterpart of `marching-cubes.ts`.
 * Corners c = dx + 2·dy; edges: 0 = (0,1) bottom, 1 = (1,3) right, 2 = (2,3) top, 3 = (0,2) left.
 * Each segment runs with the inside on its left (counter-clockwise around inside regions), so the
 * shoelace sum is positive. Ambiguous squares (diagonal corners inside) separate the inside
 * corners, as PyRadiomics' 2D line table does.
 */

/** Segment ends as edge ids, per case. */
const SEGMENTS: readonly (readonly number[])[] = [
  [],
  [0, 3], // corner 0
  [1, 0], // corner 1
  [1, 3],
  [3, 2], // corner 2
  [0, 2],
  [1, 0, 3, 2], // corners 1, 2: each cut off on its own
  [1, 2],
  [2, 1], // corner 3
  [0, 3, 2, 1], // corners 0, 3: each cut off on its own
  [2, 0],
  [2, 3],
  [3, 1],
  [0, 1],
  [3, 0],
  [],
];

/** Edge midpoints in doubled square-local coordinates. */
const EDGE_MID2: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 1],
  [1, 2],
  [0, 1],
];

export interface ContourMeasures {
  /** Σ segment lengths, mm. */
  readonly perimeter: number;
  /** Shoelace area ½ Σ (aₓ b_y − b_x a_y), mm². */
  readonly area: number;
}

/** Perimeter and enclosed area of the contour of a mask padded with at least one zero pixel. */
export function contourMeasures(
  mask: Uint8Array,
  nx: number,
  ny: number,
  spacing: readonly [number, number],
): ContourMeasures {
  const hx = spacing[0] / 2;
  const hy = spacing[1] / 2;
  let perimeter = 0;
  let area2 = 0;
  for (let y = 0; y + 1 < ny; y++) {
    for (let x = 0; x + 1 < nx; x++) {
      const i = y * nx + x;
      const c = mask[i]! | (mask[i + 1]! << 1) | (mask[i + nx]! << 2) | (mask[i + nx + 1]! << 3);
      const seg = SEGMENTS[c]!;
      for (let s = 0; s < seg.length; s += 2) {
        const a = EDGE_MID2[seg[s]!]!;
        const b = EDGE_MID2[seg[s + 1]!]!;
        const ax = (2 * x + a[0]) * hx;
        const ay = (2 * y + a[1]) * hy;
        const bx = (2 * x + b[0]) * hx;
        const by = (2 * y + b[1]) * hy;
        perimeter += Math.hypot(bx - ax, by - ay);
        area2 += ax * by - bx * ay;
      }
    }
  }
  return { perimeter, area: area2 / 2 };
}

/** Contour vertices (midpoints of pixel edges whose two pixels differ), doubled integer coordinates. */
export function contourVertices2(mask: Uint8Array, nx: number, ny: number): Int32Array {
  const out: number[] = [];
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = y * nx + x;
      const m = mask[i]!;
      if (x + 1 < nx && mask[i + 1] !== m) out.push(2 * x + 1, 2 * y);
      if (y + 1 < ny && mask[i + nx] !== m) out.push(2 * x, 2 * y + 1);
    }
  }
  return Int32Array.from(out);
}
