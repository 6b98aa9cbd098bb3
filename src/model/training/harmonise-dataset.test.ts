import { describe, expect, it } from 'vitest';
import { syntheticFeatureDataset } from '../../../test/support/synthetic-features.js';
import { parseParams } from '../../radiomics/index.js';
import { formatModelFile, parseModelFile, predict } from '../artifact.js';
import { runningSettingsHash } from '../extraction-settings.js';
import type { FeatureDataset } from '../feature-table-csv.js';
import { parseModelsConfig } from '../models-config.js';
import { harmoniseDataset } from './harmonise-dataset.js';
import { trainStudy } from './train-study.js';

// Centre 2 (the external test rows) measured with a scanner that shifts and stretches every feature.
const base = syntheticFeatureDataset({ seed: 4, featuresPerGroup: 10, informativePerGroup: 3, effect: 1.2 });
const dataset: FeatureDataset = {
  ...base,
  features: {
    ...base.features,
    columns: base.features.columns.map((column, j) =>
      Float64Array.from(column, (v, i) => (base.patients[i]!.centre === '2' ? 1.6 * v + 2 + 0.1 * j : v)),
    ),
  },
};
const model = {
  name: 'all_peri',
  title: 'All sequences peritumoral',
  sequences: ['t2', 'dwi', 'dce'],
  regions: ['peri'],
};
const common = { seed: 7, forest: { treeCount: 30 }, importanceRepeats: 1, models: [model] };
const harmonised = trainStudy(
  dataset,
  parseModelsConfig({ ...common, harmonisation: { method: 'combat', referenceSite: '1' } }),
  'test',
);
const settingsHash = runningSettingsHash(parseParams('', 'defaults'));
const rowOf = (i: number) =>
  Object.fromEntries(
    dataset.features.featureNames.map((name, j) => [name, dataset.features.columns[j]![i]!]),
  );

describe('harmonisation in training', () => {
  it('is off by default: no parameters, and the model file has no harmonisation field', () => {
    const config = parseModelsConfig({ ...common, models: [{ ...model, regions: ['intra'], name: 'x' }] });
    expect(config.harmonisation).toBeNull();
    const run = trainStudy(dataset, config, 'test');
    expect(run.harmonisation).toBeNull();
    expect('harmonisation' in run.artifacts[0]!).toBe(false);
    expect(formatModelFile(run.artifacts[0]!)).not.toContain('harmonisation');
  });

  it('is label-free: the fit does not change when every label is flipped', () => {
    const config = parseModelsConfig({ harmonisation: { method: 'combat' } });
    const flipped = {
      ...dataset,
      patients: dataset.patients.map((p) => ({ ...p, label: (1 - p.label) as 0 | 1 })),
    };
    expect(harmoniseDataset(flipped, config).harmonisation).toEqual(
      harmoniseDataset(dataset, config).harmonisation,
    );
  });

  it('maps the external centre onto centre 1 before selection', () => {
    const { dataset: out } = harmoniseDataset(
      dataset,
      parseModelsConfig({ harmonisation: { method: 'combat' } }),
    );
    const meanOf = (column: Float64Array, centre: string) => {
      const values = [...column].filter((_, i) => dataset.patients[i]!.centre === centre);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    for (let j = 0; j < 5; j++) {
      const before = meanOf(dataset.features.columns[j]!, '2') - meanOf(dataset.features.columns[j]!, '1');
      const after = meanOf(out.features.columns[j]!, '2') - meanOf(out.features.columns[j]!, '1');
      expect(Math.abs(after)).toBeLessThan(0.2 * Math.abs(before));
    }
  });

  it('round-trips a harmonised model through its file and predicts raw rows as training scored them', () => {
    const artifact = harmonised.artifacts[0]!;
    expect(artifact.harmonisation?.referenceSite).toBe('1');
    expect(artifact.harmonisation?.sites).toEqual(['1', '2']);
    expect(artifact.harmonisation?.features.map((f) => f.feature)).toEqual(
      artifact.features.map((f) => f.column),
    );
    const loaded = parseModelFile(JSON.parse(formatModelFile(artifact)), settingsHash);
    expect(loaded.artifact).toEqual(artifact);
    const trained = harmonised.models[0]!;
    let checked = 0;
    dataset.patients.forEach((p, i) => {
      if (p.split === 'train') return; // training rows were scored out of bag
      const prediction = predict(loaded, rowOf(i), { site: p.centre });
      expect(prediction.probability).toBeCloseTo(trained.probabilities[i]!, 12);
      checked++;
    });
    expect(checked).toBeGreaterThan(100);
  });

  it('refuses to predict without a centre or for a centre it has not seen', () => {
    const loaded = parseModelFile(JSON.parse(formatModelFile(harmonised.artifacts[0]!)), settingsHash);
    expect(() => predict(loaded, rowOf(0))).toThrowError(
      expect.objectContaining({
        code: 'prediction_site_missing',
        message: expect.stringContaining('centre'),
      }),
    );
    expect(() => predict(loaded, rowOf(0), { site: '3' })).toThrowError(
      expect.objectContaining({
        code: 'harmonisation_site_unknown',
        message: expect.stringContaining('"3"'),
      }),
    );
  });

  it('refuses a model file whose harmonisation does not list its features', () => {
    const artifact = harmonised.artifacts[0]!;
    const broken = {
      ...artifact,
      harmonisation: { ...artifact.harmonisation!, features: artifact.harmonisation!.features.slice(1) },
    };
    expect(() => parseModelFile(JSON.parse(formatModelFile(broken)), settingsHash)).toThrowError(
      expect.objectContaining({
        code: 'model_file_invalid',
        message: expect.stringContaining('harmonisation'),
      }),
    );
  });
});
