import { AppError } from '../../errors/index.js';
import type { Vec3 } from '../../volume/index.js';
import {
  convexHull3D,
  hullMeasures,
  meshMeasures,
  meshVertices2,
  padMask,
  planeHulls,
} from '../mesh/index.js';
import { coordinateEigenvalues3D } from './shape-pca.js';

/**
 * IBSI 1 morphological features (IBSI mode), keyed by IBSI code. Same mesh as the PyRadiomics
 * `shape` family; where IBSI differs from PyRadiomics this says so.
 *
 * Symbols: V = mesh volume, A = mesh area, N_v = voxels in the morphological mask, X_k voxel
 * centres (index × spacing), I_k intensities, λ₁ ≥ λ₂ ≥ λ₃ eigenvalues of the sample covariance
 * (N − 1: that is what reproduces the IBSI axis-length references) of the morphological voxel
 * centres.
 */
export interface MorphologyInput {
  readonly size: Vec3;
  readonly spacing: Vec3;
  /** Intensities (x fastest), for centre-of-mass shift, integrated intensity, Moran's I, Geary's C. */
  readonly intensities: Float64Array | readonly number[];
  /** Morphological mask (before re-segmentation). */
  readonly morphologicalMask: Uint8Array | readonly number[];
  /** Intensity mask (after re-segmentation); the morphological mask if omitted. */
  readonly intensityMask?: Uint8Array | readonly number[];
  /**
   * Moran's I and Geary's C are computed exactly over all voxel pairs (O(N²)); above this many
   * intensity-mask voxels they are NaN instead of taking minutes. IBSI allows approximations for
   * large ROIs; we prefer no number to a sampled one in a deterministic product.
   * @defaultValue 10000
   */
  readonly maxVoxelsForAutocorrelation?: number;
}

/** IBSI code → feature name, every morphology feature with a reference value in IBSI 1 (25). */
export const MORPHOLOGY_IBSI_CODES: Readonly<Record<string, string>> = {
  RNU0: 'Volume (mesh)',
  YEKZ: 'Volume (voxel counting)',
  C0JK: 'Surface area (mesh)',
  '2PR5': 'Surface to volume ratio',
  SKGS: 'Compactness 1',
  BQWJ: 'Compactness 2',
  KRCK: 'Spherical disproportion',
  QCFX: 'Sphericity',
  '25C7': 'Asphericity',
  KLMA: 'Centre of mass shift',
  L0JK: 'Maximum 3D diameter',
  TDIC: 'Major axis length',
  P9VJ: 'Minor axis length',
  '7J51': 'Least axis length',
  Q3CK: 'Elongation',
  N17B: 'Flatness',
  PBX1: 'Volume density (axis-aligned bounding box)',
  R59B: 'Area density (axis-aligned bounding box)',
  '6BDE': 'Volume density (approximate enclosing ellipsoid)',
  RDD2: 'Area density (approximate enclosing ellipsoid)',
  R3ER: 'Volume density (convex hull)',
  '7T7F': 'Area density (convex hull)',
  '99N0': 'Integrated intensity',
  N365: "Moran's I index",
  NPT7: "Geary's C measure",
};

/**
 * All 25 IBSI morphology features. Formulas (IBSI 1 manual, section 3.1):
 * - asphericity (25C7) = (A³ / (36π V²))^(1/3) − 1
 * - centre of mass shift (KLMA) = ‖mean(X_k over morphological mask) − Σ I_k X_k / Σ I_k (intensity mask)‖
 * - axis lengths = 4√λ; elongation √(λ₂/λ₁); flatness √(λ₃/λ₁)
 * - AABB densities: V / (l₁l₂l₃), A / 2(l₁l₂ + l₁l₃ + l₂l₃), l = extents of the mesh vertices
 * - AEE densities: semi-axes a, b, c = 2√λ₁, 2√λ₂, 2√λ₃; V / (4π abc / 3); A / A_aee with
 *   A_aee = 4π ab Σ_{ν=0}^{20} (αβ)^ν P_ν((α² + β²)/(2αβ)) / (1 − 4ν²), α = √(1 − b²/a²), β = √(1 − c²/a²)
 * - convex hull densities: V / V_hull, A / A_hull, hull of the mesh vertices
 * - integrated intensity (99N0) = V · mean(I over the intensity mask)
 * - Moran's I (N365) = N/W · Σ_{k≠l} w_kl (I_k − μ)(I_l − μ) / Σ_k (I_k − μ)², w_kl = 1/‖X_k − X_l‖, W = Σ w_kl
 * - Geary's C (NPT7) = (N − 1)/(2W) · Σ_{k≠l} w_kl (I_k − I_l)² / Σ_k (I_k − μ)²
 * Moran's I and Geary's C are exact: O(N²) in the intensity-mask voxel count, NaN above
 * `maxVoxelsForAutocorrelation`. Moran's I is NaN too when all intensities are equal (0/0).
 */
