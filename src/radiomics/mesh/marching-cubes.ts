import type { Vec3 } from '../../volume/index.js';
import { edgeMidpoint2, MARCHING_CUBES_TRIANGLES } from './marching-cubes-table.js';

/** Surface area and enclosed volume of the marching-cubes mesh of a binary mask. */
export interface MeshMeasures {
  /** Σ over triangles of ½‖(b − a) × (c − a)‖, mm². */
  readonly surfaceArea: number;
  /** Σ over triangles of a · (b × c) / 6 (signed tetrahedra with the origin), mm³; > 0 for outward normals. */
  readonly volume: number;
}

/**
 * Per-case sums that make each cube O(1): for a cube at corner o and triangle vertices o + a',
 * a · (b × c) = det(a', b', c') + o · ((b' − a') × (c' − a')), so the signed volume of a case is
 * D + o · N with D = Σ det(a', b', c') and N = Σ (b' − a') × (c' − a'), both fixed per case.
 */
interface CaseSums {
  readonly area: Float64Array;
  readonly det: Float64Array;
  readonly normal: Float64Array;
}

function caseSums(spacing: Vec3): CaseSums {
  const area = new Float64Array(256);
  const det = new Float64Array(256);
  const normal = new Float64Array(256 * 3);
  const [sx, sy, sz] = spacing;
  for (let c = 0; c < 256; c++) {
    const tris = MARCHING_CUBES_TRIANGLES[c]!;
    for (let t = 0; t < tris.length; t += 3) {
      const a = edgeMidpoint2(tris[t]!);
      const b = edgeMidpoint2(tris[t + 1]!);
      const d = edgeMidpoint2(tris[t + 2]!);
      const ax = 0.5 * a[0] * sx;
      const ay = 0.5 * a[1] * sy;
      const az = 0.5 * a[2] * sz;
      const bx = 0.5 * b[0] * sx;
      const by = 0.5 * b[1] * sy;
      const bz = 0.5 * b[2] * sz;
      const cx = 0.5 * d[0] * sx;
      const cy = 0.5 * d[1] * sy;
      const cz = 0.5 * d[2] * sz;
      det[c] += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
      const ux = bx - ax;
      const uy = by - ay;
      const uz = bz - az;
      const vx = cx - ax;
      const vy = cy - ay;
      const vz = cz - az;
      const nx = uy * vz - uz * vy;
      const ny = uz * vx - ux * vz;
      const nz = ux * vy - uy * vx;
      normal[3 * c] += nx;
      normal[3 * c + 1] += ny;
      normal[3 * c + 2] += nz;
      area[c] += 0.5 * Math.sqrt(nx * nx + ny * ny + nz * nz);
    }
  }
  return { area, det, normal };
}

/** Case number of the cube whose lowest corner is voxel `i`: bit k = corner k inside. */
function cubeCase(mask: Uint8Array, i: number, nx: number, sxy: number): number {
  return (
    mask[i]! |
    (mask[i + 1]! << 1) |
    (mask[i + nx]! << 2) |
    (mask[i + nx + 1]! << 3) |
    (mask[i + sxy]! << 4) |
    (mask[i + sxy + 1]! << 5) |
    (mask[i + sxy + nx]! << 6) |
    (mask[i + sxy + nx + 1]! << 7)
  );
}

/** Six times the signed volume contributed by case `c` of the cube at physical offset (ox, oy, oz). */
function signedVolume6(
  sums: ReturnType<typeof caseSums>,
  c: number,
  ox: number,
  oy: number,
  oz: number,
): number {
  return (
    sums.det[c]! + ox * sums.normal[3 * c]! + oy * sums.normal[3 * c + 1]! + oz * sums.normal[3 * c + 2]!
  );
}

/**
 * Marching cubes over a mask that is already padded with at least one zero voxel on every side
 * (PyRadiomics pads the cropped mask by one voxel, so the surface is closed). Coordinates are
 * index × spacing of the padded grid; the origin and direction do not change area or volume.
 */
export function meshMeasures(mask: Uint8Array, size: Vec3, spacing: Vec3): MeshMeasures {
  const [nx, ny, nz] = size;
  const sums = caseSums(spacing);
  const sxy = nx * ny;
  let surfaceArea = 0;
  let volume6 = 0;
  for (let z = 0; z + 1 < nz; z++) {
    const oz = z * spacing[2];
    for (let y = 0; y + 1 < ny; y++) {
      const oy = y * spacing[1];
      let i = z * sxy + y * nx;
      for (let x = 0; x + 1 < nx; x++, i++) {
        const c = cubeCase(mask, i, nx, sxy);
        if (c === 0 || c === 255) continue;
        surfaceArea += sums.area[c]!;
        volume6 += signedVolume6(sums, c, x * spacing[0], oy, oz);
      }
    }
  }
  return { surfaceArea, volume: volume6 / 6 };
}

/** Mesh measures and the mesh vertices (as `meshVertices2`) from one pass over the grid. */
export interface MeshExtract extends MeshMeasures {
  /** Every mesh vertex once, doubled padded-index coordinates, same order as `meshVertices2`. */
  readonly vertices2: Int32Array;
}

