import type { FeatureDefinition, RoiInput, TextureSettings } from '../feature-family.js';
import { defineFamily, greyLevelCount } from './define-family.js';
import { glcmDirectionWeight, textureDirections } from './directions.js';
import { glcmCounts, symmetrise } from './glcm-matrix.js';
import { symmetricEigenvalues } from './symmetric-eigenvalues.js';
import { EPS } from './zone-features.js';

/**
 * Grey level co-occurrence matrix features (PyRadiomics `glcm`, IBSI 3.6).
 *
 * Symbols: p(i, j) the normalised matrix (Σ p = 1), i, j = 1..N_g; p_x(i) = Σ_j p(i, j),
 * p_y(j) = Σ_i p(i, j); μ_x = Σ i·p_x, μ_y = Σ j·p_y, σ_x, σ_y their standard deviations;
 * p_{x+y}(k) = Σ_{i+j=k} p, k = 2..2N_g; p_{x−y}(k) = Σ_{|i−j|=k} p, k = 0..N_g − 1;
 * HX, HY, HXY = −Σ p log2(p + ε) entropies of p_x, p_y, p; HXY1 = −Σ p log2(p_x p_y + ε);
 * HXY2 = −Σ p_x p_y log2(p_x p_y + ε); ε = 2.2e−16.
 *
 * Aggregation: per direction, features averaged over the non-empty directions (PyRadiomics'
 * default; IBSI "3D averaged", with force2D "2.5D direction-merged"), or with `weightingNorm` one
 * matrix Σ w_a·P_a over directions (IBSI "3D merged" / "2.5D merged" with no_weighting). With
 * force2D and `sliceAggregation: 'averaged'`, per slice (IBSI "2D averaged" / "2D slice-merged").
 * N_g is the highest grey level of the ROI in PyRadiomics mode and the bin count in IBSI mode; it
 * only matters in Idn and Idmn, since absent grey levels leave empty rows and columns.
 */
const f = (
  name: string,
  ibsiCode: string | null,
  ibsiName: string | undefined,
  doc: string,
  extra: Partial<FeatureDefinition> = {},
): FeatureDefinition => ({ name, ibsiCode, ...(ibsiName ? { ibsiName } : {}), doc, ...extra });

