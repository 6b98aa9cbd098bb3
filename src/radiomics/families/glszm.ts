import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily, greyLevelCount, roiVoxelCount } from './define-family.js';
import { neighbourOffsets } from './directions.js';
import { type SizeMatrixFeatures, sizeMatrixFeatures } from './zone-features.js';
import { findZones, zoneMatrix } from './zones.js';

/**
 * Grey level size zone matrix features (PyRadiomics `glszm`, IBSI 3.8).
 *
 * Symbols: P(i, j) zones of level i with j voxels, zones 26-connected in 3D and 8-connected in a slice
 * with force2D (all slices pooled: IBSI "2.5D"; `sliceAggregation: 'averaged'`: IBSI "2D");
 * N_z = Σ P zones, N_p ROI voxels, p = P / N_z.
 */
const f = (name: string, ibsiCode: string, ibsiName: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName,
  doc,
});

export const glszmFeatures: readonly FeatureDefinition[] = [
  f('SmallAreaEmphasis', '5QRC', 'Small zone emphasis', 'Σ P(i, j)/j² / N_z.'),
  f('LargeAreaEmphasis', '48P8', 'Large zone emphasis', 'Σ P(i, j)·j² / N_z.'),
  f('GrayLevelNonUniformity', 'JNSA', 'Grey level non-uniformity', 'Σ_i (Σ_j P(i, j))² / N_z.'),
  f(
    'GrayLevelNonUniformityNormalized',
    'Y1RO',
    'Normalised grey level non-uniformity',
    'Σ_i (Σ_j P(i, j))² / N_z².',
  ),
  f('SizeZoneNonUniformity', '4JP3', 'Zone size non-uniformity', 'Σ_j (Σ_i P(i, j))² / N_z.'),
  f(
    'SizeZoneNonUniformityNormalized',
    'VB3A',
    'Normalised zone size non-uniformity',
    'Σ_j (Σ_i P(i, j))² / N_z².',
  ),
  f('ZonePercentage', 'P30P', 'Zone percentage', 'N_z / N_p.'),
  f('GrayLevelVariance', 'BYLV', 'Grey level variance', 'Σ p(i, j)(i − μ)², μ = Σ i·p(i, j).'),
  f('ZoneVariance', '3NSA', 'Zone size variance', 'Σ p(i, j)(j − μ)², μ = Σ j·p(i, j).'),
  f('ZoneEntropy', 'GU8N', 'Zone size entropy', '−Σ p(i, j) log2(p(i, j) + ε).'),
  f('LowGrayLevelZoneEmphasis', 'XMSY', 'Low grey level zone emphasis', 'Σ P(i, j)/i² / N_z.'),
  f('HighGrayLevelZoneEmphasis', '5GN9', 'High grey level zone emphasis', 'Σ P(i, j)·i² / N_z.'),
  f('SmallAreaLowGrayLevelEmphasis', '5RAI', 'Small zone low grey level emphasis', 'Σ P(i, j)/(i²j²) / N_z.'),
  f(
    'SmallAreaHighGrayLevelEmphasis',
    'HW1V',
    'Small zone high grey level emphasis',
    'Σ P(i, j)·i²/j² / N_z.',
  ),
  f('LargeAreaLowGrayLevelEmphasis', 'YH51', 'Large zone low grey level emphasis', 'Σ P(i, j)·j²/i² / N_z.'),
  f('LargeAreaHighGrayLevelEmphasis', 'J17V', 'Large zone high grey level emphasis', 'Σ P(i, j)·i²j² / N_z.'),
];

/** Zone-matrix features under GLSZM names; `voxels` = N_p. */
export function glszmFeatureValues(s: SizeMatrixFeatures, voxels: number): Record<string, number> {
  return {
    SmallAreaEmphasis: s.smallEmphasis,
    LargeAreaEmphasis: s.largeEmphasis,
    GrayLevelNonUniformity: s.greyNonUniformity,
    GrayLevelNonUniformityNormalized: s.greyNonUniformityNormalised,
    SizeZoneNonUniformity: s.sizeNonUniformity,
    SizeZoneNonUniformityNormalized: s.sizeNonUniformityNormalised,
    ZonePercentage: s.total / voxels,
    GrayLevelVariance: s.greyVariance,
    ZoneVariance: s.sizeVariance,
    ZoneEntropy: s.entropy,
    LowGrayLevelZoneEmphasis: s.lowGreyEmphasis,
    HighGrayLevelZoneEmphasis: s.highGreyEmphasis,
    SmallAreaLowGrayLevelEmphasis: s.smallLowGreyEmphasis,
    SmallAreaHighGrayLevelEmphasis: s.smallHighGreyEmphasis,
    LargeAreaLowGrayLevelEmphasis: s.largeLowGreyEmphasis,
    LargeAreaHighGrayLevelEmphasis: s.largeHighGreyEmphasis,
  };
}

export const glszmFamily = defineFamily('glszm', glszmFeatures, (input, settings) => {
  const voxels = roiVoxelCount(input);
  if (voxels === 0) return [];
  const zones = findZones(input.levels, input.size, neighbourOffsets(input.size, settings, [1]));
  const matrix = zoneMatrix(zones.level, zones.size, greyLevelCount(input, settings));
  return [glszmFeatureValues(sizeMatrixFeatures(matrix), voxels)];
});
