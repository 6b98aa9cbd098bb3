import { AppError } from '../../errors/index.js';

/**
 * Deriche's recursive (IIR) approximation of Gaussian convolution and its derivatives, with the
 * coefficients and edge handling of ITK's `RecursiveGaussianImageFilter` (the filter PyRadiomics'
 * LoG uses through SimpleITK). References: R. Deriche, "Recursively implementing the Gaussian and
 * its derivatives", INRIA RR-1893 (1993); O. Monga et al. / ITK documentation for the
 * normalisation that makes the discrete response exact for constants, ramps and parabolas.
 *
 * The filter is a 4th-order causal pass plus a 4th-order anti-causal pass:
 *   y⁺[i] = Σ_{k=0..3} n_k x[i−k] − Σ_{k=1..4} d_k y⁺[i−k]
 *   y⁻[i] = Σ_{k=1..4} m_k x[i+k] − Σ_{k=1..4} d_k y⁻[i+k]
 *   y = y⁺ + y⁻
 * Beyond each end of the line the signal is taken as constant (the edge value), with the filter
 * state started at its steady state for that constant (ITK's "BN"/"BM" boundary coefficients).
 */
export interface RecursiveGaussianCoefficients {
  readonly n: readonly [number, number, number, number];
  readonly m: readonly [number, number, number, number];
  readonly d: readonly [number, number, number, number];
  /** Steady-state start terms for the causal (bn) and anti-causal (bm) passes. */
  readonly bn: readonly [number, number, number, number];
  readonly bm: readonly [number, number, number, number];
}

export type GaussianOrder = 0 | 1 | 2;

// Deriche's fitted exponential-series parameters (a, b for orders 0, 1, 2; shared ω, λ), as in ITK.
const W1 = 0.6681;
const L1 = -1.3932;
const W2 = 2.0787;
const L2 = -1.3732;
const A1 = [1.353, -0.6724, -1.3563];
const B1 = [1.8151, -3.4327, 5.2318];
const A2 = [-0.3531, 0.6724, 0.3446];
const B2 = [0.0902, 0.61, -2.2355];

interface Numerator {
  n: [number, number, number, number];
  /** Σn_k, Σk·n_k, Σk²·n_k: the moments used to normalise the response. */
  s: number;
  dm: number;
  e: number;
}

function numerator(sigmad: number, order: GaussianOrder): Numerator {
  const sin1 = Math.sin(W1 / sigmad);
  const sin2 = Math.sin(W2 / sigmad);
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const a1 = A1[order]!;
  const b1 = B1[order]!;
  const a2 = A2[order]!;
  const b2 = B2[order]!;
  const n0 = a1 + a2;
  const n1 = exp2 * (b2 * sin2 - (a2 + 2 * a1) * cos2) + exp1 * (b1 * sin1 - (a1 + 2 * a2) * cos1);
  const n2 =
    2 * exp1 * exp2 * ((a1 + a2) * cos2 * cos1 - b1 * cos2 * sin1 - b2 * cos1 * sin2) +
    a2 * exp1 * exp1 +
    a1 * exp2 * exp2;
  const n3 = exp2 * exp1 * exp1 * (b2 * sin2 - a2 * cos2) + exp1 * exp2 * exp2 * (b1 * sin1 - a1 * cos1);
  return { n: [n0, n1, n2, n3], s: n0 + n1 + n2 + n3, dm: n1 + 2 * n2 + 3 * n3, e: n1 + 4 * n2 + 9 * n3 };
}

/**
 * Coefficients for a Gaussian of `sigma` mm on a line of `spacing` mm. With `normalizeAcrossScale`
 * the order-k response is multiplied by σᵏ (σ in mm), as ITK's `NormalizeAcrossScale`. The
 * derivative is per voxel (divide by spacingᵏ for mm units, as ITK's Laplacian does).
 */
