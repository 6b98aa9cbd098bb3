import { AppError } from '../../errors/index.js';
import type { Vec3, Volume } from '../../volume/index.js';
import type { BoundaryMode } from './boundary.js';
import { toFloat64 } from './filtered-image.js';
import { convolutionTaps, filterSeparable } from './separable.js';

/** Kernel radius in voxels for a Gaussian of `sigmaVoxels` truncated at `truncate`·σ: ⌊tσ + 0.5⌋. */
export function gaussianRadius(sigmaVoxels: number, truncate: number): number {
  return Math.floor(truncate * sigmaVoxels + 0.5);
}

/**
 * Sampled 1-D Gaussian g[n] ∝ exp(−n²/2σ²), n = −R..R, normalised to Σg = 1, and its second
 * derivative g''[n] = (n²/σ⁴ − 1/σ²) · g[n] (per voxel², σ in voxels). This is the discretisation
 * of `scipy.ndimage.gaussian_filter1d(order=0|2)`, which IBSI-2 reference implementations use.
 */
export function gaussianKernels(sigmaVoxels: number, radius: number): { g: number[]; g2: number[] } {
  const s2 = sigmaVoxels * sigmaVoxels;
  const raw = Array.from({ length: 2 * radius + 1 }, (_, k) => Math.exp(-((k - radius) ** 2) / (2 * s2)));
  const total = raw.reduce((a, b) => a + b, 0);
  const g = raw.map((v) => v / total);
  const g2 = g.map((v, k) => ((k - radius) ** 2 / (s2 * s2) - 1 / s2) * v);
  return { g, g2 };
}

export interface IbsiLoGOptions {
  /** IBSI-2 "boundary condition". @defaultValue 'mirror' */
  readonly boundary?: BoundaryMode;
  /** Truncation in units of σ (IBSI-2: 4). @defaultValue 4 */
  readonly truncate?: number;
  /** Multiply by σ² (scale-normalised LoG). @defaultValue false */
  readonly scaleNormalised?: boolean;
}

/**
 * IBSI-2 Laplacian of Gaussian (IBSI filter code L6PA), 3-D, separable:
 *   LoG(I) = Σ_d ∂²/∂x_d² (G_σ ∗ I) = Σ_d s_d⁻² · (g''_d ⊗ Π_{e≠d} g_e) ∗ I
 * with σ in mm, σ_d = σ/s_d voxels along axis d, sampled kernels of radius ⌊4σ_d + 0.5⌋ (support
 * 2R+1, IBSI-2's truncation at 4σ) and the Gaussian normalised to unit sum. Result in mm⁻²
 * (× σ² when `scaleNormalised`).
 *
 * Padding rule: R_d = ⌊4σ/s_d + 0.5⌋ voxels per axis; with that margin ROI values do not depend on
 * the crop (the boundary rule then only applies at the true image edge).
 */
export function ibsiLaplacianOfGaussian(
  image: Volume,
  sigma: number,
  options: IbsiLoGOptions = {},
): Float64Array {
  if (!(sigma > 0)) {
    throw new AppError('filter_setting_invalid', `LoG: sigma must be positive, found ${sigma}`, {
      details: { setting: 'sigma', value: sigma },
    });
  }
  const boundary = options.boundary ?? 'mirror';
  const truncate = options.truncate ?? 4;
  const { size, spacing } = image.geometry;
  const input = toFloat64(image);
  const kernels = [0, 1, 2].map((d) => {
    const sv = sigma / spacing[d]!;
    const r = gaussianRadius(sv, truncate);
    const { g, g2 } = gaussianKernels(sv, r);
    return { smooth: convolutionTaps(g, r), second: convolutionTaps(g2, r) };
  });
  const out = new Float64Array(input.length);
  const normalisation = options.scaleNormalised ? sigma * sigma : 1;
  for (let d = 0; d < 3; d++) {
    const perAxis = kernels.map((k, axis) => (axis === d ? k.second : k.smooth));
    const v = filterSeparable(input, size, perAxis, boundary);
    const scale = normalisation / (spacing[d]! * spacing[d]!);
    for (let n = 0; n < out.length; n++) out[n]! += v[n]! * scale;
  }
  return out;
}

/** Voxels of margin per axis for {@link ibsiLaplacianOfGaussian}: ⌊4σ/s_d + 0.5⌋. */
export function ibsiLoGPadding(sigma: number, spacing: Vec3, truncate = 4): Vec3 {
  return [0, 1, 2].map((d) => gaussianRadius(sigma / spacing[d]!, truncate)) as unknown as Vec3;
}
