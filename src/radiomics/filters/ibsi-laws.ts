import { AppError } from '../../errors/index.js';
import type { Vec3, Volume } from '../../volume/index.js';
import type { BoundaryMode } from './boundary.js';
import { toFloat64 } from './filtered-image.js';
import { convolutionTaps, filterSeparable, type Taps } from './separable.js';

/**
 * Laws' 1-D kernels as normalised in IBSI-2 (unit L2 norm), e.g. L5 = (1, 4, 6, 4, 1)/√70.
 * L = level, E = edge, S = spot, W = wave, R = ripple.
 */
export const LAWS_KERNELS: Readonly<Record<string, readonly number[]>> = {
  L3: [1, 2, 1].map((v) => v / Math.sqrt(6)),
  E3: [-1, 0, 1].map((v) => v / Math.SQRT2),
  S3: [-1, 2, -1].map((v) => v / Math.sqrt(6)),
  L5: [1, 4, 6, 4, 1].map((v) => v / Math.sqrt(70)),
  E5: [-1, -2, 0, 2, 1].map((v) => v / Math.sqrt(10)),
  S5: [-1, 0, 2, 0, -1].map((v) => v / Math.sqrt(6)),
  W5: [-1, 2, 0, -2, 1].map((v) => v / Math.sqrt(10)),
  R5: [1, -4, 6, -4, 1].map((v) => v / Math.sqrt(70)),
};

export interface LawsOptions {
  /** IBSI-2 boundary condition. @defaultValue 'mirror' */
  readonly boundary?: BoundaryMode;
  /** Max-pool the response over the 24 right-angle rotations of the kernel. @defaultValue false */
  readonly rotationInvariant?: boolean;
  /**
   * Energy map distance δ: when given, the output is the mean of |response| over a
   * (2δ+1)³ neighbourhood (same boundary condition). @defaultValue undefined (no energy map)
   */
  readonly energyDistance?: number;
}

/** Splits `E5L5S5` into its per-axis kernel names (x, y, z), checking each exists. */
export function parseLawsKernel(name: string): [string, string, string] {
  const parts = name.match(/[LESWR][35]/g);
  if (parts?.length !== 3 || parts.join('') !== name || !parts.every((p) => p in LAWS_KERNELS)) {
    throw new AppError(
      'filter_setting_invalid',
      `Laws: kernel must name three of ${Object.keys(LAWS_KERNELS).join(', ')} (x, y, z), e.g. E5L5S5; found ${JSON.stringify(name)}`,
      { details: { setting: 'kernel', value: name } },
    );
  }
  return parts as [string, string, string];
}

/** Convolution taps (kernel flipped, centred) for a Laws kernel, optionally reversed. */
function lawsTaps(kernel: readonly number[], reversed: boolean): Taps {
  const k = reversed ? [...kernel].reverse() : kernel;
  return convolutionTaps(k, (k.length - 1) / 2);
}

/** The 24 proper rotations of the cube as (axis permutation, per-output-axis flip). */
function cubeRotations(): { perm: Vec3; flip: [boolean, boolean, boolean] }[] {
  const perms: Vec3[] = [
    [0, 1, 2],
    [1, 2, 0],
    [2, 0, 1],
    [0, 2, 1],
    [2, 1, 0],
    [1, 0, 2],
  ];
  const out: { perm: Vec3; flip: [boolean, boolean, boolean] }[] = [];
  for (const perm of perms) {
    const even = perm[0] === 0 ? perm[1] === 1 : perm[0] === 1 ? perm[1] === 2 : perm[1] === 0;
    for (let f = 0; f < 8; f++) {
      const flip: [boolean, boolean, boolean] = [(f & 1) > 0, (f & 2) > 0, (f & 4) > 0];
      const flips = flip.filter(Boolean).length;
      // determinant = sign(perm) · (−1)^flips must be +1
      if ((even ? 1 : -1) * (flips % 2 === 0 ? 1 : -1) === 1) out.push({ perm, flip });
    }
  }
  return out;
}

/**
 * IBSI-2 Laws filter (IBSI filter code JTXT): convolution with the separable 3-D kernel
 * k_x ⊗ k_y ⊗ k_z named like `E5L5S5` (x, y, z), optionally max-pooled over the 24 rotations, then
 * optionally the energy map E(x) = mean over |x' − x|∞ ≤ δ of |response(x')|.
 *
 * Padding rule: (kernel length − 1)/2 voxels, plus δ for the energy map.
 */
export function ibsiLawsFilter(image: Volume, kernel: string, options: LawsOptions = {}): Float64Array {
  const boundary = options.boundary ?? 'mirror';
  const names = parseLawsKernel(kernel);
  const kernels = names.map((n) => LAWS_KERNELS[n]!);
  const size = image.geometry.size;
  const input = toFloat64(image);
  let response: Float64Array;
  if (options.rotationInvariant) {
    response = new Float64Array(input.length).fill(Number.NEGATIVE_INFINITY);
    for (const { perm, flip } of cubeRotations()) {
      // Output axis a carries the kernel of input axis perm[a], reversed when flipped.
      const perAxis = [0, 1, 2].map((a) => lawsTaps(kernels[perm[a]!]!, flip[a]!));
      const r = filterSeparable(input, size, perAxis, boundary);
      for (let n = 0; n < r.length; n++) if (r[n]! > response[n]!) response[n] = r[n]!;
    }
  } else {
    response = filterSeparable(
      input,
      size,
      kernels.map((k) => lawsTaps(k, false)),
      boundary,
    );
  }
  const delta = options.energyDistance;
  if (delta === undefined) return response;
  if (!Number.isInteger(delta) || delta < 0) {
    throw new AppError(
      'filter_setting_invalid',
      `Laws: energy distance must be an integer ≥ 0, found ${delta}`,
      {
        details: { setting: 'energyDistance', value: delta },
      },
    );
  }
  const magnitude = response.map(Math.abs);
  const box = convolutionTaps(new Array<number>(2 * delta + 1).fill(1 / (2 * delta + 1)), delta);
  return filterSeparable(magnitude, size, [box, box, box], boundary);
}