export const glcmFeatures: readonly FeatureDefinition[] = [
  f('Autocorrelation', 'QWB0', 'Autocorrelation', 'Σ_i Σ_j i·j·p(i, j).'),
  f('JointAverage', '60VM', 'Joint average', 'μ_x = Σ_i Σ_j i·p(i, j).'),
  f('ClusterProminence', 'AE86', 'Cluster prominence', 'Σ_i Σ_j (i + j − μ_x − μ_y)⁴ p(i, j).'),
  f('ClusterShade', '7NFM', 'Cluster shade', 'Σ_i Σ_j (i + j − μ_x − μ_y)³ p(i, j).'),
  f('ClusterTendency', 'DG8W', 'Cluster tendency', 'Σ_i Σ_j (i + j − μ_x − μ_y)² p(i, j).'),
  f('Contrast', 'ACUI', 'Contrast', 'Σ_i Σ_j (i − j)² p(i, j).'),
  f(
    'Correlation',
    'NI2N',
    'Correlation',
    '(Σ_i Σ_j i·j·p(i, j) − μ_x μ_y) / (σ_x σ_y + ε); 1 when σ_x σ_y = 0 (flat region), as PyRadiomics.',
  ),
  f('DifferenceAverage', 'TF7R', 'Difference average', 'Σ_k k·p_{x−y}(k).'),
  f('DifferenceEntropy', 'NTRS', 'Difference entropy', '−Σ_k p_{x−y}(k) log2(p_{x−y}(k) + ε).'),
  f(
    'DifferenceVariance',
    'D3YU',
    'Difference variance',
    'Σ_k (k − DA)² p_{x−y}(k), DA = difference average.',
  ),
  f('Dissimilarity', '8S9J', 'Dissimilarity', 'Σ_i Σ_j |i − j| p(i, j) (equals DifferenceAverage).', {
    deprecated: true,
  }),
  f('JointEnergy', '8ZQL', 'Angular second moment', 'Σ_i Σ_j p(i, j)².'),
  f('JointEntropy', 'TU9B', 'Joint entropy', 'HXY = −Σ_i Σ_j p(i, j) log2(p(i, j) + ε).'),
  f('Homogeneity1', 'IB1Z', 'Inverse difference', 'Σ_i Σ_j p(i, j) / (1 + |i − j|) (equals Id).', {
    deprecated: true,
  }),
  f('Homogeneity2', 'WF0Z', 'Inverse difference moment', 'Σ_i Σ_j p(i, j) / (1 + (i − j)²) (equals Idm).', {
    deprecated: true,
  }),
  f(
    'Imc1',
    'R8DG',
    'Information correlation 1',
    '(HXY − HXY1) / max(HX, HY); 0 when max(HX, HY) = 0, as PyRadiomics.',
  ),
  f(
    'Imc2',
    'JN9H',
    'Information correlation 2',
    '√(1 − e^(−2(HXY2 − HXY))); 0 when HXY2 = HXY, as PyRadiomics.',
  ),
  f('Idm', 'WF0Z', 'Inverse difference moment', 'Σ_k p_{x−y}(k) / (1 + k²).'),
  f(
    'MCC',
    null,
    undefined,
    '√(second largest eigenvalue of Q), Q(i, j) = Σ_k p(i, k) p(j, k) / (p_x(i) p_y(k)); 1 when the ROI has one grey level.',
    {
      noIbsiCodeReason: 'The maximal correlation coefficient is not defined by IBSI 1.',
    },
  ),
  f('Idmn', '1QCO', 'Normalised inverse difference moment', 'Σ_k p_{x−y}(k) / (1 + k²/N_g²).'),
  f('Id', 'IB1Z', 'Inverse difference', 'Σ_k p_{x−y}(k) / (1 + k).'),
  f('Idn', 'NDRX', 'Normalised inverse difference', 'Σ_k p_{x−y}(k) / (1 + k/N_g).'),
  f('InverseVariance', 'E8JP', 'Inverse variance', 'Σ_{k≥1} p_{x−y}(k) / k².'),
  f('MaximumProbability', 'GYBY', 'Joint maximum', 'max p(i, j).'),
  f('SumAverage', 'ZGXS', 'Sum average', 'Σ_k k·p_{x+y}(k).'),
  f(
    'SumVariance',
    'OEEB',
    'Sum variance',
    'Σ_k (k − SA)² p_{x+y}(k), SA = sum average. IBSI definition: PyRadiomics 3 raises a DeprecationWarning and returns no value (it equals ClusterTendency for a symmetric GLCM).',
    {
      deprecated: true,
    },
  ),
  f('SumEntropy', 'P6QZ', 'Sum entropy', '−Σ_k p_{x+y}(k) log2(p_{x+y}(k) + ε).'),
  f('SumSquares', 'UR99', 'Joint variance', 'Σ_i Σ_j (i − μ_x)² p(i, j).'),
];

/**
 * Every GLCM feature of one normalised matrix `p` (N_g × N_g). `roiGreyLevels` = number of grey
 * levels present in the ROI: with one, PyRadiomics' matrix is 1 × 1 and MCC is 1 by convention.
 */
