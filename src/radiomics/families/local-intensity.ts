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
 * IBSI local intensity family (IBSI 3.2). Not a `FeatureFamily`: it reads the whole image. Cost:
 * ROI voxels × sphere voxels (about 1000 at 1 mm spacing), computed only when asked for.
 */
export const localIntensityFamily = {
  name: 'ibsi_local_intensity',
  features: localIntensityFeatures,
  compute(input: WholeImageInput, names: readonly string[]): Record<string, number> {
    const [nx, ny, nz] = input.size;
    const [sx, sy, sz] = input.spacing;
    const rx = Math.floor(PEAK_RADIUS_MM / sx);
    const ry = Math.floor(PEAK_RADIUS_MM / sy);
    const rz = Math.floor(PEAK_RADIUS_MM / sz);
    const sphere: [number, number, number][] = [];
    for (let dz = -rz; dz <= rz; dz++) {
      for (let dy = -ry; dy <= ry; dy++) {
        for (let dx = -rx; dx <= rx; dx++) {
          if ((dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2 <= PEAK_RADIUS_MM ** 2)
            sphere.push([dx, dy, dz]);
        }
      }
    }
    const localMean = (x: number, y: number, z: number): number => {
      let sum = 0;
      let n = 0;
      for (const [dx, dy, dz] of sphere) {
        const cx = x + dx;
        const cy = y + dy;
        const cz = z + dz;
        if (cx < 0 || cx >= nx || cy < 0 || cy >= ny || cz < 0 || cz >= nz) continue;
        sum += input.image[cx + nx * (cy + ny * cz)]!;
        n++;
      }
      return sum / n;
    };
    let maxIntensity = -Infinity;
    for (let k = 0; k < input.mask.length; k++) {
      if (input.mask[k] === 1 && input.image[k]! > maxIntensity) maxIntensity = input.image[k]!;
    }
    if (maxIntensity === -Infinity) {
      throw new AppError('mask_empty', 'Local intensity: the mask has no ROI voxel');
    }
    const wantGlobal = names.includes('GlobalIntensityPeak');
    let local = -Infinity;
    let global = -Infinity;
    for (let z = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++) {
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
    for (const name of names) {
      if (name === 'LocalIntensityPeak') out[name] = local;
      else if (name === 'GlobalIntensityPeak') out[name] = global;
      else {
        throw new AppError('feature_unknown', `Feature "${name}" is not in family "ibsi_local_intensity"`, {
          details: { family: 'ibsi_local_intensity', feature: name },
        });
      }
    }
    return out;
  },
};
