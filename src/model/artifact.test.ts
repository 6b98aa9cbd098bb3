import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticFeatureDataset } from '../../test/support/synthetic-features.js';
import { parseParams } from '../radiomics/index.js';
import { formatModelFile, loadModel, parseModelFile, predict } from './artifact.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { runningSettingsHash } from './extraction-settings.js';
import { parseModelsConfig } from './models-config.js';
import { trainStudy } from './training/train-study.js';

const dataset = syntheticFeatureDataset({
  seed: 3,
  featuresPerGroup: 12,
  informativePerGroup: 3,
  effect: 1.2,
});
const config = parseModelsConfig({
  seed: 9,
  forest: { treeCount: 30 },
  importanceRepeats: 1,
  synthetic: true,
  extraction: { setting: { binWidth: 25 } },
  models: [{ name: 'dwi_peri', title: 'DWI peritumoral', sequences: ['dwi'], regions: ['peri'] }],
});
const run = trainStudy(dataset, config, '0.1.0-test');
const artifact = run.artifacts[0]!;
const trained = run.models[0]!;
const defaultsHash = runningSettingsHash(parseParams('', 'defaults'));

const rowOf = (i: number) =>
  Object.fromEntries(
    dataset.features.featureNames.map((name, j) => [name, dataset.features.columns[j]![i]!]),
  );

describe('canonical JSON and SHA-256', () => {
  it('sorts keys at every level and hashes UTF-8 bytes', () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }], u: undefined })).toBe(
      '{"a":[1,{"c":"x","d":2}],"b":1}',
    );
    // FIPS 180-2 example
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('$.x') }),
    );
  });
});

describe('model artifact', () => {
  it('records what prediction and audit need', () => {
    expect(artifact.synthetic).toBe(true);
    expect(artifact.features.map((f) => f.column)).toEqual(trained.selection.selectedFeatures);
    expect(artifact.features.length).toBeGreaterThan(0);
    for (const f of artifact.features) expect(f.trainingMin).toBeLessThanOrEqual(f.trainingMax);
    expect(artifact.threshold).toBe(trained.threshold);
    expect(artifact.training).toMatchObject({
      runSeed: 9,
      cohortSizes: { train: 140, validation: 59, test: 67 },
      softwareVersion: '0.1.0-test',
    });
    expect(artifact.training.trainingPositives).toBe(42);
    expect(artifact.validation.map((v) => v.split)).toEqual(['train', 'validation', 'test']);
    expect(artifact.extraction.settings).toMatchObject({
      setting: { binWidth: 25, interpolator: 'sitkBSpline' },
    });
  });

  it('is identified by the SHA-256 of its canonical JSON, the same on every training', () => {
    const text = formatModelFile(artifact);
    const { id, ...content } = JSON.parse(text) as Record<string, unknown>;
    expect(id).toBe(sha256Hex(canonicalJson(content)));
    expect(formatModelFile(trainStudy(dataset, config, '0.1.0-test').artifacts[0]!)).toBe(text);
  });

  it('round-trips through a file and predicts what training predicted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'her2-model-'));
    const file = path.join(dir, 'model.json');
    writeFileSync(file, formatModelFile(artifact));
    const model = await loadModel(file, defaultsHash);
    expect(model.artifact).toEqual(artifact);
    dataset.patients.forEach((p, i) => {
      if (p.split === 'train') return;
      const prediction = predict(model, rowOf(i));
      expect(prediction.probability).toBe(trained.probabilities[i]);
      expect(prediction.status).toBe(
        trained.probabilities[i]! >= trained.threshold ? 'positive' : 'negative',
      );
      expect(prediction.synthetic).toBe(true);
    });
  });

  it('refuses a model whose extraction settings differ, naming both hashes', () => {
    const json = JSON.parse(formatModelFile(artifact)) as unknown;
    const running = runningSettingsHash(parseParams('setting:\n  binWidth: 10\n', 'params.yaml'));
    expect(() => parseModelFile(json, running)).toThrow(
      expect.objectContaining({
        code: 'model_settings_mismatch',
        message: expect.stringMatching(new RegExp(`${artifact.extraction.settingsHash}.*${running}`)),
      }),
    );
    // The same settings spelled differently (a default written out) are the same settings.
    expect(
      parseModelFile(json, runningSettingsHash(parseParams('setting:\n  label: 1\n', 'p.yaml'))).id,
    ).toBe(JSON.parse(formatModelFile(artifact)).id);
  });

  it('refuses a file changed after training', () => {
    const json = JSON.parse(formatModelFile(artifact)) as { threshold: number };
    json.threshold = 0.01;
    expect(() => parseModelFile(json, defaultsHash)).toThrow(
      expect.objectContaining({ code: 'model_file_tampered' }),
    );
  });

  it('flags values outside the training range and refuses missing features', async () => {
    const model = parseModelFile(JSON.parse(formatModelFile(artifact)), defaultsHash);
    const first = artifact.features[0]!;
    const row = { ...rowOf(150), [first.column]: first.trainingMax + 1 };
    expect(predict(model, row).outOfRange).toEqual([
      {
        feature: first.column,
        value: first.trainingMax + 1,
        trainingMin: first.trainingMin,
        trainingMax: first.trainingMax,
      },
    ]);
    const { [first.column]: _dropped, ...missing } = rowOf(150);
    expect(() => predict(model, missing)).toThrow(
      expect.objectContaining({
        code: 'prediction_feature_missing',
        message: expect.stringContaining(first.column),
      }),
    );
  });
});