/**
 * `meshMeasures` and `meshVertices2` in one pass: each cube adds its triangles' sums and the
 * vertices on the three edges leaving its corner 0 (+x, +y, +z), where corner 0 differs from
 * corner 1, 2 or 4. Grid points on the last x, y or z plane start no cube, but in a padded mask
 * their edges join padding zeros and carry no vertex, so every vertex is found, once, in the
 * order of `meshVertices2`. Vertices go into a typed buffer that doubles when full.
 */
export function meshExtract(mask: Uint8Array, size: Vec3, spacing: Vec3): MeshExtract {
  const [nx, ny, nz] = size;
  const sums = caseSums(spacing);
  const sxy = nx * ny;
  let vertices = new Int32Array(3 * 1024);
  let o = 0;
  let surfaceArea = 0;
  let volume6 = 0;
  for (let z = 0; z + 1 < nz; z++) {
    const oz = z * spacing[2];
    for (let y = 0; y + 1 < ny; y++) {
      const oy = y * spacing[1];
      let i = z * sxy + y * nx;
      for (let x = 0; x + 1 < nx; x++, i++) {
        const c = cubeCase(mask, i, nx, sxy);
        if (c === 0 || c === 255) continue;
        surfaceArea += sums.area[c]!;
        volume6 += signedVolume6(sums, c, x * spacing[0], oy, oz);
        const c0 = c & 1;
        const onX = ((c >> 1) & 1) !== c0;
        const onY = ((c >> 2) & 1) !== c0;
        const onZ = ((c >> 4) & 1) !== c0;
        if (!(onX || onY || onZ)) continue;
        if (o + 9 > vertices.length) {
          const grown = new Int32Array(2 * vertices.length);
          grown.set(vertices);
          vertices = grown;
        }
        if (onX) {
          vertices[o++] = 2 * x + 1;
          vertices[o++] = 2 * y;
          vertices[o++] = 2 * z;
        }
        if (onY) {
          vertices[o++] = 2 * x;
          vertices[o++] = 2 * y + 1;
          vertices[o++] = 2 * z;
        }
        if (onZ) {
          vertices[o++] = 2 * x;
          vertices[o++] = 2 * y;
          vertices[o++] = 2 * z + 1;
        }
      }
    }
  }
  return { surfaceArea, volume: volume6 / 6, vertices2: vertices.slice(0, o) };
}

/**
 * Every mesh vertex exactly once: the midpoint of each grid edge whose two voxels differ, in
 * doubled padded-index coordinates (2i + 1 on the edge's axis, 2j elsewhere), so they are exact
 * integers. These are the vertices PyRadiomics 3 uses for the diameters. Order: by grid point
 * (x fastest), then axis x, y, z, so the output is reproducible.
 */
export function meshVertices2(mask: Uint8Array, size: Vec3): Int32Array {
  const [nx, ny, nz] = size;
  const sxy = nx * ny;
  // two passes (count, then fill) so the output is one typed array without regrowth
  let count = 0;
  for (let pass = 0; pass < 2; pass++) {
    const out = pass === 1 ? new Int32Array(3 * count) : null;
    let o = 0;
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        let i = z * sxy + y * nx;
        for (let x = 0; x < nx; x++, i++) {
          const m = mask[i]!;
          const cx = x + 1 < nx && mask[i + 1] !== m;
          const cy = y + 1 < ny && mask[i + nx] !== m;
          const cz = z + 1 < nz && mask[i + sxy] !== m;
          if (!(cx || cy || cz)) continue;
          if (out === null) {
            count += (cx ? 1 : 0) + (cy ? 1 : 0) + (cz ? 1 : 0);
            continue;
          }
          if (cx) {
            out[o++] = 2 * x + 1;
            out[o++] = 2 * y;
            out[o++] = 2 * z;
          }
          if (cy) {
            out[o++] = 2 * x;
            out[o++] = 2 * y + 1;
            out[o++] = 2 * z;
          }
          if (cz) {
            out[o++] = 2 * x;
            out[o++] = 2 * y;
            out[o++] = 2 * z + 1;
          }
        }
      }
    }
    if (out !== null) return out;
  }
  return new Int32Array(0);
}

/**
 * Copies a mask into a grid one voxel larger on every side (zeros), as PyRadiomics does for shape.
 * Non-zero values become 1. Rows are copied whole (`TypedArray.set`, a memory copy) and values
 * rewritten only if some label is above 1: a voxel-by-voxel copy took several times longer on a
 * 1M-voxel ROI.
 */
export function padMask(mask: Uint8Array, size: Vec3): { mask: Uint8Array; size: Vec3 } {
  const [nx, ny, nz] = size;
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const out = new Uint8Array(px * py * pz);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const src = (z * ny + y) * nx;
      out.set(mask.subarray(src, src + nx), ((z + 1) * py + (y + 1)) * px + 1);
    }
  }
  let binary = true;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]! > 1) {
      binary = false;
      break;
    }
  }
  if (!binary) for (let i = 0; i < out.length; i++) out[i] = out[i] !== 0 ? 1 : 0;
  return { mask: out, size: [px, py, pz] };
}
