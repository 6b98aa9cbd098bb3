import { describe, expect, it } from 'vitest';
import { featureFamilies } from './registry.js';
import { FEATURE_CLASSES } from './settings.js';

// Guards the wiring of the families into the product (the list is filled when the families merge).
describe('feature family registry', () => {
  it('registers each PyRadiomics class at most once, under its PyRadiomics name', () => {
    const names = featureFamilies.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(FEATURE_CLASSES).toContain(name);
  });

  it('documents every feature with an IBSI code or the reason it has none', () => {
    for (const family of featureFamilies) {
      const features = family.features.map((f) => f.name);
      expect(new Set(features).size, `${family.name}: duplicate feature names`).toBe(features.length);
      for (const f of family.features) {
        expect(f.doc.trim().length, `${family.name}.${f.name}: doc`).toBeGreaterThan(0);
        expect(
          f.ibsiCode !== null || (f.noIbsiCodeReason ?? '').trim().length > 0,
          `${family.name}.${f.name}`,
        ).toBe(true);
      }
    }
  });
});
