import type { Vec3 } from '../../volume/index.js';
import type { Offset } from './directions.js';

/**
 * The levels copied into a grid with `pad` voxels of 0 (outside the ROI) on every side, so the
 * neighbour loops need no bounds checks: a neighbour beyond the crop reads 0, exactly as a voxel
 * outside the ROI (no family counts either). Costs one O(N) copy.
 */
export interface PaddedGrid {
  readonly levels: Int32Array;
  readonly size: Vec3;
  readonly pad: number;
  /** Padded index of each original voxel (x fastest). */
  readonly index: Int32Array;
}

export function padGrid(levels: Int32Array, size: Vec3, pad: number): PaddedGrid {
  const [nx, ny, nz] = size;
  const padded: Vec3 = [nx + 2 * pad, ny + 2 * pad, nz + 2 * pad];
  const out = new Int32Array(padded[0] * padded[1] * padded[2]);
  const index = new Int32Array(levels.length);
  let v = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      let p = pad + padded[0] * (y + pad + padded[1] * (z + pad));
      for (let x = 0; x < nx; x++, v++, p++) {
        out[p] = levels[v]!;
        index[v] = p;
      }
    }
  }
  return { levels: out, size: padded, pad, index };
}

/** Flat-index steps of the offsets in the padded grid. */
export function paddedSteps(offsets: readonly Offset[], grid: PaddedGrid): Int32Array {
  const [px, py] = grid.size;
  return Int32Array.from(offsets, ([dx, dy, dz]) => dx + px * (dy + py * dz));
}

/** The largest |component| of the offsets: the padding they need. */
export function reach(offsets: readonly Offset[]): number {
  let r = 0;
  for (const offset of offsets) for (const o of offset) r = Math.max(r, Math.abs(o));
  return r;
}
