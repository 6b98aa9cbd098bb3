import { AppError } from '../../errors/index.js';
import type { FeatureDefinition, FeatureFamily, RoiInput, TextureSettings } from '../feature-family.js';
import { contourMeasures, contourVertices2, convexHull2D, squaredDistance2 } from '../mesh/index.js';
import type { ShapeInput } from './shape.js';
import { pickFeatures } from './shape.js';
import { coordinateEigenvalues2D } from './shape-pca.js';

/**
 * PyRadiomics' `shape2D` class (used with force2D): the ROI must lie in a single slice normal to
 * `force2Ddimension`. Symbols: A = MeshSurface (mm²), P = Perimeter (mm), N = pixel count,
 * λ_major ≥ λ_minor the eigenvalues of the /N covariance of pixel-centre coordinates.
 * The contour comes from marching squares on the mask padded by one zero pixel.
 */

const NO_IBSI = 'IBSI 1 defines morphology in 3D only; shape2D is a PyRadiomics family';

export const SHAPE2D_FEATURES: readonly FeatureDefinition[] = [
  {
    name: 'MeshSurface',
    ibsiCode: null,
    noIbsiCodeReason: NO_IBSI,
    doc: 'A = |½ Σ_segments (aₓ b_y − bₓ a_y)| (shoelace over the contour).',
  },
  {
    name: 'PixelSurface',
    ibsiCode: null,
    noIbsiCodeReason: NO_IBSI,
    doc: 'N · Δ₁·Δ₂ (in-plane pixel area).',
  },
  { name: 'Perimeter', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: 'P = Σ_segments ‖b − a‖.' },
  { name: 'PerimeterSurfaceRatio', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: 'P / A (mm⁻¹).' },
  { name: 'Sphericity', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: '2√(πA) / P; 1 for a circle.' },
  {
    name: 'SphericalDisproportion',
    ibsiCode: null,
    noIbsiCodeReason: NO_IBSI,
    deprecated: true,
    doc: 'P / (2√(πA)) = 1 / Sphericity. Deprecated in PyRadiomics.',
  },
  {
    name: 'MaximumDiameter',
    ibsiCode: null,
    noIbsiCodeReason: NO_IBSI,
    doc: 'max ‖p − q‖ over contour vertices (via their convex hull; exact).',
  },
  { name: 'MajorAxisLength', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: '4 √λ_major.' },
  { name: 'MinorAxisLength', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: '4 √λ_minor.' },
  { name: 'Elongation', ibsiCode: null, noIbsiCodeReason: NO_IBSI, doc: '√(λ_minor / λ_major).' },
];

/** In-plane axes (x = 0, y = 1, z = 2) for each force2Ddimension (0 = z, 1 = y, 2 = x). */
const IN_PLANE: Record<0 | 1 | 2, [number, number]> = { 0: [0, 1], 1: [0, 2], 2: [1, 2] };
const NORMAL_AXIS: Record<0 | 1 | 2, number> = { 0: 2, 1: 1, 2: 0 };

/** Every shape2D feature for a single-slice ROI. */
export function computeShape2DFeatures(
  input: ShapeInput,
  force2Ddimension: 0 | 1 | 2 = 0,
): Record<string, number> {
  const { size, spacing, mask } = input;
  if (mask.length !== size[0] * size[1] * size[2] || !spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new AppError(
      'shape_input_invalid',
      'shape2D input: mask length must match size and spacing be positive',
      {
        details: { size: [...size], spacing: [...spacing], maskLength: mask.length },
      },
    );
  }
  const normal = NORMAL_AXIS[force2Ddimension];
  if (size[normal] !== 1) {
    throw new AppError(
      'shape2d_not_single_slice',
      `shape2D input: the ROI spans ${size[normal]} slices along axis ${'xyz'[normal]}; shape2D needs exactly one`,
      { details: { force2Ddimension, size: [...size] } },
    );
  }
  const [ua, va] = IN_PLANE[force2Ddimension];
  const nu = size[ua]!;
  const nv = size[va]!;
  // the slice as a 2D mask (u fastest); the flat index of a single-slice volume is already u-fastest
  const padded = new Uint8Array((nu + 2) * (nv + 2));
  const plain = new Uint8Array(nu * nv);
  let n = 0;
  for (let j = 0; j < nv; j++) {
    for (let i = 0; i < nu; i++) {
      const on = mask[j * nu + i] ? 1 : 0;
      plain[j * nu + i] = on;
      padded[(j + 1) * (nu + 2) + i + 1] = on;
      n += on;
    }
  }
  if (n === 0) throw new AppError('mask_empty', 'shape2D input: the ROI mask has no pixels');
  const sp: [number, number] = [spacing[ua]!, spacing[va]!];
  const { perimeter: P, area } = contourMeasures(padded, nu + 2, nv + 2, sp);
  const A = Math.abs(area);
  const verts = contourVertices2(padded, nu + 2, nv + 2);
  const count = verts.length / 2;
  const u = new Int32Array(count);
  const v = new Int32Array(count);
  const as3 = new Int32Array(count * 3);
  for (let k = 0; k < count; k++) {
    u[k] = verts[2 * k]!;
    v[k] = verts[2 * k + 1]!;
    as3[3 * k] = u[k]!;
    as3[3 * k + 1] = v[k]!;
  }
  const hull = convexHull2D(u, v);
  const h: [number, number, number] = [sp[0] / 2, sp[1] / 2, 0];
  let d2 = 0;
  for (let a = 0; a < hull.length; a++) {
    for (let b = a + 1; b < hull.length; b++) d2 = Math.max(d2, squaredDistance2(as3, hull[a]!, hull[b]!, h));
  }
  const [minor, major] = coordinateEigenvalues2D(plain, nu, nv, sp);
  const circleTerm = 2 * Math.sqrt(Math.PI * A);
  return {
    MeshSurface: A,
    PixelSurface: n * sp[0] * sp[1],
    Perimeter: P,
    PerimeterSurfaceRatio: P / A,
    Sphericity: circleTerm / P,
    SphericalDisproportion: P / circleTerm,
    MaximumDiameter: Math.sqrt(d2),
    MajorAxisLength: major < 0 ? Number.NaN : 4 * Math.sqrt(major),
    MinorAxisLength: minor < 0 ? Number.NaN : 4 * Math.sqrt(minor),
    Elongation: minor < 0 || major <= 0 ? Number.NaN : Math.sqrt(minor / major),
  };
}

/** The `shape2D` family; `input.mask` is the morphological mask, one slice thick. */
export const shape2DFamily: FeatureFamily = {
  name: 'shape2D',
  features: SHAPE2D_FEATURES,
  compute(input: RoiInput, settings: TextureSettings, names: readonly string[]): Record<string, number> {
    return pickFeatures(computeShape2DFeatures(input, settings.force2Ddimension), names, 'shape2D');
  },
};