export function glcmMatrixFeatures(
  p: Float64Array,
  ng: number,
  withMcc: boolean,
  roiGreyLevels = 2,
): Record<string, number> {
  const px = new Float64Array(ng);
  const py = new Float64Array(ng);
  const pSum = new Float64Array(2 * ng + 1);
  const pDiff = new Float64Array(ng);
  let autocorrelation = 0;
  let contrast = 0;
  let energy = 0;
  let hxy = 0;
  let maxP = 0;
  let homogeneity2 = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) {
      const v = p[a * ng + b]!;
      if (v === 0) continue;
      const i = a + 1;
      const j = b + 1;
      px[a]! += v;
      py[b]! += v;
      pSum[i + j]! += v;
      pDiff[Math.abs(i - j)]! += v;
      autocorrelation += i * j * v;
      contrast += (i - j) ** 2 * v;
      energy += v * v;
      hxy -= v * Math.log2(v + EPS);
      if (v > maxP) maxP = v;
      homogeneity2 += v / (1 + (i - j) ** 2);
    }
  }
  let ux = 0;
  let uy = 0;
  for (let a = 0; a < ng; a++) {
    ux += (a + 1) * px[a]!;
    uy += (a + 1) * py[a]!;
  }
  let varX = 0;
  let varY = 0;
  let hx = 0;
  let hy = 0;
  let hxy2 = 0;
  for (let a = 0; a < ng; a++) {
    varX += (a + 1 - ux) ** 2 * px[a]!;
    varY += (a + 1 - uy) ** 2 * py[a]!;
    hx -= px[a]! * Math.log2(px[a]! + EPS);
    hy -= py[a]! * Math.log2(py[a]! + EPS);
    for (let b = 0; b < ng; b++) {
      const q = px[a]! * py[b]!;
      hxy2 -= q * Math.log2(q + EPS);
    }
  }
  let hxy1 = 0;
  let shade = 0;
  let prominence = 0;
  let tendency = 0;
  for (let a = 0; a < ng; a++) {
    for (let b = 0; b < ng; b++) {
      const v = p[a * ng + b]!;
      if (v === 0) continue;
      hxy1 -= v * Math.log2(px[a]! * py[b]! + EPS);
      const d = a + b + 2 - ux - uy;
      tendency += d * d * v;
      shade += d * d * d * v;
      prominence += d * d * d * d * v;
    }
  }
  let sumAverage = 0;
  let sumEntropy = 0;
  for (let k = 2; k <= 2 * ng; k++) {
    sumAverage += k * pSum[k]!;
    sumEntropy -= pSum[k]! * Math.log2(pSum[k]! + EPS);
  }
  let sumVariance = 0;
  for (let k = 2; k <= 2 * ng; k++) sumVariance += (k - sumAverage) ** 2 * pSum[k]!;
  let diffAverage = 0;
  let diffEntropy = 0;
  let idm = 0;
  let idmn = 0;
  let id = 0;
  let idn = 0;
  let inverseVariance = 0;
  for (let k = 0; k < ng; k++) {
    const v = pDiff[k]!;
    diffAverage += k * v;
    diffEntropy -= v * Math.log2(v + EPS);
    idm += v / (1 + k * k);
    idmn += v / (1 + (k * k) / (ng * ng));
    id += v / (1 + k);
    idn += v / (1 + k / ng);
    if (k > 0) inverseVariance += v / (k * k);
  }
  let diffVariance = 0;
  for (let k = 0; k < ng; k++) diffVariance += (k - diffAverage) ** 2 * pDiff[k]!;
  const sigma = Math.sqrt(varX) * Math.sqrt(varY);
  const maxH = Math.max(hx, hy);
  return {
    Autocorrelation: autocorrelation,
    JointAverage: ux,
    ClusterProminence: prominence,
    ClusterShade: shade,
    ClusterTendency: tendency,
    Contrast: contrast,
    Correlation: sigma === 0 ? 1 : (autocorrelation - ux * uy) / (sigma + EPS),
    DifferenceAverage: diffAverage,
    DifferenceEntropy: diffEntropy,
    DifferenceVariance: diffVariance,
    Dissimilarity: diffAverage,
    JointEnergy: energy,
    JointEntropy: hxy,
    Homogeneity1: id,
    Homogeneity2: homogeneity2,
    Imc1: maxH === 0 ? 0 : (hxy - hxy1) / maxH,
    Imc2: hxy2 === hxy ? 0 : Math.sqrt(1 - Math.exp(-2 * (hxy2 - hxy))),
    Idm: idm,
    MCC: !withMcc ? Number.NaN : roiGreyLevels < 2 ? 1 : maximalCorrelationCoefficient(p, px, py, ng),
    Idmn: idmn,
    Id: id,
    Idn: idn,
    InverseVariance: inverseVariance,
    MaximumProbability: maxP,
    SumAverage: sumAverage,
    SumVariance: sumVariance,
    SumEntropy: sumEntropy,
    SumSquares: varX,
  };
}

