import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FeatureTable } from '../selection/index.js';
import { applyCombat, applyCombatToTable, fitCombat, selectCombatFeatures } from './index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/** Written by test/fixtures/r-combat/generate.R with sva::ComBat (ref.batch = "1", mod = NULL). */
interface CombatCase {
  name: string;
  referenceSite: string;
  sites: string[];
  data: number[][];
  harmonised: number[][];
}
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'test/fixtures/r-combat/combat.json'), 'utf8'),
) as { conv: number; cases: CombatCase[] };

const names = (count: number) => Array.from({ length: count }, (_, g) => `f${g}`);

function tableOf(rows: readonly number[][]): FeatureTable {
  const featureCount = rows[0]!.length;
  return {
    featureNames: names(featureCount),
    columns: names(featureCount).map((_, g) => Float64Array.from(rows, (r) => r[g]!)),
    rowCount: rows.length,
  };
}

function maxRelativeError(actual: FeatureTable, expected: readonly number[][]): number {
  let worst = 0;
  expected.forEach((row, i) => {
    row.forEach((e, g) => {
      const a = actual.columns[g]![i]!;
      worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e)));
    });
  });
  return worst;
}

describe('fitCombat / applyCombat against sva::ComBat', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: every harmonised value within 1e-6 of R`, () => {
      const table = tableOf(c.data);
      const params = fitCombat(table, c.sites, c.referenceSite, { tolerance: fixture.conv });
      expect(maxRelativeError(applyCombatToTable(params, table, c.sites), c.harmonised)).toBeLessThan(1e-6);
      // Row by row gives the same as the table path.
      c.data.forEach((row, i) => {
        const input = Object.fromEntries(row.map((v, g) => [`f${g}`, v]));
        const out = applyCombat(params, input, c.sites[i]!);
        row.forEach((_, g) => {
          expect(out[`f${g}`]).toBeCloseTo(c.harmonised[i]![g]!, 6);
        });
      });
    });
  }

  it('leaves a feature constant within a site unadjusted everywhere (as sva does)', () => {
    const c = fixture.cases[0]!;
    const params = fitCombat(tableOf(c.data), c.sites, c.referenceSite);
    const last = params.features.at(-1)!;
    expect(last.adjusted).toBe(false);
    expect(params.features.slice(0, -1).every((f) => f.adjusted)).toBe(true);
    c.data.forEach((row, i) => {
      expect(c.harmonised[i]!.at(-1)).toBe(row.at(-1));
    });
  });

  it('keeps reference rows unchanged and moves the other sites onto the reference mean', () => {
    const c = fixture.cases[1]!;
    const table = tableOf(c.data);
    const params = fitCombat(table, c.sites, c.referenceSite);
    const out = applyCombatToTable(params, table, c.sites);
    c.sites.forEach((s, i) => {
      if (s === '1') expect(out.columns[0]![i]).toBe(table.columns[0]![i]);
    });
    const siteMean = (column: Float64Array, site: string) => {
      const values = [...column].filter((_, i) => c.sites[i] === site);
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    for (let g = 0; g < table.featureNames.length; g++) {
      const sd = params.features[g]!.referenceSd;
      const before = Math.abs(siteMean(table.columns[g]!, '2') - siteMean(table.columns[g]!, '1'));
      const after = Math.abs(siteMean(out.columns[g]!, '2') - siteMean(out.columns[g]!, '1'));
      // Shrinkage keeps a little of the shift, but far less than the raw difference.
      expect(after).toBeLessThan(Math.max(0.5 * before, 0.05 * sd));
    }
  });

  it('iterated to convergence (1e-13) it still agrees with R to 1e-6; R stops at conv = 1e-4', () => {
    for (const c of fixture.cases) {
      const table = tableOf(c.data);
      const tight = fitCombat(table, c.sites, '1', { tolerance: 1e-13 });
      expect(maxRelativeError(applyCombatToTable(tight, table, c.sites), c.harmonised)).toBeLessThan(1e-6);
      // Deterministic: a second fit gives the same parameters.
      expect(fitCombat(table, c.sites, '1', { tolerance: 1e-13 })).toEqual(tight);
    }
  });
});

describe('refusals', () => {
  const c = fixture.cases[1]!;
  const table = tableOf(c.data);
  const params = fitCombat(table, c.sites, '1');

  it('refuses a site it was not fitted on, naming it', () => {
    expect(() => applyCombat(params, { f0: 1 }, '7')).toThrowError(
      expect.objectContaining({
        code: 'harmonisation_site_unknown',
        message: expect.stringContaining('"7"'),
      }),
    );
  });

  it('refuses a missing reference site, a one-row site and a non-finite value', () => {
    expect(() => fitCombat(table, c.sites, '9')).toThrowError(
      expect.objectContaining({ code: 'harmonisation_reference_missing' }),
    );
    const sites = [...c.sites.slice(0, -1), '3'];
    expect(() => fitCombat(table, sites, '1')).toThrowError(
      expect.objectContaining({ code: 'harmonisation_site_too_small' }),
    );
    const broken = tableOf(c.data.map((r, i) => (i === 4 ? [Number.NaN, ...r.slice(1)] : r)));
    expect(() => fitCombat(broken, c.sites, '1')).toThrowError(
      expect.objectContaining({
        code: 'harmonisation_value_missing',
        message: expect.stringContaining('row 5'),
      }),
    );
  });

  it('selectCombatFeatures keeps the named features in order and refuses unknown ones', () => {
    const subset = selectCombatFeatures(params, ['f3', 'f1']);
    expect(subset.features.map((f) => f.feature)).toEqual(['f3', 'f1']);
    expect(() => selectCombatFeatures(params, ['nope'])).toThrowError(
      expect.objectContaining({ code: 'harmonisation_feature_unknown' }),
    );
  });
});
