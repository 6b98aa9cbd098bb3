import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';

describe('her2 features on a synthetic DICOM cohort (manifest column `folder`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'features-dicom-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds each sequence and lesion by the site rules and writes one row per patient', async () => {
    const lines: string[] = [];
    const io = {
      stdout: (t: string) => lines.push(t),
      stderr: (t: string) => lines.push(t),
      env: {},
      cwd: dir,
    };
    expect(
      await runCli(
        ['synth', 'cohort', '--out', 'cohort', '--limit', '2', '--seed', '5', '--workers', '1'],
        io,
      ),
    ).toBe(0);
    expect(
      await runCli(
        ['features', '--cohort', 'cohort/manifest.csv', '--out', 'features.csv', '--workers', '0'],
        io,
      ),
    ).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, 'features.csv'), 'utf8').trim().split('\n');
    const columns = header!.split(',');
    expect(rows).toHaveLength(2);
    for (const sequence of ['t2', 'dwi', 'dce'])
      for (const region of ['intra', 'peri']) {
        expect(columns).toContain(`${sequence}_${region}_original_firstorder_Mean`);
        expect(columns).toContain(`${sequence}_${region}_original_shape_VoxelVolume`);
      }
    const manifest = readFileSync(join(dir, 'cohort', 'manifest.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows.map((r) => r.split(',')[0])).toEqual(manifest.slice(1).map((r) => r.split(',')[0]));
  });
});