export function computeMorphologyIbsi(input: MorphologyInput): Record<string, number> {
  const { size, spacing } = input;
  const nTotal = size[0] * size[1] * size[2];
  const morph = Uint8Array.from(input.morphologicalMask, (v) => (v ? 1 : 0));
  const inten = input.intensityMask ? Uint8Array.from(input.intensityMask, (v) => (v ? 1 : 0)) : morph;
  if (morph.length !== nTotal || inten.length !== nTotal || input.intensities.length !== nTotal) {
    throw new AppError('morphology_input_invalid', 'morphology input: array lengths do not match size', {
      details: { size: [...size] },
    });
  }
  const padded = padMask(morph, size);
  const { surfaceArea: A, volume } = meshMeasures(padded.mask, padded.size, spacing);
  const V = Math.abs(volume);
  if (V === 0) throw new AppError('mask_empty', 'morphology input: the morphological mask has no voxels');
  const verts = meshVertices2(padded.mask, padded.size);
  const h: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];

  const planes = planeHulls(verts, spacing);
  const hull = convexHull3D(planes.candidates);
  const hullM = hullMeasures(planes.candidates, hull, h);
  let maxD2 = 0;
  const hv = hull.vertices;
  const c = planes.candidates;
  for (let a = 0; a < hv.length; a++) {
    for (let b = a + 1; b < hv.length; b++) {
      const i = hv[a]!;
      const j = hv[b]!;
      const dx = (c[3 * i]! - c[3 * j]!) * h[0];
      const dy = (c[3 * i + 1]! - c[3 * j + 1]!) * h[1];
      const dz = (c[3 * i + 2]! - c[3 * j + 2]!) * h[2];
      maxD2 = Math.max(maxD2, dx * dx + dy * dy + dz * dz);
    }
  }

  const ext = [0, 1, 2].map((axis) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = axis; i < verts.length; i += 3) {
      lo = Math.min(lo, verts[i]!);
      hi = Math.max(hi, verts[i]!);
    }
    return (hi - lo) * h[axis]!;
  }) as [number, number, number];
  const vAabb = ext[0] * ext[1] * ext[2];
  const aAabb = 2 * (ext[0] * ext[1] + ext[0] * ext[2] + ext[1] * ext[2]);

  const [l3, l2, l1] = coordinateEigenvalues3D(morph, size, spacing, 'N-1');
  const a = 2 * Math.sqrt(l1);
  const b = 2 * Math.sqrt(l2);
  const cc = 2 * Math.sqrt(l3);
  const vAee = (4 * Math.PI * a * b * cc) / 3;
  const aAee = ellipsoidAreaApprox(a, b, cc);

  const intensity = intensityFeatures(
    input.intensities,
    morph,
    inten,
    size,
    spacing,
    input.maxVoxelsForAutocorrelation ?? 10_000,
  );
  const sphereTerm = 36 * Math.PI * V * V;
  return {
    RNU0: V,
    YEKZ: countOnes(morph) * spacing[0] * spacing[1] * spacing[2],
    C0JK: A,
    '2PR5': A / V,
    SKGS: V / (Math.sqrt(Math.PI) * A ** 1.5),
    BQWJ: sphereTerm / (A * A * A),
    KRCK: A / Math.cbrt(sphereTerm),
    QCFX: Math.cbrt(sphereTerm) / A,
    '25C7': Math.cbrt((A * A * A) / sphereTerm) - 1,
    KLMA: intensity.centreOfMassShift,
    L0JK: Math.sqrt(maxD2),
    TDIC: 4 * Math.sqrt(l1),
    P9VJ: 4 * Math.sqrt(l2),
    '7J51': 4 * Math.sqrt(l3),
    Q3CK: Math.sqrt(l2 / l1),
    N17B: Math.sqrt(l3 / l1),
    PBX1: V / vAabb,
    R59B: A / aAabb,
    '6BDE': V / vAee,
    RDD2: A / aAee,
    R3ER: V / hullM.volume,
    '7T7F': A / hullM.area,
    '99N0': V * intensity.mean,
    N365: intensity.moranI,
    NPT7: intensity.gearyC,
  };
}

function countOnes(m: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < m.length; i++) n += m[i]!;
  return n;
}

