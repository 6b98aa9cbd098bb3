import { AppError } from '../../errors/index.js';
import type { Vec3 } from '../../volume/index.js';
import type { FeatureDefinition, FeatureFamily, RoiInput, TextureSettings } from '../feature-family.js';
import { meshDiameters, meshExtract, padMask } from '../mesh/index.js';
import { coordinateEigenvalues3D } from './shape-pca.js';

/**
 * PyRadiomics' `shape` class (3D): size and shape of the ROI from a marching-cubes mesh and the
 * voxel coordinates. Symbols: V = MeshVolume (mm³), A = SurfaceArea (mm²), N = number of ROI
 * voxels, λ_major ≥ λ_minor ≥ λ_least the eigenvalues of the /N covariance of voxel-centre
 * coordinates (index × spacing).
 *
 * Input: the **morphological** mask (never re-segmented) cropped to its bounding box; the mesh is
 * built on it padded by one zero voxel, as PyRadiomics does.
 */
export interface ShapeInput {
  /** (x, y, z) voxels of `mask`. */
  readonly size: Vec3;
  /** (x, y, z) mm. */
  readonly spacing: Vec3;
  /** 1 = in the morphological ROI; x fastest, then y, then z. */
  readonly mask: Uint8Array;
}

const NO_2D_IBSI =
  'IBSI defines only the 3D maximum diameter; the per-plane maxima are PyRadiomics additions';

export const SHAPE_FEATURES: readonly FeatureDefinition[] = [
  {
    name: 'MeshVolume',
    ibsiCode: 'RNU0',
    ibsiName: 'Volume (mesh)',
    doc: 'V = |Σ_triangles a·(b×c)| / 6 over the outward marching-cubes mesh (signed tetrahedra with the origin).',
  },
  {
    name: 'VoxelVolume',
    ibsiCode: 'YEKZ',
    ibsiName: 'Volume (voxel counting)',
    doc: 'V_voxel = N · Δx·Δy·Δz.',
  },
  {
    name: 'SurfaceArea',
    ibsiCode: 'C0JK',
    ibsiName: 'Surface area (mesh)',
    doc: 'A = Σ_triangles ½‖(b − a) × (c − a)‖.',
  },
  {
    name: 'SurfaceVolumeRatio',
    ibsiCode: '2PR5',
    ibsiName: 'Surface to volume ratio',
    doc: 'A / V (mm⁻¹); not dimensionless, so it depends on ROI size.',
  },
  {
    name: 'Sphericity',
    ibsiCode: 'QCFX',
    ibsiName: 'Sphericity',
    doc: '(36π V²)^(1/3) / A; 1 for a sphere, < 1 otherwise.',
  },
  {
    name: 'Compactness1',
    ibsiCode: 'SKGS',
    ibsiName: 'Compactness 1',
    deprecated: true,
    doc: 'V / (√π · A^(3/2)). Deprecated in PyRadiomics: a function of Sphericity.',
  },
  {
    name: 'Compactness2',
    ibsiCode: 'BQWJ',
    ibsiName: 'Compactness 2',
    deprecated: true,
    doc: '36π V² / A³ = Sphericity³. Deprecated in PyRadiomics.',
  },
  {
    name: 'SphericalDisproportion',
    ibsiCode: 'KRCK',
    ibsiName: 'Spherical disproportion',
    deprecated: true,
    doc: 'A / (36π V²)^(1/3) = 1 / Sphericity. Deprecated in PyRadiomics.',
  },
  {
    name: 'Maximum3DDiameter',
    ibsiCode: 'L0JK',
    ibsiName: 'Maximum 3D diameter',
    doc: 'max ‖p − q‖ over pairs of mesh vertices (exact; searched among the vertices of the per-plane convex hulls).',
  },
  {
    name: 'Maximum2DDiameterSlice',
    ibsiCode: null,
    noIbsiCodeReason: NO_2D_IBSI,
    doc: 'max ‖p − q‖ over pairs of mesh vertices with equal z (axial plane).',
  },
  {
    name: 'Maximum2DDiameterColumn',
    ibsiCode: null,
    noIbsiCodeReason: NO_2D_IBSI,
    doc: 'max ‖p − q‖ over pairs of mesh vertices with equal y (coronal plane).',
  },
  {
    name: 'Maximum2DDiameterRow',
    ibsiCode: null,
    noIbsiCodeReason: NO_2D_IBSI,
    doc: 'max ‖p − q‖ over pairs of mesh vertices with equal x (sagittal plane).',
  },
  {
    name: 'MajorAxisLength',
    ibsiCode: 'TDIC',
    ibsiName: 'Major axis length',
    doc: '4 √λ_major. PyRadiomics uses the /N covariance; the IBSI reference values use N − 1.',
  },
  {
    name: 'MinorAxisLength',
    ibsiCode: 'P9VJ',
    ibsiName: 'Minor axis length',
    doc: '4 √λ_minor (covariance as MajorAxisLength).',
  },
  {
    name: 'LeastAxisLength',
    ibsiCode: '7J51',
    ibsiName: 'Least axis length',
    doc: '4 √λ_least (covariance as MajorAxisLength); NaN if λ_least < −1e−10.',
  },
  {
    name: 'Elongation',
    ibsiCode: 'Q3CK',
    ibsiName: 'Elongation',
    doc: '√(λ_minor / λ_major); 1 = circular cross-section, → 0 for a line.',
  },
  {
    name: 'Flatness',
    ibsiCode: 'N17B',
    ibsiName: 'Flatness',
    doc: '√(λ_least / λ_major); 1 = not flat, → 0 for a plate.',
  },
];

