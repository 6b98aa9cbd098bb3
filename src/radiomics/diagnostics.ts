import { createHash } from 'node:crypto';
import { type BoundingBox, indexToPhysical, type Mask, type Volume } from '../volume/index.js';

/**
 * Provenance values of the `diagnostics_*` keys, named as PyRadiomics' `generalinfo.py` names them
 * (`diagnostics_Image-original_Hash`, `diagnostics_Mask-original_BoundingBox`, ...).
 */

export type DiagnosticValue = number | string | readonly number[];

/** SHA-1 of the voxel array bytes (x fastest = numpy's C order of a [z][y][x] array), as PyRadiomics. */
export function voxelHash(volume: Volume): string {
  const d = volume.data;
  return createHash('sha1')
    .update(new Uint8Array(d.buffer, d.byteOffset, d.byteLength))
    .digest('hex');
}

export function imageDiagnostics(
  prefix: string,
  image: Volume,
  withHash: boolean,
): Record<string, DiagnosticValue> {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let n = 0; n < image.data.length; n++) {
    const v = image.data[n]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out: Record<string, DiagnosticValue> = {};
  if (withHash) out[`diagnostics_${prefix}_Hash`] = voxelHash(image);
  if (withHash) out[`diagnostics_${prefix}_Dimensionality`] = '3D';
  out[`diagnostics_${prefix}_Spacing`] = [...image.geometry.spacing];
  out[`diagnostics_${prefix}_Size`] = [...image.geometry.size];
  out[`diagnostics_${prefix}_Mean`] = sum / image.data.length;
  out[`diagnostics_${prefix}_Minimum`] = min;
  out[`diagnostics_${prefix}_Maximum`] = max;
  return out;
}

/**
 * ROI diagnostics of `mask` (voxels equal to `label`) over `image`: bounding box as PyRadiomics
 * writes it (lower index x, y, z, then size x, y, z), voxel count, number of 6-connected components,
 * centre of mass (index and LPS mm), and the image's mean/min/max in the ROI.
 */
export function maskDiagnostics(
  prefix: string,
  image: Volume,
  mask: Mask,
  label: number,
  box: BoundingBox,
  withHash: boolean,
): Record<string, DiagnosticValue> {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const centre = [0, 0, 0];
  const [nx, ny] = mask.geometry.size;
  for (let n = 0; n < mask.data.length; n++) {
    if (mask.data[n] !== label) continue;
    const v = image.data[n]!;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    centre[0] += n % nx;
    centre[1] += Math.floor(n / nx) % ny;
    centre[2] += Math.floor(n / (nx * ny));
  }
  const index = centre.map((c) => c / count) as [number, number, number];
  const out: Record<string, DiagnosticValue> = {};
  if (withHash) out[`diagnostics_${prefix}_Hash`] = voxelHash(mask);
  out[`diagnostics_${prefix}_Spacing`] = [...mask.geometry.spacing];
  out[`diagnostics_${prefix}_Size`] = [...mask.geometry.size];
  out[`diagnostics_${prefix}_BoundingBox`] = [...box.lo, ...box.hi.map((h, axis) => h - box.lo[axis]! + 1)];
  out[`diagnostics_${prefix}_VoxelNum`] = count;
  out[`diagnostics_${prefix}_VolumeNum`] = countComponents(mask, label);
  out[`diagnostics_${prefix}_CenterOfMassIndex`] = index;
  out[`diagnostics_${prefix}_CenterOfMass`] = indexToPhysical(mask.geometry, ...index);
  out[`diagnostics_${prefix}_Mean`] = sum / count;
  out[`diagnostics_${prefix}_Minimum`] = min;
  out[`diagnostics_${prefix}_Maximum`] = max;
  return out;
}

/** Number of face-connected (6-neighbour) components of `label`, as ITK's ConnectedComponent default. */
export function countComponents(mask: Mask, label: number): number {
  const [nx, ny, nz] = mask.geometry.size;
  const seen = new Uint8Array(mask.data.length);
  const stack = new Int32Array(mask.data.length);
  let components = 0;
  for (let start = 0; start < mask.data.length; start++) {
    if (mask.data[start] !== label || seen[start]) continue;
    components++;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const n = stack[--top]!;
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      const visit = (m: number) => {
        if (mask.data[m] === label && !seen[m]) {
          seen[m] = 1;
          stack[top++] = m;
        }
      };
      if (i > 0) visit(n - 1);
      if (i < nx - 1) visit(n + 1);
      if (j > 0) visit(n - nx);
      if (j < ny - 1) visit(n + nx);
      if (k > 0) visit(n - nx * ny);
      if (k < nz - 1) visit(n + nx * ny);
    }
  }
  return components;
}
