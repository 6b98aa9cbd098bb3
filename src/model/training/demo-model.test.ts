import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseParams } from '../../radiomics/index.js';
import { loadModel } from '../artifact.js';
import { runningSettingsHash } from '../extraction-settings.js';

// The committed demo model (models/demo-model.json) must have been trained with the product's
// extraction settings; the queue worker loads it by default and would refuse it otherwise.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const modelFile = path.join(root, 'models/demo-model.json');
const settingsFile = path.join(root, 'config/extraction.yaml');
const REGENERATE = 'extraction settings changed: regenerate the demo model with `npm run demo-model`';

describe('models/demo-model.json', () => {
  const running = runningSettingsHash(parseParams(readFileSync(settingsFile, 'utf8'), 'extraction.yaml'));
  const stored = JSON.parse(readFileSync(modelFile, 'utf8')) as { extraction: { settingsHash: string } };

  it('was trained with config/extraction.yaml', () => {
    expect(stored.extraction.settingsHash, REGENERATE).toBe(running);
  });

  it('loads with loadModel, is the all-sequence peritumoral model and says it is a synthetic demo', async () => {
    const model = await loadModel(modelFile, running);
    expect(model.artifact.name).toBe('all_peri');
    expect(model.artifact.synthetic).toBe(true);
    expect(model.artifact.title).toContain('SYNTHETIC DEMO — not for clinical use');
    expect(model.artifact.intendedUse).toContain('SYNTHETIC DEMO — not for clinical use');
    expect(model.artifact.features.every((f) => f.region === 'peri')).toBe(true);
    expect(statSync(modelFile).size).toBeLessThan(1024 * 1024);
  });
});
