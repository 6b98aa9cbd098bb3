import { describe, expect, it } from 'vitest';
import {
  formatResolvedConfig,
  modelsToFit,
  parseModelsConfig,
  parseModelsConfigYaml,
} from './models-config.js';

describe('models configuration', () => {
  it('defaults to the study protocol: eight models, 500 balanced trees with √p features', () => {
    const config = parseModelsConfig({});
    expect(modelsToFit(config).map((m) => m.name)).toEqual([
      't2_intra',
      't2_peri',
      'dwi_intra',
      'dwi_peri',
      'dce_intra',
      'dce_peri',
      'all_intra',
      'all_peri',
    ]);
    expect(config.forest).toMatchObject({
      treeCount: 500,
      classWeight: 'balanced',
      maxFeatures: 'sqrt',
      bootstrap: true,
    });
    expect(config.selection).toMatchObject({
      univariateTest: 'mann-whitney',
      pThreshold: 0.05,
      lasso: true,
      lambdaChoice: 'lambda.min',
    });
    expect(config.folds).toBe(10);
    expect(config.synthetic).toBe(false);
  });

  it('keeps study forest defaults under a partial forest section and adds the combined model on request', () => {
    const config = parseModelsConfigYaml('forest:\n  treeCount: 50\nincludeCombined: true\n', 'models.yaml');
    expect(config.forest).toMatchObject({ treeCount: 50, classWeight: 'balanced' });
    expect(modelsToFit(config).at(-1)).toMatchObject({ name: 'all_intra_peri', regions: ['intra', 'peri'] });
  });

  it('writes a resolved YAML that parses back to the same configuration', () => {
    const config = parseModelsConfigYaml('seed: 3\nselection:\n  mrmrK: 10\n', 'models.yaml');
    expect(parseModelsConfigYaml(formatResolvedConfig(config), 'resolved.yaml')).toEqual(config);
  });

  it('leaves ComBat harmonisation off unless asked for, with centre 1 as the default reference', () => {
    expect(parseModelsConfigYaml('', 'models.yaml').harmonisation).toBeNull();
    expect(parseModelsConfigYaml('harmonisation: null\n', 'models.yaml').harmonisation).toBeNull();
    const config = parseModelsConfigYaml('harmonisation:\n  method: combat\n', 'models.yaml');
    expect(config.harmonisation).toEqual({ method: 'combat', referenceSite: '1' });
    expect(parseModelsConfigYaml(formatResolvedConfig(config), 'resolved.yaml')).toEqual(config);
    expect(() => parseModelsConfigYaml('harmonisation:\n  method: limma\n', 'models.yaml')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('"harmonisation.method"') }),
    );
  });

  it('names the setting that is wrong', () => {
    expect(() => parseModelsConfigYaml('forest:\n  treeCount: -1\n', 'models.yaml')).toThrow(
      expect.objectContaining({
        code: 'models_config_invalid',
        message: expect.stringContaining('"forest.treeCount"'),
      }),
    );
    expect(() =>
      parseModelsConfigYaml(
        'models:\n  - {name: a, title: A, sequences: [t1], regions: [intra]}\n',
        'm.yaml',
      ),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('"models.0.sequences.0"') }));
    expect(() =>
      parseModelsConfig({
        models: [
          { name: 'a', title: 'A', sequences: ['t2'], regions: ['intra'] },
          { name: 'a', title: 'B', sequences: ['t2'], regions: ['peri'] },
        ],
      }),
    ).toThrow(expect.objectContaining({ message: expect.stringContaining('"a" is used twice') }));
    expect(() => parseModelsConfigYaml('seed: [1', 'bad.yaml')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('bad.yaml: not valid YAML') }),
    );
  });
});
