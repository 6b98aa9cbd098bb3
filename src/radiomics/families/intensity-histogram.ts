import type { FeatureDefinition } from '../feature-family.js';
import { defineFamily } from './define-family.js';
import {
  centralMoment,
  kurtosis,
  levelHistogram,
  mean,
  meanAbsoluteDeviation,
  percentile,
  robustMeanAbsoluteDeviation,
  skewness,
  sortedRoiValues,
} from './statistics.js';
import { EPS } from './zone-features.js';

/**
 * IBSI intensity histogram features (IBSI 3.4), on the discretised levels X_d (1..N_g, N_g = bin
 * count): the statistics of the levels, plus mode and histogram gradients. H(i) counts of level i,
 * p = H / N. Gradient H′(i) = H(i+1) − H(i) at i = 1, H(i) − H(i−1) at i = N_g, (H(i+1) − H(i−1))/2
 * between. Kurtosis is excess (IBSI).
 */
const f = (name: string, ibsiCode: string, ibsiName: string, doc: string): FeatureDefinition => ({
  name,
  ibsiCode,
  ibsiName,
  doc,
});

export const intensityHistogramFeatures: readonly FeatureDefinition[] = [
  f('Mean', 'X6K6', 'Mean discretised intensity', 'μ = Σ X_d / N.'),
  f('Variance', 'CH89', 'Discretised intensity variance', 'Σ (X_d − μ)² / N.'),
  f('Skewness', '88K1', 'Discretised intensity skewness', 'm3 / m2^1.5; 0 when m2 = 0.'),
  f('Kurtosis', 'C3I7', '(Excess) discretised intensity kurtosis', 'm4 / m2² − 3; 0 when m2 = 0.'),
  f('Median', 'WIFQ', 'Median discretised intensity', 'P50 of X_d.'),
  f('Minimum', '1PR8', 'Minimum discretised intensity', 'min X_d.'),
  f('10Percentile', 'GPMT', '10th discretised intensity percentile', 'P10 of X_d (linear interpolation).'),
  f('90Percentile', 'OZ0C', '90th discretised intensity percentile', 'P90 of X_d (linear interpolation).'),
  f('Maximum', '3NCY', 'Maximum discretised intensity', 'max X_d.'),
  f('Mode', 'AMMC', 'Intensity histogram mode', 'The most frequent level (the lowest one on ties).'),
  f('InterquartileRange', 'WR0O', 'Discretised intensity interquartile range', 'P75 − P25 of X_d.'),
  f('Range', '5Z3W', 'Discretised intensity range', 'max X_d − min X_d.'),
  f('MeanAbsoluteDeviation', 'D2ZX', 'Intensity histogram mean absolute deviation', 'Σ |X_d − μ| / N.'),
  f(
    'RobustMeanAbsoluteDeviation',
    'WRZB',
    'Intensity histogram robust mean absolute deviation',
    'Mean absolute deviation of the levels between P10 and P90, about their mean.',
  ),
  f(
    'MedianAbsoluteDeviation',
    '4RNL',
    'Intensity histogram median absolute deviation',
    'Σ |X_d − median| / N.',
  ),
  f('CoefficientOfVariation', 'CWYJ', 'Intensity histogram coefficient of variation', 'σ / μ.'),
  f(
    'QuartileCoefficientOfDispersion',
    'SLWD',
    'Intensity histogram quartile coefficient of dispersion',
    '(P75 − P25) / (P75 + P25).',
  ),
  f('Entropy', 'TLU2', 'Discretised intensity entropy', '−Σ p(i) log2(p(i) + ε).'),
  f('Uniformity', 'BJ5W', 'Discretised intensity uniformity', 'Σ p(i)².'),
  f('MaximumGradient', '12CE', 'Maximum histogram gradient', 'max H′(i).'),
  f('MaximumGradientIntensity', '8E6O', 'Maximum histogram gradient intensity', 'The (first) i of max H′.'),
  f('MinimumGradient', 'VQB3', 'Minimum histogram gradient', 'min H′(i).'),
  f('MinimumGradientIntensity', 'RHQZ', 'Minimum histogram gradient intensity', 'The (first) i of min H′.'),
];

export const intensityHistogramFamily = defineFamily(
  'ibsi_intensity_histogram',
  intensityHistogramFeatures,
  (input) => {
    const x = sortedRoiValues(input.levels, input.mask);
    const n = x.length;
    if (n === 0) return [];
    const ng = Math.max(input.binCount, x[n - 1]!);
    const h = levelHistogram(input.levels, ng);
    const mu = mean(x);
    const variance = centralMoment(x, mu, 2);
    let mode = 1;
    let entropy = 0;
    let uniformity = 0;
    for (let i = 1; i <= ng; i++) {
      if (h[i - 1]! > h[mode - 1]!) mode = i;
      const p = h[i - 1]! / n;
      entropy -= p * Math.log2(p + EPS);
      uniformity += p * p;
    }
    const gradient = (i: number): number => {
      if (ng === 1) return 0;
      if (i === 1) return h[1]! - h[0]!;
      if (i === ng) return h[ng - 1]! - h[ng - 2]!;
      return (h[i]! - h[i - 2]!) / 2;
    };
    let maxG = -Infinity;
    let maxGi = 1;
    let minG = Infinity;
    let minGi = 1;
    for (let i = 1; i <= ng; i++) {
      const g = gradient(i);
      if (g > maxG) [maxG, maxGi] = [g, i];
      if (g < minG) [minG, minGi] = [g, i];
    }
    const p25 = percentile(x, 25);
    const p75 = percentile(x, 75);
    const median = percentile(x, 50);
    return [
      {
        Mean: mu,
        Variance: variance,
        Skewness: skewness(x, mu),
        Kurtosis: variance === 0 ? 0 : kurtosis(x, mu) - 3,
        Median: median,
        Minimum: x[0]!,
        '10Percentile': percentile(x, 10),
        '90Percentile': percentile(x, 90),
        Maximum: x[n - 1]!,
        Mode: mode,
        InterquartileRange: p75 - p25,
        Range: x[n - 1]! - x[0]!,
        MeanAbsoluteDeviation: meanAbsoluteDeviation(x, mu),
        RobustMeanAbsoluteDeviation: robustMeanAbsoluteDeviation(x),
        MedianAbsoluteDeviation: meanAbsoluteDeviation(x, median),
        CoefficientOfVariation: Math.sqrt(variance) / mu,
        QuartileCoefficientOfDispersion: (p75 - p25) / (p75 + p25),
        Entropy: entropy,
        Uniformity: uniformity,
        MaximumGradient: maxG,
        MaximumGradientIntensity: maxGi,
        MinimumGradient: minG,
        MinimumGradientIntensity: minGi,
      },
    ];
  },
  { perSlice: false },
);
