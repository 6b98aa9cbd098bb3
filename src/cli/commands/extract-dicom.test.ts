import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { writeSyntheticStudy } from '../synth-files.js';

function capture(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd },
  };
}

describe('her2 extract on DICOM: a series folder with a SEG or RTSTRUCT', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'extract-dicom-'));
    await writeSyntheticStudy(
      { seed: 2, index: 1, her2: 'positive', centre: 2, size: 'small' },
      join(dir, 'c2'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const folder = (name: RegExp) => readdirSync(join(dir, 'c2')).find((f) => name.test(f))!;

  it('reads the ADC series and its SEG, and the T2 series and its RTSTRUCT by ROI name', async () => {
    const adc = capture(dir);
    const code = await runCli(
      ['extract', '--image', `c2/${folder(/ADC/)}`, '--mask', 'c2/masks/SEG-adc-reader1.dcm'],
      adc.io,
    );
    expect(adc.err.join('')).toContain('ROI 1 "Lesion 1"');
    expect(code).toBe(0);
    const features = JSON.parse(adc.out.join(''));
    expect(
      features.diagnostics_Mask_original_VoxelNum ?? features['diagnostics_Mask-original_VoxelNum'],
    ).toBeGreaterThan(0);
    expect(features.original_firstorder_Mean).toBeGreaterThan(0);
    const t2 = capture(dir);
    expect(
      await runCli(
        [
          'extract',
          '--image',
          `c2/${folder(/t2_tse/)}`,
          '--mask',
          'c2/masks/RTSTRUCT-t2-reader1.dcm',
          '--label',
          'Lesion 1',
        ],
        t2.io,
      ),
    ).toBe(0);
    expect(JSON.parse(t2.out.join('')).original_shape_VoxelVolume).toBeGreaterThan(0);
  });

  it('asks which volume of a multi-phase series, then uses it', async () => {
    const dce = folder(/vibe/);
    const first = capture(dir);
    expect(
      await runCli(['extract', '--image', `c2/${dce}`, '--mask', 'c2/masks/SEG-dce-reader1.dcm'], first.io),
    ).toBe(2);
    expect(first.err.join('')).toMatch(/holds 5 volumes; choose one with --volume N/);
    const second = capture(dir);
    expect(
      await runCli(
        ['extract', '--image', `c2/${dce}`, '--volume', '2', '--mask', 'c2/masks/SEG-dce-reader1.dcm'],
        second.io,
      ),
    ).toBe(0);
  });

  it('names the missing ROI and the available ones', async () => {
    const c = capture(dir);
    expect(
      await runCli(
        [
          'extract',
          '--image',
          `c2/${folder(/ADC/)}`,
          '--mask',
          'c2/masks/SEG-adc-reader1.dcm',
          '--label',
          '7',
        ],
        c.io,
      ),
    ).toBe(2);
    expect(c.err.join('')).toMatch(/label_absent: .*no segment or ROI '7' \(available: 1 "Lesion 1"\)/);
  });
});
