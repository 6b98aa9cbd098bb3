import { AppError } from '../../errors/index.js';
import type { Vec3, Volume } from '../../volume/index.js';
import { type FilteredImage, type FilterResult, toFloat64 } from './filtered-image.js';
import {
  type GaussianOrder,
  recursiveFilterLine,
  recursiveGaussianCoefficients,
} from './recursive-gaussian.js';
import { mapLines } from './separable.js';

/** PyRadiomics' image-type name for a LoG sigma: 3 → `log-sigma-3-0-mm-3D` (Python `str(float)`). */
export function logImageName(sigma: number): string {
  const text = Number.isInteger(sigma) ? sigma.toFixed(1) : String(sigma);
  return `log-sigma-${text.replace('.', '-')}-mm-3D`;
}

/**
 * ITK's `LaplacianRecursiveGaussianImageFilter` with `NormalizeAcrossScale` on, as PyRadiomics'
 * `getLoGImage` runs it:
 *   LoG = Σ_d σ² / s_d² · (G''_d ∘ Π_{e≠d} G_e) ∗ I
 * with σ in mm, s_d the spacing along axis d, G / G'' Deriche's recursive Gaussian of
 * σ/s_d voxels and its second derivative (per voxel), each line extended by its edge values.
 * Every axis needs at least 4 voxels (ITK's rule).
 */
export function laplacianRecursiveGaussian(image: Volume, sigma: number): Float64Array {
  const { size, spacing } = image.geometry;
  if (Math.min(...size) < 4) {
    throw new AppError('image_too_small', `LoG: every axis needs ≥ 4 voxels, image is ${size.join('×')}`, {
      details: { size },
    });
  }
  const input = toFloat64(image);
  const sum = new Float64Array(input.length);
  for (let d = 0; d < 3; d++) {
    let v = input;
    for (let axis = 0; axis < 3; axis++) {
      const order: GaussianOrder = axis === d ? 2 : 0;
      v = recursiveAlongAxis(
        v,
        size,
        axis,
        recursiveGaussianCoefficients(sigma, spacing[axis]!, order, true),
      );
    }
    const scale = 1 / (spacing[d]! * spacing[d]!);
    for (let n = 0; n < sum.length; n++) sum[n]! += v[n]! * scale;
  }
  return sum;
}

function recursiveAlongAxis(
  data: Float64Array,
  size: Vec3,
  axis: number,
  c: ReturnType<typeof recursiveGaussianCoefficients>,
): Float64Array {
  const scratch = new Float64Array(size[axis]!);
  return mapLines(data, size, axis, (input, output) => recursiveFilterLine(c, input, output, scratch));
}

/**
 * PyRadiomics imageType `LoG` (`getLoGImage`): one image per sigma (mm). Rules as PyRadiomics:
 * no image at all when any axis has < 4 voxels; a sigma ≤ 0, or one for which some axis has fewer
 * than ⌈σ/spacing⌉ + 1 voxels, is skipped with a warning. Unlike PyRadiomics (which logs and
 * carries on), an empty result is an error: asking for LoG and getting nothing is a setup fault.
 *
 * Padding rule (for callers that crop first): the recursive filter's impulse response decays as
 * exp(−1.37·n/σ_d) (its slowest pole), far slower than a true Gaussian, so the edge extension of a
 * crop still shows at 5σ (~2e-4 of the response range, measured). A margin of ⌈10σ/s_d⌉ voxels
 * per axis brings the crop dependence below 1e-6 of the response range.
 */
export function pyradiomicsLoG(image: Volume, sigmas: readonly number[]): FilterResult {
  const { size, spacing } = image.geometry;
  const warnings: string[] = [];
  const images: FilteredImage[] = [];
  if (Math.min(...size) < 4) {
    throw new AppError(
      'image_too_small',
      `LoG: image too small (${size.join('×')}); every axis needs ≥ 4 voxels`,
      {
        details: { size },
      },
    );
  }
  for (const sigma of sigmas) {
    if (!(sigma > 0)) {
      warnings.push(`LoG: sigma must be greater than 0, skipped ${sigma}`);
      continue;
    }
    const fits = size.every((n, axis) => n >= Math.ceil(sigma / spacing[axis]!) + 1);
    if (!fits) {
      warnings.push(
        `LoG: sigma ${sigma} mm skipped: sigma/spacing (${spacing.join(', ')}) + 1 exceeds the image size (${size.join('×')})`,
      );
      continue;
    }
    images.push({
      name: logImageName(sigma),
      volume: { geometry: image.geometry, data: laplacianRecursiveGaussian(image, sigma) },
    });
  }
  if (images.length === 0) {
    throw new AppError(
      'filter_no_output',
      `LoG: no usable sigma among [${sigmas.join(', ')}]: ${warnings.join('; ')}`,
      {
        details: { sigmas, size, spacing },
      },
    );
  }
  return { images, warnings };
}

/** Voxels of margin per axis that keep LoG values inside a crop independent of it (see above). */
export function logPadding(sigma: number, spacing: Vec3): Vec3 {
  // at least 2, so a crop keeps the 4 voxels per axis the recursive filter needs
  return [0, 1, 2].map((axis) => Math.max(2, Math.ceil((10 * sigma) / spacing[axis]!))) as unknown as Vec3;
}