/** Every 3D shape feature (all 17, deprecated ones included) for one ROI. */
export function computeShapeFeatures(input: ShapeInput): Record<string, number> {
  const { size, spacing, mask } = input;
  if (mask.length !== size[0] * size[1] * size[2]) {
    throw new AppError('shape_input_invalid', 'shape input: mask length does not match size', {
      details: { size: [...size], maskLength: mask.length },
    });
  }
  if (!spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new AppError('shape_input_invalid', 'shape input: spacing must be three positive finite numbers', {
      details: { spacing: [...spacing] },
    });
  }
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  if (n === 0) throw new AppError('mask_empty', 'shape input: the ROI mask has no voxels');
  const padded = padMask(mask, size);
  const { surfaceArea: A, volume, vertices2 } = meshExtract(padded.mask, padded.size, spacing);
  const V = Math.abs(volume);
  const d = meshDiameters(vertices2, spacing);
  const [least, minor, major] = coordinateEigenvalues3D(mask, size, spacing, 'N');
  const sphereTerm = Math.cbrt(36 * Math.PI * V * V);
  const axis = (l: number) => (l < 0 ? Number.NaN : 4 * Math.sqrt(l));
  const ratio = (l: number) => (l < 0 || major <= 0 ? Number.NaN : Math.sqrt(l / major));
  return {
    MeshVolume: V,
    VoxelVolume: n * spacing[0] * spacing[1] * spacing[2],
    SurfaceArea: A,
    SurfaceVolumeRatio: A / V,
    Sphericity: sphereTerm / A,
    Compactness1: V / (Math.sqrt(Math.PI) * A ** 1.5),
    Compactness2: (36 * Math.PI * V * V) / (A * A * A),
    SphericalDisproportion: A / sphereTerm,
    Maximum3DDiameter: d.max3D,
    Maximum2DDiameterSlice: d.sliceZ,
    Maximum2DDiameterColumn: d.columnY,
    Maximum2DDiameterRow: d.rowX,
    MajorAxisLength: axis(major),
    MinorAxisLength: axis(minor),
    LeastAxisLength: axis(least),
    Elongation: ratio(minor),
    Flatness: ratio(least),
  };
}

function pick(all: Record<string, number>, names: readonly string[], family: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const value = all[name];
    if (value === undefined) {
      throw new AppError('feature_unknown', `${family}: no feature named '${name}'`, {
        details: { family, name },
      });
    }
    out[name] = value;
  }
  return out;
}

/**
 * The `shape` family for the extractor. `input.mask` must be the morphological mask (PyRadiomics
 * never re-segments shape); image, levels and settings are not used.
 */
export const shapeFamily: FeatureFamily = {
  name: 'shape',
  features: SHAPE_FEATURES,
  compute(input: RoiInput, _settings: TextureSettings, names: readonly string[]): Record<string, number> {
    return pick(computeShapeFeatures(input), names, 'shape');
  },
};

export { pick as pickFeatures };
