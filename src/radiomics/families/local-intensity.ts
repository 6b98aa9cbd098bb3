import { AppError } from '../../errors/index.js';
import type { Vec3 } from '../../volume/index.js';
import type { FeatureDefinition } from '../feature-family.js';

/**
 * The whole image (not the ROI crop): local intensity needs voxels outside the ROI and beyond its
 * bounding box. Arrays x fastest, then y, then z.
 */
export interface WholeImageInput {
  readonly size: Vec3;
  readonly spacing: Vec3;
  /** Intensities (not discretised). */
  readonly image: Float64Array;
  /** 1 = ROI voxel. */
  readonly mask: Uint8Array;
}

/** Radius of a 1 cm³ sphere, in mm: r = (3 / (4π))^(1/3) cm ≈ 6.2 mm. */
export const PEAK_RADIUS_MM = 10 * Math.cbrt(3 / (4 * Math.PI));

export const localIntensityFeatures: readonly FeatureDefinition[] = [
  {
    name: 'LocalIntensityPeak',
    ibsiCode: 'VJGA',
    ibsiName: 'Local intensity peak',
    doc: 'Mean intensity of all image voxels whose centre lies within r = 6.2 mm (1 cm³ sphere) of a ROI voxel of maximal intensity; the highest such mean when several voxels share the maximum (IBSI 3.2.1).',
  },
  {
    name: 'GlobalIntensityPeak',
    ibsiCode: '0F91',
    ibsiName: 'Global intensity peak',
    doc: 'Highest mean intensity within r = 6.2 mm of any ROI voxel, image voxels inside or outside the ROI (IBSI 3.2.2).',
  },
];

/**
 * IBSI local intensity family (IBSI 3.2). Not a `FeatureFamily`: it reads the whole image.
 *
 * The sphere is cut into x-rows (one per (dy, dz) with a half-width); prefix sums along x over the
 * ROI's bounding box grown by the radius give each row's sum in O(1), so a voxel costs one step per
 * row (≈ π r² / (s_y s_z)) instead of one per sphere voxel.
 */
export const localIntensityFamily = {
  name: 'ibsi_local_intensity',
  features: localIntensityFeatures,
  compute(input: WholeImageInput, names: readonly string[]): Record<string, number> {
    for (const name of names) {
      if (!localIntensityFeatures.some((f) => f.name === name)) {
        throw new AppError('feature_unknown', `Feature "${name}" is not in family "ibsi_local_intensity"`, {
          details: { family: 'ibsi_local_intensity', feature: name },
        });
      }
    }
    const [nx, ny, nz] = input.size;
    const [sx, sy, sz] = input.spacing;
    const r2 = PEAK_RADIUS_MM ** 2;
    const ry = Math.floor(PEAK_RADIUS_MM / sy);
    const rz = Math.floor(PEAK_RADIUS_MM / sz);
    // Rows of the sphere: (dy, dz, half-width in x).
    const rowDy: number[] = [];
    const rowDz: number[] = [];
    const rowHalf: number[] = [];
    for (let dz = -rz; dz <= rz; dz++) {
      for (let dy = -ry; dy <= ry; dy++) {
        const rest = r2 - (dy * sy) ** 2 - (dz * sz) ** 2;
        if (rest < 0) continue;
        rowDy.push(dy);
        rowDz.push(dz);
        rowHalf.push(Math.floor(Math.sqrt(rest) / sx + 1e-9));
      }
    }
    const maxHalf = Math.max(...rowHalf);
    // ROI bounding box and maximum intensity.
    let x0 = nx;
    let y0 = ny;
    let z0 = nz;
    let x1 = -1;
    let y1 = -1;
    let z1 = -1;
    let maxIntensity = -Infinity;
    for (let z = 0, k = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, k++) {
          if (input.mask[k] !== 1) continue;
          x0 = Math.min(x0, x);
          x1 = Math.max(x1, x);
          y0 = Math.min(y0, y);
          y1 = Math.max(y1, y);
          z0 = Math.min(z0, z);
          z1 = Math.max(z1, z);
          if (input.image[k]! > maxIntensity) maxIntensity = input.image[k]!;
        }
      }
    }
    if (x1 < 0) throw new AppError('mask_empty', 'Local intensity: the mask has no ROI voxel');
    // Prefix sums along x over the grown box: prefix[row][i] = Σ image over bx0 .. bx0 + i − 1.
    const bx0 = Math.max(0, x0 - maxHalf);
    const bx1 = Math.min(nx - 1, x1 + maxHalf);
    const by0 = Math.max(0, y0 - ry);
    const by1 = Math.min(ny - 1, y1 + ry);
    const bz0 = Math.max(0, z0 - rz);
    const bz1 = Math.min(nz - 1, z1 + rz);
    const bw = bx1 - bx0 + 2;
    const bh = by1 - by0 + 1;
    const prefix = new Float64Array(bw * bh * (bz1 - bz0 + 1));
    for (let z = bz0; z <= bz1; z++) {
      for (let y = by0; y <= by1; y++) {
        const row = bw * (y - by0 + bh * (z - bz0));
        let sum = 0;
        for (let x = bx0; x <= bx1; x++) {
          sum += input.image[x + nx * (y + ny * z)]!;
          prefix[row + x - bx0 + 1] = sum;
        }
      }
    }
    const localMean = (x: number, y: number, z: number): number => {
      let sum = 0;
      let n = 0;
      for (let r = 0; r < rowHalf.length; r++) {
        const cy = y + rowDy[r]!;
        const cz = z + rowDz[r]!;
        if (cy < by0 || cy > by1 || cz < bz0 || cz > bz1) continue;
        const lo = Math.max(bx0, x - rowHalf[r]!);
        const hi = Math.min(bx1, x + rowHalf[r]!);
        const row = bw * (cy - by0 + bh * (cz - bz0));
        sum += prefix[row + hi - bx0 + 1]! - prefix[row + lo - bx0]!;
        n += hi - lo + 1;
      }
      return sum / n;
    };
    const wantGlobal = names.includes('GlobalIntensityPeak');
    let local = -Infinity;
    let global = -Infinity;
    for (let z = z0; z <= z1; z++) {
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const k = x + nx * (y + ny * z);
          if (input.mask[k] !== 1) continue;
          const isMax = input.image[k] === maxIntensity;
          if (!isMax && !wantGlobal) continue;
          const m = localMean(x, y, z);
          if (isMax && m > local) local = m;
          if (m > global) global = m;
        }
      }
    }
    const out: Record<string, number> = {};
    for (const name of names) out[name] = name === 'LocalIntensityPeak' ? local : global;
    return out;
  },
};