export function recursiveGaussianCoefficients(
  sigma: number,
  spacing: number,
  order: GaussianOrder,
  normalizeAcrossScale: boolean,
): RecursiveGaussianCoefficients {
  if (!(sigma > 0) || !(spacing > 0)) {
    throw new AppError('filter_setting_invalid', `recursive Gaussian: sigma and spacing must be positive`, {
      details: { sigma, spacing },
    });
  }
  const sigmad = sigma / spacing;
  const cos1 = Math.cos(W1 / sigmad);
  const cos2 = Math.cos(W2 / sigmad);
  const exp1 = Math.exp(L1 / sigmad);
  const exp2 = Math.exp(L2 / sigmad);
  const d4 = exp1 * exp1 * exp2 * exp2;
  const d3 = -2 * cos1 * exp1 * exp2 * exp2 - 2 * cos2 * exp2 * exp1 * exp1;
  const d2 = 4 * cos2 * cos1 * exp1 * exp2 + exp1 * exp1 + exp2 * exp2;
  const d1 = -2 * (exp2 * cos2 + exp1 * cos1);
  const sd = 1 + d1 + d2 + d3 + d4;
  const dd = d1 + 2 * d2 + 3 * d3 + 4 * d4;
  const ed = d1 + 4 * d2 + 9 * d3 + 16 * d4;

  let n: [number, number, number, number];
  let scale: number;
  let symmetric = true;
  if (order === 0) {
    // Unit DC gain: the two-sided response to a constant is 2·S_N/S_D − n0.
    const z = numerator(sigmad, 0);
    n = z.n;
    scale = 1 / ((2 * z.s) / sd - z.n[0]);
  } else if (order === 1) {
    // Unit response to a unit ramp.
    const f = numerator(sigmad, 1);
    n = f.n;
    scale = (normalizeAcrossScale ? sigma : 1) / ((2 * (f.s * dd - f.dm * sd)) / (sd * sd));
    symmetric = false;
  } else {
    // Mix in the order-0 filter so the response to a constant is exactly 0, then scale so the
    // response to x²/2 is exactly 1.
    const z = numerator(sigmad, 0);
    const s = numerator(sigmad, 2);
    const beta = -(2 * s.s - sd * s.n[0]) / (2 * z.s - sd * z.n[0]);
    n = [0, 1, 2, 3].map((k) => s.n[k]! + beta * z.n[k]!) as [number, number, number, number];
    const sn = s.s + beta * z.s;
    const dn = s.dm + beta * z.dm;
    const en = s.e + beta * z.e;
    const alpha2 = (en * sd * sd - ed * sn * sd - 2 * dn * dd * sd + 2 * dd * dd * sn) / (sd * sd * sd);
    scale = (normalizeAcrossScale ? sigma * sigma : 1) / alpha2;
  }
  n = n.map((v) => v * scale) as [number, number, number, number];
  const d: [number, number, number, number] = [d1, d2, d3, d4];
  const sign = symmetric ? 1 : -1;
  const m: [number, number, number, number] = [
    sign * (n[1] - d1 * n[0]),
    sign * (n[2] - d2 * n[0]),
    sign * (n[3] - d3 * n[0]),
    sign * -d4 * n[0],
  ];
  const sumN = n[0] + n[1] + n[2] + n[3];
  const sumM = m[0] + m[1] + m[2] + m[3];
  const bn = d.map((dk) => (dk * sumN) / sd) as [number, number, number, number];
  const bm = d.map((dk) => (dk * sumM) / sd) as [number, number, number, number];
  return { n, m, d, bn, bm };
}

/**
 * Filters one line (length ≥ 4) into `out`; `scratch` is a work buffer of the same length.
 * The first/last four outputs of each pass use the edge value for samples beyond the line and the
 * steady-state terms for outputs beyond it.
 */
export function recursiveFilterLine(
  c: RecursiveGaussianCoefficients,
  x: Float64Array,
  out: Float64Array,
  scratch: Float64Array,
): void {
  const len = x.length;
  const [n0, n1, n2, n3] = c.n;
  const [m1, m2, m3, m4] = c.m;
  const [d1, d2, d3, d4] = c.d;
  // Causal pass: the first four outputs need the edge extension, the rest are the plain recursion.
  const first = x[0]!;
  const xin = (i: number) => (i < 0 ? first : x[i]!);
  const head = Math.min(4, len);
  for (let i = 0; i < head; i++) {
    let y = n0 * xin(i) + n1 * xin(i - 1) + n2 * xin(i - 2) + n3 * xin(i - 3);
    // y⁺ at negative indices is replaced by the steady state (edge · bn_k / d_k).
    y -= i >= 1 ? d1 * out[i - 1]! : first * c.bn[0];
    y -= i >= 2 ? d2 * out[i - 2]! : first * c.bn[1];
    y -= i >= 3 ? d3 * out[i - 3]! : first * c.bn[2];
    y -= first * c.bn[3];
    out[i] = y;
  }
  for (let i = 4; i < len; i++) {
    out[i] =
      n0 * x[i]! +
      n1 * x[i - 1]! +
      n2 * x[i - 2]! +
      n3 * x[i - 3]! -
      (d1 * out[i - 1]! + d2 * out[i - 2]! + d3 * out[i - 3]! + d4 * out[i - 4]!);
  }
  // Anti-causal pass, mirrored.
  const last = x[len - 1]!;
  const xat = (i: number) => (i >= len ? last : x[i]!);
  for (let i = len - 1; i >= Math.max(0, len - 4); i--) {
    let y = m1 * xat(i + 1) + m2 * xat(i + 2) + m3 * xat(i + 3) + m4 * xat(i + 4);
    const r = len - 1 - i;
    y -= r >= 1 ? d1 * scratch[i + 1]! : last * c.bm[0];
    y -= r >= 2 ? d2 * scratch[i + 2]! : last * c.bm[1];
    y -= r >= 3 ? d3 * scratch[i + 3]! : last * c.bm[2];
    y -= last * c.bm[3];
    scratch[i] = y;
  }
  for (let i = len - 5; i >= 0; i--) {
    scratch[i] =
      m1 * x[i + 1]! +
      m2 * x[i + 2]! +
      m3 * x[i + 3]! +
      m4 * x[i + 4]! -
      (d1 * scratch[i + 1]! + d2 * scratch[i + 2]! + d3 * scratch[i + 3]! + d4 * scratch[i + 4]!);
  }
  for (let i = 0; i < len; i++) out[i]! += scratch[i]!;
}
