import type { FeatureDefinition, RoiInput, TextureSettings } from '../feature-family.js';
import { defineFamily, greyLevelCount } from './define-family.js';
import { glrlmDirectionWeight, textureDirections } from './directions.js';
import { glrlmCounts } from './glrlm-matrix.js';
import { padGrid } from './padded-grid.js';
import { addInto, type SizeMatrix, type SizeMatrixFeatures, sizeMatrixFeatures } from './zone-features.js';

/**
 * Grey level run length matrix features (PyRadiomics `glrlm`, IBSI 3.7).
 *
 * Symbols: P(i, j) runs of level i and length j; N_r = Σ P runs; N_p = Σ j·P voxels of that matrix;
 * p = P / N_r. Aggregation as GLCM (but PyRadiomics' merge weights are d, not e^(−d²)): per direction then averaged (IBSI "3D averaged", "2.5D
 * direction-merged"), or Σ w_a·P_a with `weightingNorm` (IBSI "3D merged", "2.5D merged"), or per
 * slice with `sliceAggregation: 'averaged'` (IBSI "2D").
 */
const f = (name: string, ibsiCode: string, ibsiName: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName,
  doc,
});

export const glrlmFeatures: readonly FeatureDefinition[] = [
  f('ShortRunEmphasis', '22OV', 'Short runs emphasis', 'Σ P(i, j)/j² / N_r.'),
  f('LongRunEmphasis', 'W4KF', 'Long runs emphasis', 'Σ P(i, j)·j² / N_r.'),
  f('GrayLevelNonUniformity', 'R5YN', 'Grey level non-uniformity', 'Σ_i (Σ_j P(i, j))² / N_r.'),
  f(
    'GrayLevelNonUniformityNormalized',
    'OVBL',
    'Normalised grey level non-uniformity',
    'Σ_i (Σ_j P(i, j))² / N_r².',
  ),
  f('RunLengthNonUniformity', 'W92Y', 'Run length non-uniformity', 'Σ_j (Σ_i P(i, j))² / N_r.'),
  f(
    'RunLengthNonUniformityNormalized',
    'IC23',
    'Normalised run length non-uniformity',
    'Σ_j (Σ_i P(i, j))² / N_r².',
  ),
  f(
    'RunPercentage',
    '9ZK5',
    'Run percentage',
    'N_r / N_p, N_p = Σ j·P(i, j) (the weighted total when merged).',
  ),
  f('GrayLevelVariance', '8CE5', 'Grey level variance', 'Σ p(i, j)(i − μ)², μ = Σ i·p(i, j).'),
  f('RunVariance', 'SXLW', 'Run length variance', 'Σ p(i, j)(j − μ)², μ = Σ j·p(i, j).'),
  f('RunEntropy', 'HJ9O', 'Run entropy', '−Σ p(i, j) log2(p(i, j) + ε).'),
  f('LowGrayLevelRunEmphasis', 'V3SW', 'Low grey level run emphasis', 'Σ P(i, j)/i² / N_r.'),
  f('HighGrayLevelRunEmphasis', 'G3QZ', 'High grey level run emphasis', 'Σ P(i, j)·i² / N_r.'),
  f('ShortRunLowGrayLevelEmphasis', 'HTZT', 'Short run low grey level emphasis', 'Σ P(i, j)/(i²j²) / N_r.'),
  f('ShortRunHighGrayLevelEmphasis', 'GD3A', 'Short run high grey level emphasis', 'Σ P(i, j)·i²/j² / N_r.'),
  f('LongRunLowGrayLevelEmphasis', 'IVPO', 'Long run low grey level emphasis', 'Σ P(i, j)·j²/i² / N_r.'),
  f('LongRunHighGrayLevelEmphasis', '3KUM', 'Long run high grey level emphasis', 'Σ P(i, j)·i²j² / N_r.'),
];

export function glrlmFeatureValues(s: SizeMatrixFeatures): Record<string, number> {
  return {
    ShortRunEmphasis: s.smallEmphasis,
    LongRunEmphasis: s.largeEmphasis,
    GrayLevelNonUniformity: s.greyNonUniformity,
    GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalised,
    RunLengthNonUniformity: s.sizeNonUniformity,
    RunLengthNonUniformityNormalized: s.sizeNonUniformityNormalised,
    RunPercentage: s.total / s.weightedTotal,
    GrayLevelVariance: s.greyVariance,
    RunVariance: s.sizeVariance,
    RunEntropy: s.entropy,
    LowGrayLevelRunEmphasis: s.lowGreyEmphasis,
    HighGrayLevelRunEmphasis: s.highGreyEmphasis,
    ShortRunLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
    ShortRunHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
    LongRunLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
    LongRunHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
  };
}

/** The run length matrices the aggregation asks for (directions without runs dropped). */
export function glrlmMatrices(input: RoiInput, settings: TextureSettings): SizeMatrix[] {
  const ng = greyLevelCount(input, settings);
  // PyRadiomics' GLRLM ignores `distances`: runs follow the distance-1 directions.
  const directions = textureDirections(input.size, settings, [1]);
  const grid = padGrid(input.levels, input.size, 1);
  const perDirection = directions.map((offset) => glrlmCounts(input.levels, input.size, ng, offset, grid));
  let matrices = perDirection;
  if (settings.weightingNorm !== null && perDirection.length > 0) {
    const first = perDirection[0]!;
    const merged = new Float64Array(first.counts.length);
    perDirection.forEach((m, d) => {
      addInto(merged, m.counts, glrlmDirectionWeight(directions[d]!, input.spacing, settings.weightingNorm));
    });
    matrices = [{ counts: merged, ng, nj: first.nj }];
  }
  return matrices.filter((m) => m.counts.some((v) => v > 0));
}

export const glrlmFamily = defineFamily('glrlm', glrlmFeatures, (input, settings) =>
  glrlmMatrices(input, settings).map((m) => glrlmFeatureValues(sizeMatrixFeatures(m))),
);
