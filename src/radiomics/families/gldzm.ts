import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily, greyLevelCount, roiVoxelCount } from './define-family.js';
import { neighbourOffsets } from './directions.js';
import { gldzmCounts } from './gldzm-matrix.js';
import { sizeMatrixFeatures } from './zone-features.js';

/**
 * IBSI grey level distance zone matrix features (IBSI 3.9; not in PyRadiomics).
 *
 * Symbols: P(i, d) zones of level i (26-connected in 3D, 8 in a slice) at distance d from the ROI
 * edge (smallest taxicab distance of its voxels, edge voxels = 1); N_s = Σ P zones, N_v ROI voxels,
 * p = P / N_s.
 */
const f = (name: string, ibsiCode: string, ibsiName: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName,
  doc,
});

export const gldzmFeatures: readonly FeatureDefinition[] = [
  f('SmallDistanceEmphasis', '0GBI', 'Small distance emphasis', 'Σ P(i, d)/d² / N_s.'),
  f('LargeDistanceEmphasis', 'MB4I', 'Large distance emphasis', 'Σ P(i, d)·d² / N_s.'),
  f('LowGrayLevelZoneEmphasis', 'S1RA', 'Low grey level zone emphasis', 'Σ P(i, d)/i² / N_s.'),
  f('HighGrayLevelZoneEmphasis', 'K26C', 'High grey level zone emphasis', 'Σ P(i, d)·i² / N_s.'),
  f(
    'SmallDistanceLowGrayLevelEmphasis',
    'RUVG',
    'Small distance low grey level emphasis',
    'Σ P/(i²d²) / N_s.',
  ),
  f(
    'SmallDistanceHighGrayLevelEmphasis',
    'DKNJ',
    'Small distance high grey level emphasis',
    'Σ P·i²/d² / N_s.',
  ),
  f(
    'LargeDistanceLowGrayLevelEmphasis',
    'A7WM',
    'Large distance low grey level emphasis',
    'Σ P·d²/i² / N_s.',
  ),
  f(
    'LargeDistanceHighGrayLevelEmphasis',
    'KLTH',
    'Large distance high grey level emphasis',
    'Σ P·i²d² / N_s.',
  ),
  f('GrayLevelNonUniformity', 'VFT7', 'Grey level non-uniformity', 'Σ_i (Σ_d P(i, d))² / N_s.'),
  f(
    'GrayLevelNonUniformityNormalized',
    '7HP3',
    'Normalised grey level non-uniformity',
    'Σ_i (Σ_d P(i, d))² / N_s².',
  ),
  f('ZoneDistanceNonUniformity', 'V294', 'Zone distance non-uniformity', 'Σ_d (Σ_i P(i, d))² / N_s.'),
  f(
    'ZoneDistanceNonUniformityNormalized',
    'IATH',
    'Normalised zone distance non-uniformity',
    'Σ_d (Σ_i P(i, d))² / N_s².',
  ),
  f('ZonePercentage', 'VIWW', 'Zone percentage', 'N_s / N_v.'),
  f('GrayLevelVariance', 'QK93', 'Grey level variance', 'Σ p(i, d)(i − μ)², μ = Σ i·p(i, d).'),
  f('ZoneDistanceVariance', '7WT1', 'Zone distance variance', 'Σ p(i, d)(d − μ)², μ = Σ d·p(i, d).'),
  f('ZoneDistanceEntropy', 'GBDU', 'Zone distance entropy', '−Σ p(i, d) log2(p(i, d) + ε).'),
];

export const gldzmFamily = defineFamily('ibsi_gldzm', gldzmFeatures, (input, settings) => {
  const voxels = roiVoxelCount(input);
  if (voxels === 0) return [];
  const neighbours = neighbourOffsets(input.size, settings, [1]);
  const s = sizeMatrixFeatures(
    gldzmCounts(input.levels, input.size, greyLevelCount(input, settings), neighbours),
  );
  return [
    {
      SmallDistanceEmphasis: s.smallEmphasis,
      LargeDistanceEmphasis: s.largeEmphasis,
      LowGrayLevelZoneEmphasis: s.lowGreyEmphasis,
      HighGrayLevelZoneEmphasis: s.highGreyEmphasis,
      SmallDistanceLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
      SmallDistanceHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
      LargeDistanceLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
      LargeDistanceHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
      GrayLevelNonUniformity: s.greyNonUniformity,
      GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalised,
      ZoneDistanceNonUniformity: s.sizeNonUniformity,
      ZoneDistanceNonUniformityNormalized: s.sizeNonUniformityNormalised,
      ZonePercentage: s.total / voxels,
      GrayLevelVariance: s.greyVariance,
      ZoneDistanceVariance: s.sizeVariance,
      ZoneDistanceEntropy: s.entropy,
    },
  ];
});
