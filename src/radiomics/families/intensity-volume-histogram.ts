import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily } from './define-family.js';
import { levelHistogram } from './statistics.js';

/**
 * IBSI intensity-volume histogram features (IBSI 3.5), on the discretised levels i = 1..N_g
 * (N_g = bin count, interval w = 1). ν(i) = fraction of ROI voxels with level ≥ i;
 * γ(i) = (i − 1) / (N_g − 1) the intensity fraction. V_x = ν at the smallest i with γ(i) ≥ x;
 * I_x = the smallest i with ν(i) ≤ x. Deviation: intensities are the levels, not mapped back to the
 * original intensity of each bin (IBSI does so for calibrated units such as CT).
 */
export const intensityVolumeHistogramFeatures: readonly FeatureDefinition[] = [
  {
    name: 'VolumeAtIntensityFraction10',
    ibsiCode: 'BC2M',
    ibsiName: 'Volume fraction at 10% intensity',
    doc: 'V_10 = ν(i) at the smallest i with γ(i) ≥ 0.10.',
  },
  {
    name: 'VolumeAtIntensityFraction90',
    ibsiCode: 'BC2M',
    ibsiName: 'Volume fraction at 90% intensity',
    doc: 'V_90 = ν(i) at the smallest i with γ(i) ≥ 0.90.',
  },
  {
    name: 'IntensityAtVolumeFraction10',
    ibsiCode: 'GBPN',
    ibsiName: 'Intensity at 10% volume',
    doc: 'I_10 = the smallest i with ν(i) ≤ 0.10.',
  },
  {
    name: 'IntensityAtVolumeFraction90',
    ibsiCode: 'GBPN',
    ibsiName: 'Intensity at 90% volume',
    doc: 'I_90 = the smallest i with ν(i) ≤ 0.90.',
  },
  {
    name: 'VolumeFractionDifference',
    ibsiCode: 'DDTU',
    ibsiName: 'Volume fraction difference between 10% and 90% intensity',
    doc: 'V_10 − V_90.',
  },
  {
    name: 'IntensityFractionDifference',
    ibsiCode: 'CNV2',
    ibsiName: 'Intensity difference between 10% and 90% volume',
    doc: 'I_10 − I_90.',
  },
];

export const intensityVolumeHistogramFamily = defineFamily(
  'ibsi_intensity_volume_histogram',
  intensityVolumeHistogramFeatures,
  (input) => {
    let maxLevel = 0;
    for (let k = 0; k < input.levels.length; k++) maxLevel = Math.max(maxLevel, input.levels[k]!);
    if (maxLevel === 0) return [];
    const ng = Math.max(input.binCount, maxLevel);
    const h = levelHistogram(input.levels, ng);
    const n = h.reduce((s, v) => s + v, 0);
    // nu[i − 1] = fraction of voxels with level ≥ i.
    const nu = new Float64Array(ng);
    let above = 0;
    for (let i = ng; i >= 1; i--) {
      above += h[i - 1]!;
      nu[i - 1] = above / n;
    }
    const gamma = (i: number) => (ng === 1 ? 1 : (i - 1) / (ng - 1));
    const volumeAt = (x: number): number => {
      for (let i = 1; i <= ng; i++) if (gamma(i) >= x) return nu[i - 1]!;
      return 0;
    };
    const intensityAt = (x: number): number => {
      for (let i = 1; i <= ng; i++) if (nu[i - 1]! <= x) return i;
      return ng + 1;
    };
    const v10 = volumeAt(0.1);
    const v90 = volumeAt(0.9);
    const i10 = intensityAt(0.1);
    const i90 = intensityAt(0.9);
    return [
      {
        VolumeAtIntensityFraction10: v10,
        VolumeAtIntensityFraction90: v90,
        IntensityAtVolumeFraction10: i10,
        IntensityAtVolumeFraction90: i90,
        VolumeFractionDifference: v10 - v90,
        IntensityFractionDifference: i10 - i90,
      },
    ];
  },
  { perSlice: false },
);
