import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildMask, type MaskRecipe } from '../../../test/fixtures/pyradiomics-shape/masks.js';
import { meshDiameters, meshExtract, padMask } from './index.js';

interface ReferenceCase {
  readonly recipe: MaskRecipe;
  readonly surfaceArea: number;
  readonly meshVolume: number;
  readonly max3D: number;
  readonly sliceZ: number;
  readonly columnY: number;
  readonly rowX: number;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reference = JSON.parse(
  readFileSync(path.join(repoRoot, 'test/fixtures/pyradiomics-shape/reference.json'), 'utf8'),
) as { spacing: [number, number, number]; cases: ReferenceCase[] };

/**
 * PyRadiomics' numbers come from its own C code (see test/fixtures/pyradiomics-shape/README.md). Sums over thousands of
 * triangles in a different order agree to rounding; a different triangulation of any case
 * would show as ≥ 1e-4 relative (one seven-vertex loop changes the area by 0.022 face units).
 */
const REL = 1e-12;

describe('mesh measures equal PyRadiomics cshape.c on seeded masks', () => {
  it('has the reference cases', () => {
    expect(reference.cases.length).toBe(25);
  });

  for (const [i, ref] of reference.cases.entries()) {
    it(`case ${i}: ${ref.recipe.kind} ${ref.recipe.size.join('×')}`, () => {
      const padded = padMask(buildMask(ref.recipe), ref.recipe.size);
      const mesh = meshExtract(padded.mask, padded.size, reference.spacing);
      const d = meshDiameters(mesh.vertices2, reference.spacing);
      expect(Math.abs(mesh.surfaceArea / ref.surfaceArea - 1)).toBeLessThan(REL);
      expect(Math.abs(mesh.volume / ref.meshVolume - 1)).toBeLessThan(REL);
      expect(Math.abs(d.max3D / ref.max3D - 1)).toBeLessThan(REL);
      expect(Math.abs(d.sliceZ / ref.sliceZ - 1)).toBeLessThan(REL);
      expect(Math.abs(d.columnY / ref.columnY - 1)).toBeLessThan(REL);
      expect(Math.abs(d.rowX / ref.rowX - 1)).toBeLessThan(REL);
    });
  }
});