/**
 * Surface area of an ellipsoid with semi-axes a ≥ b ≥ c by the Legendre series of the IBSI
 * manual (20 terms). Q_ν = (αβ)^ν P_ν(x), x = (α² + β²)/(2αβ), follows from Bonnet's recursion
 * Q_{ν+1} = ((2ν + 1)(α² + β²)/2 · Q_ν − ν (αβ)² Q_{ν−1}) / (ν + 1), which stays finite when α or β is 0.
 */
export function ellipsoidAreaApprox(a: number, b: number, c: number): number {
  const alpha = Math.sqrt(Math.max(0, 1 - (b * b) / (a * a)));
  const beta = Math.sqrt(Math.max(0, 1 - (c * c) / (a * a)));
  const s = (alpha * alpha + beta * beta) / 2;
  const p2 = (alpha * beta) ** 2;
  let qPrev = 1;
  let q = s;
  let sum = qPrev + q / (1 - 4);
  for (let nu = 1; nu < 20; nu++) {
    const qNext = ((2 * nu + 1) * s * q - nu * p2 * qPrev) / (nu + 1);
    qPrev = q;
    q = qNext;
    sum += q / (1 - 4 * (nu + 1) * (nu + 1));
  }
  return 4 * Math.PI * a * b * sum;
}

function intensityFeatures(
  intensities: Float64Array | readonly number[],
  morph: Uint8Array,
  inten: Uint8Array,
  size: Vec3,
  spacing: Vec3,
  maxVoxelsForAutocorrelation: number,
): { centreOfMassShift: number; mean: number; moranI: number; gearyC: number } {
  const [nx, ny] = size;
  const geo = [0, 0, 0];
  let nGeo = 0;
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < morph.length; i++) {
    const x = (i % nx) * spacing[0];
    const y = (Math.floor(i / nx) % ny) * spacing[1];
    const z = Math.floor(i / (nx * ny)) * spacing[2];
    if (morph[i]) {
      geo[0]! += x;
      geo[1]! += y;
      geo[2]! += z;
      nGeo++;
    }
    if (inten[i]) {
      xs.push(x);
      ys.push(y);
      zs.push(z);
      vals.push(Number(intensities[i]));
    }
  }
  const n = vals.length;
  let sumI = 0;
  const wc = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    sumI += vals[k]!;
    wc[0]! += vals[k]! * xs[k]!;
    wc[1]! += vals[k]! * ys[k]!;
    wc[2]! += vals[k]! * zs[k]!;
  }
  const centreOfMassShift = Math.hypot(
    geo[0]! / nGeo - wc[0]! / sumI,
    geo[1]! / nGeo - wc[1]! / sumI,
    geo[2]! / nGeo - wc[2]! / sumI,
  );
  const mean = sumI / n;
  if (n > maxVoxelsForAutocorrelation)
    return { centreOfMassShift, mean, moranI: Number.NaN, gearyC: Number.NaN };
  let denom = 0;
  for (let k = 0; k < n; k++) denom += (vals[k]! - mean) ** 2;
  let W = 0;
  let moran = 0;
  let geary = 0;
  // each unordered pair once; the k ≠ l sums count it twice, which cancels in both ratios
  for (let k = 0; k < n; k++) {
    const dk = vals[k]! - mean;
    for (let l = k + 1; l < n; l++) {
      const dx = xs[k]! - xs[l]!;
      const dy = ys[k]! - ys[l]!;
      const dz = zs[k]! - zs[l]!;
      const w = 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
      W += w;
      moran += w * dk * (vals[l]! - mean);
      geary += w * (vals[k]! - vals[l]!) ** 2;
    }
  }
  return {
    centreOfMassShift,
    mean,
    moranI: (n / W) * (moran / denom),
    gearyC: ((n - 1) / (2 * W)) * (geary / denom),
  };
}

/**
 * Plug-in for the IBSI table-driven test: the phantom as `digital_phantom.json` holds it
 * (`dims` x, y, z; x fastest), morphological = intensity mask. Returns values keyed by IBSI code.
 */
export function morphologyFromPhantom(phantom: {
  readonly dims: readonly number[];
  readonly spacing: readonly number[];
  readonly intensities: readonly number[];
  readonly mask: readonly number[];
}): Record<string, number> {
  const [x, y, z] = phantom.dims;
  const [sx, sy, sz] = phantom.spacing;
  return computeMorphologyIbsi({
    size: [x!, y!, z!],
    spacing: [sx!, sy!, sz!],
    intensities: phantom.intensities,
    morphologicalMask: phantom.mask,
  });
}
