import { bench, describe } from 'vitest';
import type { RoiInput } from '../feature-family.js';
import { ibsiFamilies, textureFamilies } from './index.js';
import { textureSettings } from './texture-settings.js';

/**
 * Speed of the families on a 100k-voxel ROI (a ball of radius 28.8 in a 64³ crop, 32 grey levels
 * from a fixed linear congruential sequence, so every run sees the same data). Run with
 * `npx vitest bench --run src/radiomics/families/texture.bench.ts`. Target for the whole engine:
 * < 0.5 s per ROI with all classes, single-threaded.
 */
function benchmarkRoi(): RoiInput {
  const n = 64;
  const image = new Float64Array(n ** 3);
  const mask = new Uint8Array(n ** 3);
  const levels = new Int32Array(n ** 3);
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let z = 0; z < n; z++) {
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        if ((x - 31.5) ** 2 + (y - 31.5) ** 2 + (z - 31.5) ** 2 > 28.8 ** 2) continue;
        const k = x + n * (y + n * z);
        const value = Math.floor(next() * 8) + Math.floor((x + y) / 8);
        mask[k] = 1;
        image[k] = value;
        levels[k] = 1 + Math.min(31, value);
      }
    }
  }
  return { size: [n, n, n], spacing: [1, 1, 1], image, mask, levels, binCount: 32 };
}

const roi = benchmarkRoi();
const settings = textureSettings();
const ibsiSettings = textureSettings({ mode: 'ibsi' });
const enabled = (family: (typeof textureFamilies)[number]) =>
  family.features.filter((f) => !f.deprecated).map((f) => f.name);

describe('texture families, 100k-voxel ROI', () => {
  bench('all PyRadiomics classes (firstorder + 5 texture)', () => {
    for (const family of textureFamilies) family.compute(roi, settings, enabled(family));
  });
  for (const family of textureFamilies) {
    bench(family.name, () => {
      family.compute(roi, settings, enabled(family));
    });
  }
  bench('IBSI-only families (ROI crop)', () => {
    for (const family of ibsiFamilies) family.compute(roi, ibsiSettings, enabled(family));
  });
});
