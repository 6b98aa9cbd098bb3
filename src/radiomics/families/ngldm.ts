import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily, roiVoxelCount } from './define-family.js';
import { roiDependenceMatrix } from './dependence-matrix.js';
import { sizeMatrixFeatures } from './zone-features.js';

/**
 * IBSI neighbouring grey level dependence matrix features (IBSI 3.11), with IBSI names and the two
 * features PyRadiomics' `gldm` lacks or deprecates (energy, percentage). Same matrix as `gldm`:
 * P(i, j) voxels of level i with dependence j = 1 + ROI neighbours (Chebyshev distance in `distances`, default 1) with
 * |Δlevel| ≤ α (`gldm_a`, IBSI's coarseness parameter); N_s = Σ P, N_v ROI voxels, p = P / N_s.
 */
const f = (name: string, ibsiCode: string, ibsiName: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName,
  doc,
});

export const ngldmFeatures: readonly FeatureDefinition[] = [
  f('LowDependenceEmphasis', 'SODN', 'Low dependence emphasis', 'Σ P(i, j)/j² / N_s.'),
  f('HighDependenceEmphasis', 'IMOQ', 'High dependence emphasis', 'Σ P(i, j)·j² / N_s.'),
  f('LowGrayLevelCountEmphasis', 'TL9H', 'Low grey level count emphasis', 'Σ P(i, j)/i² / N_s.'),
  f('HighGrayLevelCountEmphasis', 'OAE7', 'High grey level count emphasis', 'Σ P(i, j)·i² / N_s.'),
  f(
    'LowDependenceLowGrayLevelEmphasis',
    'EQ3F',
    'Low dependence low grey level emphasis',
    'Σ P/(i²j²) / N_s.',
  ),
  f(
    'LowDependenceHighGrayLevelEmphasis',
    'JA6D',
    'Low dependence high grey level emphasis',
    'Σ P·i²/j² / N_s.',
  ),
  f(
    'HighDependenceLowGrayLevelEmphasis',
    'NBZI',
    'High dependence low grey level emphasis',
    'Σ P·j²/i² / N_s.',
  ),
  f(
    'HighDependenceHighGrayLevelEmphasis',
    '9QMG',
    'High dependence high grey level emphasis',
    'Σ P·i²j² / N_s.',
  ),
  f('GrayLevelNonUniformity', 'FP8K', 'Grey level non-uniformity', 'Σ_i (Σ_j P(i, j))² / N_s.'),
  f(
    'GrayLevelNonUniformityNormalized',
    '5SPA',
    'Normalised grey level non-uniformity',
    'Σ_i (Σ_j P(i, j))² / N_s².',
  ),
  f('DependenceCountNonUniformity', 'Z87G', 'Dependence count non-uniformity', 'Σ_j (Σ_i P(i, j))² / N_s.'),
  f(
    'DependenceCountNonUniformityNormalized',
    'OKJI',
    'Normalised dependence count non-uniformity',
    'Σ_j (Σ_i P(i, j))² / N_s².',
  ),
  f(
    'DependenceCountPercentage',
    '6XV8',
    'Dependence count percentage',
    'N_s / N_v (1 when every voxel counts).',
  ),
  f('GrayLevelVariance', '1PFV', 'Grey level variance', 'Σ p(i, j)(i − μ)², μ = Σ i·p(i, j).'),
  f('DependenceCountVariance', 'DNX2', 'Dependence count variance', 'Σ p(i, j)(j − μ)², μ = Σ j·p(i, j).'),
  f('DependenceCountEntropy', 'FCBV', 'Dependence count entropy', '−Σ p(i, j) log2(p(i, j) + ε).'),
  f('DependenceCountEnergy', 'CAS9', 'Dependence count energy', 'Σ p(i, j)².'),
];

export const ngldmFamily = defineFamily('ibsi_ngldm', ngldmFeatures, (input, settings) => {
  const voxels = roiVoxelCount(input);
  if (voxels === 0) return [];
  const s = sizeMatrixFeatures(roiDependenceMatrix(input, settings));
  return [
    {
      LowDependenceEmphasis: s.smallEmphasis,
      HighDependenceEmphasis: s.largeEmphasis,
      LowGrayLevelCountEmphasis: s.lowGreyEmphasis,
      HighGrayLevelCountEmphasis: s.highGreyEmphasis,
      LowDependenceLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
      LowDependenceHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
      HighDependenceLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
      HighDependenceHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
      GrayLevelNonUniformity: s.greyNonUniformity,
      GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalised,
      DependenceCountNonUniformity: s.sizeNonUniformity,
      DependenceCountNonUniformityNormalized: s.sizeNonUniformityNormalised,
      DependenceCountPercentage: s.total / voxels,
      GrayLevelVariance: s.greyVariance,
      DependenceCountVariance: s.sizeVariance,
      DependenceCountEntropy: s.entropy,
      DependenceCountEnergy: s.energy,
    },
  ];
});