/**
 * MCC = √λ₂ with λ₂ the second largest eigenvalue of Q = D_x⁻¹ P D_y⁻¹ Pᵀ. Q is similar to the
 * symmetric A·Aᵀ with A = D_x^(−1/2) P D_y^(−1/2), so a symmetric eigen-solver suffices.
 */
function maximalCorrelationCoefficient(
  p: Float64Array,
  px: Float64Array,
  py: Float64Array,
  ng: number,
): number {
  const rows: number[] = [];
  const cols: number[] = [];
  for (let a = 0; a < ng; a++) {
    if (px[a]! > 0) rows.push(a);
    if (py[a]! > 0) cols.push(a);
  }
  // Levels absent along this direction give zero rows of Q, hence eigenvalues 0 (PyRadiomics adds ε).
  if (rows.length < 2) return 0;
  const n = rows.length;
  const m = cols.length;
  const A = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < m; c++) {
      const a = rows[r]!;
      const b = cols[c]!;
      A[r * m + c] = p[a * ng + b]! / Math.sqrt(px[a]! * py[b]!);
    }
  }
  const AAt = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let s = r; s < n; s++) {
      let sum = 0;
      for (let c = 0; c < m; c++) sum += A[r * m + c]! * A[s * m + c]!;
      AAt[r * n + s] = sum;
      AAt[s * n + r] = sum;
    }
  }
  const eigen = symmetricEigenvalues(AAt, n);
  return Math.sqrt(Math.max(0, eigen[n - 2]!));
}

/** The co-occurrence matrices the aggregation asks for, normalised (empty directions dropped). */
export function glcmMatrices(
  input: RoiInput,
  settings: TextureSettings,
): { matrices: Float64Array[]; ng: number } {
  const ng = greyLevelCount(input, settings);
  const directions = textureDirections(input.size, settings, settings.distances);
  const perDirection = directions.map((offset) => {
    const counts = glcmCounts(input.levels, input.size, ng, offset);
    return settings.symmetricalGLCM ? symmetrise(counts, ng) : counts;
  });
  let raw = perDirection;
  if (settings.weightingNorm !== null) {
    const merged = new Float64Array(ng * ng);
    perDirection.forEach((counts, d) => {
      const w = glcmDirectionWeight(directions[d]!, input.spacing, settings.weightingNorm);
      for (let k = 0; k < merged.length; k++) merged[k]! += w * counts[k]!;
    });
    raw = [merged];
  }
  const matrices: Float64Array[] = [];
  for (const counts of raw) {
    let total = 0;
    for (let k = 0; k < counts.length; k++) total += counts[k]!;
    if (total === 0) continue;
    matrices.push(counts.map((v) => v / total));
  }
  return { matrices, ng };
}

export const glcmFamily = defineFamily('glcm', glcmFeatures, (input, settings, names) => {
  const { matrices, ng } = glcmMatrices(input, settings);
  const withMcc = names.includes('MCC');
  const present = new Set<number>();
  for (let k = 0; k < input.levels.length; k++) if (input.levels[k]! > 0) present.add(input.levels[k]!);
  return matrices.map((p) => glcmMatrixFeatures(p, ng, withMcc, present.size));
});
