import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily, greyLevelCount } from './define-family.js';
import { neighbourOffsets } from './directions.js';
import { type NgtdmMatrix, ngtdmCounts } from './ngtdm-matrix.js';

/**
 * Neighbourhood grey tone difference matrix features (PyRadiomics `ngtdm`, IBSI 3.10).
 *
 * Symbols: n_i voxels of level i, s_i their summed |i − Ā| (Ā mean of the ROI neighbours,
 * Chebyshev distance in `distances`, default 1: 26 in 3D, 8 with force2D), N_vp = Σ n_i, p_i = n_i / N_vp, N_gp the number
 * of levels with p_i > 0; sums over i, j run over levels with p > 0. PyRadiomics mode keeps voxels
 * without ROI neighbours in n_i (s = 0); IBSI mode leaves them out.
 */
const f = (name: string, ibsiCode: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName: name,
  doc,
});

export const ngtdmFeatures: readonly FeatureDefinition[] = [
  f('Coarseness', 'QCDE', '1 / Σ p_i s_i; 10⁶ when Σ p_i s_i = 0, as PyRadiomics.'),
  f('Contrast', '65HE', '(Σ_i Σ_j p_i p_j (i − j)² / (N_gp (N_gp − 1))) · Σ s_i / N_vp; 0 when N_gp = 1.'),
  f('Busyness', 'NQ30', 'Σ p_i s_i / Σ_i Σ_j |i p_i − j p_j|; 0 when the denominator is 0.'),
  f('Complexity', 'HDEZ', 'Σ_i Σ_j |i − j| (p_i s_i + p_j s_j) / (p_i + p_j) / N_vp.'),
  f('Strength', '1X9X', 'Σ_i Σ_j (p_i + p_j)(i − j)² / Σ s_i; 0 when Σ s_i = 0.'),
];

export function ngtdmFeatureValues(m: NgtdmMatrix): Record<string, number> {
  const ng = m.count.length;
  let nvp = 0;
  for (let a = 0; a < ng; a++) nvp += m.count[a]!;
  const levels: number[] = [];
  for (let a = 0; a < ng; a++) if (m.count[a]! > 0) levels.push(a);
  const p = (a: number) => m.count[a]! / nvp;
  let ps = 0;
  let sumS = 0;
  for (const a of levels) {
    ps += p(a) * m.sumDifference[a]!;
    sumS += m.sumDifference[a]!;
  }
  let contrastSum = 0;
  let busyDenominator = 0;
  let complexity = 0;
  let strength = 0;
  for (const a of levels) {
    for (const b of levels) {
      const pa = p(a);
      const pb = p(b);
      const d = a - b;
      contrastSum += pa * pb * d * d;
      busyDenominator += Math.abs((a + 1) * pa - (b + 1) * pb);
      complexity += (Math.abs(d) * (pa * m.sumDifference[a]! + pb * m.sumDifference[b]!)) / (pa + pb);
      strength += (pa + pb) * d * d;
    }
  }
  const ngp = levels.length;
  return {
    Coarseness: ps === 0 ? 1e6 : 1 / ps,
    Contrast: ngp > 1 ? (contrastSum / (ngp * (ngp - 1))) * (sumS / nvp) : 0,
    Busyness: busyDenominator === 0 ? 0 : ps / busyDenominator,
    Complexity: complexity / nvp,
    Strength: sumS === 0 ? 0 : strength / sumS,
  };
}

export const ngtdmFamily = defineFamily('ngtdm', ngtdmFeatures, (input, settings) => {
  const neighbours = neighbourOffsets(input.size, settings, settings.distances);
  const matrix = ngtdmCounts(
    input.levels,
    input.size,
    greyLevelCount(input, settings),
    neighbours,
    settings.mode === 'pyradiomics',
  );
  if (!matrix.count.some((n) => n > 0)) return [];
  return [ngtdmFeatureValues(matrix)];
});
