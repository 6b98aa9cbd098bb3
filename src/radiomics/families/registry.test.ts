import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIbsiReferenceCsv } from '../ibsi/reference-values.js';
import { ibsiFamilies, localIntensityFamily, textureFamilies } from './index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const csv = path.join(path.resolve(repoRoot, '../shared'), 'reference/ibsi1/reference_values.csv');
const ibsiCodes = new Set(parseIbsiReferenceCsv(readFileSync(csv, 'utf8')).map((row) => row.ibsiCode));

// PyRadiomics 3.x class contents, from shared/design/pyradiomics-conventions.md († = deprecated).
const PYRADIOMICS: Record<string, string> = {
  firstorder:
    'Energy TotalEnergy Entropy Minimum 10Percentile 90Percentile Maximum Mean Median InterquartileRange Range MeanAbsoluteDeviation RobustMeanAbsoluteDeviation RootMeanSquared StandardDeviation† Skewness Kurtosis Variance Uniformity',
  glcm: 'Autocorrelation JointAverage ClusterProminence ClusterShade ClusterTendency Contrast Correlation DifferenceAverage DifferenceEntropy DifferenceVariance Dissimilarity† JointEnergy JointEntropy Homogeneity1† Homogeneity2† Imc1 Imc2 Idm MCC Idmn Id Idn InverseVariance MaximumProbability SumAverage SumVariance† SumEntropy SumSquares',
  glrlm:
    'ShortRunEmphasis LongRunEmphasis GrayLevelNonUniformity GrayLevelNonUniformityNormalized RunLengthNonUniformity RunLengthNonUniformityNormalized RunPercentage GrayLevelVariance RunVariance RunEntropy LowGrayLevelRunEmphasis HighGrayLevelRunEmphasis ShortRunLowGrayLevelEmphasis ShortRunHighGrayLevelEmphasis LongRunLowGrayLevelEmphasis LongRunHighGrayLevelEmphasis',
  glszm:
    'SmallAreaEmphasis LargeAreaEmphasis GrayLevelNonUniformity GrayLevelNonUniformityNormalized SizeZoneNonUniformity SizeZoneNonUniformityNormalized ZonePercentage GrayLevelVariance ZoneVariance ZoneEntropy LowGrayLevelZoneEmphasis HighGrayLevelZoneEmphasis SmallAreaLowGrayLevelEmphasis SmallAreaHighGrayLevelEmphasis LargeAreaLowGrayLevelEmphasis LargeAreaHighGrayLevelEmphasis',
  gldm: 'SmallDependenceEmphasis LargeDependenceEmphasis GrayLevelNonUniformity GrayLevelNonUniformityNormalized† DependenceNonUniformity DependenceNonUniformityNormalized GrayLevelVariance DependenceVariance DependenceEntropy DependencePercentage† LowGrayLevelEmphasis HighGrayLevelEmphasis SmallDependenceLowGrayLevelEmphasis SmallDependenceHighGrayLevelEmphasis LargeDependenceLowGrayLevelEmphasis LargeDependenceHighGrayLevelEmphasis',
  ngtdm: 'Coarseness Contrast Busyness Complexity Strength',
};

const allFamilies = [...textureFamilies, ...ibsiFamilies, localIntensityFamily];

describe('feature registry', () => {
  it('has exactly PyRadiomics 3 names, order and deprecations in each PyRadiomics class', () => {
    for (const family of textureFamilies) {
      const expected = PYRADIOMICS[family.name]!.split(' ');
      expect(
        family.features.map((f) => f.name + (f.deprecated ? '†' : '')),
        family.name,
      ).toEqual(expected);
    }
  });

  for (const family of allFamilies) {
    it(`${family.name}: every feature has a doc and a valid IBSI code or a reason for none`, () => {
      const names = new Set<string>();
      for (const feature of family.features) {
        expect(names.has(feature.name), `${family.name}.${feature.name} registered twice`).toBe(false);
        names.add(feature.name);
        expect(feature.doc.trim().length, `${family.name}.${feature.name} doc`).toBeGreaterThan(5);
        if (feature.ibsiCode === null) {
          expect(feature.noIbsiCodeReason?.trim(), `${family.name}.${feature.name} reason`).toBeTruthy();
        } else {
          expect(ibsiCodes.has(feature.ibsiCode), `${family.name}.${feature.name}: ${feature.ibsiCode}`).toBe(
            true,
          );
          expect(feature.ibsiName, `${family.name}.${feature.name} IBSI name`).toBeTruthy();
        }
      }
    });
  }
});
