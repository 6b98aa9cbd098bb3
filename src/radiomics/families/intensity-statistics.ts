import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily } from './define-family.js';
import { centralMoment, mean, meanAbsoluteDeviation, percentile, sortedRoiValues } from './statistics.js';

/**
 * IBSI intensity statistics (IBSI 3.3) that PyRadiomics' `firstorder` lacks; the other fifteen are
 * firstorder features in IBSI mode (excess kurtosis). X the N ROI intensities, μ their mean.
 */
export const intensityStatisticsFeatures: readonly FeatureDefinition[] = [
  {
    name: 'MedianAbsoluteDeviation',
    ibsiCode: 'N72L',
    ibsiName: 'Intensity-based median absolute deviation',
    doc: 'Σ |X − median(X)| / N.',
  },
  {
    name: 'CoefficientOfVariation',
    ibsiCode: '7TET',
    ibsiName: 'Intensity-based coefficient of variation',
    doc: 'σ / μ with σ the population standard deviation.',
  },
  {
    name: 'QuartileCoefficientOfDispersion',
    ibsiCode: '9S40',
    ibsiName: 'Intensity-based quartile coefficient of dispersion',
    doc: '(P75 − P25) / (P75 + P25).',
  },
];

export const intensityStatisticsFamily = defineFamily(
  'ibsi_intensity_statistics',
  intensityStatisticsFeatures,
  (input) => {
    const x = sortedRoiValues(input.image, input.mask);
    if (x.length === 0) return [];
    const mu = mean(x);
    const p25 = percentile(x, 25);
    const p75 = percentile(x, 75);
    return [
      {
        MedianAbsoluteDeviation: meanAbsoluteDeviation(x, percentile(x, 50)),
        CoefficientOfVariation: Math.sqrt(centralMoment(x, mu, 2)) / mu,
        QuartileCoefficientOfDispersion: (p75 - p25) / (p75 + p25),
      },
    ];
  },
  { perSlice: false },
);
