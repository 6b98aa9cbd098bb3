import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily, roiVoxelCount } from './define-family.js';
import { roiDependenceMatrix } from './dependence-matrix.js';
import { sizeMatrixFeatures } from './zone-features.js';

/**
 * Grey level dependence matrix features (PyRadiomics `gldm`; IBSI 3.11 calls the matrix NGLDM).
 *
 * Symbols: P(i, j) voxels of level i with dependence j (1 + neighbours within the ROI, Chebyshev
 * distance in `distances`, default 1, with |Δlevel| ≤ gldm_a); N_z = Σ P = N_p (ROI voxels); p = P / N_z. With gldm_a = 0
 * the IBSI NGLDM reference values apply, hence the NGLDM codes.
 */
const f = (
  name: string,
  ibsiCode: string,
  ibsiName: string,
  doc: string,
  deprecated = false,
): FeatureDefinition => ({ name, ibsiCode, ibsiName, doc, ...(deprecated ? { deprecated } : {}) });

export const gldmFeatures: readonly FeatureDefinition[] = [
  f('SmallDependenceEmphasis', 'SODN', 'Low dependence emphasis', 'Σ P(i, j)/j² / N_z.'),
  f('LargeDependenceEmphasis', 'IMOQ', 'High dependence emphasis', 'Σ P(i, j)·j² / N_z.'),
  f('GrayLevelNonUniformity', 'FP8K', 'Grey level non-uniformity', 'Σ_i (Σ_j P(i, j))² / N_z.'),
  f(
    'GrayLevelNonUniformityNormalized',
    '5SPA',
    'Normalised grey level non-uniformity',
    'Σ_i (Σ_j P(i, j))² / N_z².',
    true,
  ),
  f('DependenceNonUniformity', 'Z87G', 'Dependence count non-uniformity', 'Σ_j (Σ_i P(i, j))² / N_z.'),
  f(
    'DependenceNonUniformityNormalized',
    'OKJI',
    'Normalised dependence count non-uniformity',
    'Σ_j (Σ_i P(i, j))² / N_z².',
  ),
  f('GrayLevelVariance', '1PFV', 'Grey level variance', 'Σ p(i, j)(i − μ)², μ = Σ i·p(i, j).'),
  f('DependenceVariance', 'DNX2', 'Dependence count variance', 'Σ p(i, j)(j − μ)², μ = Σ j·p(i, j).'),
  f('DependenceEntropy', 'FCBV', 'Dependence count entropy', '−Σ p(i, j) log2(p(i, j) + ε).'),
  f('DependencePercentage', '6XV8', 'Dependence count percentage', 'N_z / N_p (always 1).', true),
  f('LowGrayLevelEmphasis', 'TL9H', 'Low grey level count emphasis', 'Σ P(i, j)/i² / N_z.'),
  f('HighGrayLevelEmphasis', 'OAE7', 'High grey level count emphasis', 'Σ P(i, j)·i² / N_z.'),
  f(
    'SmallDependenceLowGrayLevelEmphasis',
    'EQ3F',
    'Low dependence low grey level emphasis',
    'Σ P/(i²j²) / N_z.',
  ),
  f(
    'SmallDependenceHighGrayLevelEmphasis',
    'JA6D',
    'Low dependence high grey level emphasis',
    'Σ P·i²/j² / N_z.',
  ),
  f(
    'LargeDependenceLowGrayLevelEmphasis',
    'NBZI',
    'High dependence low grey level emphasis',
    'Σ P·j²/i² / N_z.',
  ),
  f(
    'LargeDependenceHighGrayLevelEmphasis',
    '9QMG',
    'High dependence high grey level emphasis',
    'Σ P·i²j² / N_z.',
  ),
];

export const gldmFamily = defineFamily('gldm', gldmFeatures, (input, settings) => {
  const voxels = roiVoxelCount(input);
  if (voxels === 0) return [];
  const s = sizeMatrixFeatures(roiDependenceMatrix(input, settings));
  return [
    {
      SmallDependenceEmphasis: s.smallEmphasis,
      LargeDependenceEmphasis: s.largeEmphasis,
      GrayLevelNonUniformity: s.greyNonUniformity,
      GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalised,
      DependenceNonUniformity: s.sizeNonUniformity,
      DependenceNonUniformityNormalized: s.sizeNonUniformityNormalised,
      GrayLevelVariance: s.greyVariance,
      DependenceVariance: s.sizeVariance,
      DependenceEntropy: s.entropy,
      DependencePercentage: s.total / voxels,
      LowGrayLevelEmphasis: s.lowGreyEmphasis,
      HighGrayLevelEmphasis: s.highGreyEmphasis,
      SmallDependenceLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
      SmallDependenceHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
      LargeDependenceLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
      LargeDependenceHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
    },
  ];
});
