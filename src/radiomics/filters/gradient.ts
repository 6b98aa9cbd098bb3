import type { Volume } from '../../volume/index.js';
import type { FilterResult } from './filtered-image.js';
import { toFloat64 } from './filtered-image.js';

/**
 * Gradient magnitude as ITK's `GradientMagnitudeImageFilter` (PyRadiomics imageType `Gradient`):
 *   |∇I| = √(Σ_d ((I[x+e_d] − I[x−e_d]) / (2·s_d))²)
 * central differences, s_d = spacing when `useSpacing` (PyRadiomics' `gradientUseSpacing`,
 * default true) else 1, and edge voxels repeated beyond the image (ITK's zero-flux Neumann).
 *
 * Padding rule: one voxel per axis.
 */
export function gradientMagnitude(image: Volume, useSpacing = true): Float64Array {
  const { size, spacing } = image.geometry;
  const v = toFloat64(image);
  const [nx, ny, nz] = size;
  const out = new Float64Array(v.length);
  const strides = [1, nx, nx * ny];
  const scale = [0, 1, 2].map((d) => 1 / (2 * (useSpacing ? spacing[d]! : 1)));
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const position = [i, j, k];
        let sum = 0;
        for (let d = 0; d < 3; d++) {
          const p = position[d]!;
          const forward = p + 1 < size[d]! ? n + strides[d]! : n;
          const backward = p > 0 ? n - strides[d]! : n;
          const g = (v[forward]! - v[backward]!) * scale[d]!;
          sum += g * g;
        }
        out[n] = Math.sqrt(sum);
      }
    }
  }
  return out;
}

/** PyRadiomics imageType `Gradient`: one image named `gradient`. */
export function pyradiomicsGradient(image: Volume, options: { useSpacing?: boolean } = {}): FilterResult {
  return {
    images: [
      {
        name: 'gradient',
        volume: { geometry: image.geometry, data: gradientMagnitude(image, options.useSpacing) },
      },
    ],
    warnings: [],
  };
}
