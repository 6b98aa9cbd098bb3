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
 * First order features (PyRadiomics `firstorder`, IBSI 3.3 intensity statistics and 3.4 histogram).
 *
 * Symbols: X the N ROI intensities before discretisation, c = voxelArrayShift, μ mean, m_k central
 * moments (/N); P(i) the histogram of the discretised levels, p = P / N. Entropy and Uniformity use
 * the discretised levels (IBSI intensity histogram); everything else the raw intensities.
 */
const f = (
  name: string,
  ibsiCode: string | null,
  ibsiName: string | undefined,
  doc: string,
  extra: Partial<FeatureDefinition> = {},
): FeatureDefinition => ({ name, ibsiCode, ...(ibsiName ? { ibsiName } : {}), doc, ...extra });

export const firstorderFeatures: readonly FeatureDefinition[] = [
  f('Energy', 'N8CA', 'Intensity-based energy', 'Σ (X + c)². IBSI has no shift c.'),
  f('TotalEnergy', null, undefined, 'Σ (X + c)² × voxel volume (product of the spacing).', {
    noIbsiCodeReason: 'PyRadiomics-only: energy scaled by the voxel volume.',
  }),
  f(
    'Entropy',
    'TLU2',
    'Discretised intensity entropy',
    '−Σ_i p(i) log2(p(i) + ε) over the discretised levels.',
  ),
  f('Minimum', '1GSF', 'Minimum intensity', 'min X.'),
  f('10Percentile', 'QG58', '10th intensity percentile', 'P10 of X (linear interpolation, numpy).'),
  f('90Percentile', '8DWT', '90th intensity percentile', 'P90 of X (linear interpolation, numpy).'),
  f('Maximum', '84IY', 'Maximum intensity', 'max X.'),
  f('Mean', 'Q4LE', 'Mean intensity', 'μ = Σ X / N.'),
  f('Median', 'Y12H', 'Median intensity', 'P50 of X.'),
  f('InterquartileRange', 'SALO', 'Intensity interquartile range', 'P75 − P25 of X.'),
  f('Range', '2OJQ', 'Intensity range', 'max X − min X.'),
  f('MeanAbsoluteDeviation', '4FUA', 'Intensity-based mean absolute deviation', 'Σ |X − μ| / N.'),
  f(
    'RobustMeanAbsoluteDeviation',
    '1128',
    'Intensity-based robust mean absolute deviation',
    'Mean |x − μ_10-90| over the x with P10 ≤ x ≤ P90, μ_10-90 their mean.',
  ),
  f('RootMeanSquared', '5ZWQ', 'Root mean square intensity', '√(Σ (X + c)² / N). IBSI has no shift c.'),
  f('StandardDeviation', null, undefined, '√m2 (population).', {
    deprecated: true,
    noIbsiCodeReason: 'IBSI defines the variance only; the standard deviation is its square root.',
  }),
  f('Skewness', 'KE2A', 'Intensity skewness', 'm3 / m2^1.5; 0 when m2 = 0.'),
  f(
    'Kurtosis',
    'IPH6',
    '(Excess) intensity kurtosis',
    'm4 / m2² in PyRadiomics mode (= IBSI + 3); m4 / m2² − 3 (excess, IBSI) in IBSI mode; 0 when m2 = 0.',
  ),
  f('Variance', 'ECT3', 'Intensity variance', 'm2 = Σ (X − μ)² / N.'),
  f('Uniformity', 'BJ5W', 'Discretised intensity uniformity', 'Σ_i p(i)² over the discretised levels.'),
];

export const firstorderFamily = defineFamily(
  'firstorder',
  firstorderFeatures,
  (input, settings) => {
    const x = sortedRoiValues(input.image, input.mask);
    const n = x.length;
    if (n === 0) return [];
    const c = settings.voxelArrayShift;
    const mu = mean(x);
    let energy = 0;
    for (let k = 0; k < n; k++) energy += (x[k]! + c) ** 2;
    let maxLevel = 0;
    for (let k = 0; k < input.levels.length; k++) maxLevel = Math.max(maxLevel, input.levels[k]!);
    const histogram = levelHistogram(input.levels, maxLevel);
    let entropy = 0;
    let uniformity = 0;
    for (const count of histogram) {
      const p = count / n;
      entropy -= p * Math.log2(p + EPS);
      uniformity += p * p;
    }
    const variance = centralMoment(x, mu, 2);
    const k = kurtosis(x, mu);
    return [
      {
        Energy: energy,
        TotalEnergy: energy * input.spacing[0] * input.spacing[1] * input.spacing[2],
        Entropy: entropy,
        Minimum: x[0]!,
        '10Percentile': percentile(x, 10),
        '90Percentile': percentile(x, 90),
        Maximum: x[n - 1]!,
        Mean: mu,
        Median: percentile(x, 50),
        InterquartileRange: percentile(x, 75) - percentile(x, 25),
        Range: x[n - 1]! - x[0]!,
        MeanAbsoluteDeviation: meanAbsoluteDeviation(x, mu),
        RobustMeanAbsoluteDeviation: robustMeanAbsoluteDeviation(x),
        RootMeanSquared: Math.sqrt(energy / n),
        StandardDeviation: Math.sqrt(variance),
        Skewness: skewness(x, mu),
        Kurtosis: settings.mode === 'ibsi' && variance !== 0 ? k - 3 : k,
        Variance: variance,
        Uniformity: uniformity,
      },
    ];
  },
  { perSlice: false },
);
