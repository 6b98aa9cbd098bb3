import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNifti, readImage } from '../../io/index.js';
import { applyImageType } from '../../radiomics/filters/index.js';
import { createVolume } from '../../volume/index.js';
import type { CommandIo } from '../command.js';
import { runCli } from '../run-cli.js';
import { filterCommand } from './filter.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'her2-filter-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// An anisotropic, obliquely placed image so that the written geometry is checked too.
const c = Math.cos(0.2);
const s = Math.sin(0.2);
const geometry = {
  size: [12, 10, 7] as const,
  spacing: [0.7, 0.9, 2.5] as const,
  origin: [-40, 12.5, 7] as const,
  direction: [c, -s, 0, s, c, 0, 0, 0, 1] as const,
};
const values = Float32Array.from({ length: 840 }, (_, n) => 100 + 50 * Math.sin(n / 7) + (n % 13));
const image = createVolume(geometry, values);
writeFileSync(path.join(tmp, 'image.nii.gz'), encodeNifti(image, { gzip: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmp };
  const code = await runCli(['filter', ...argv], io, [filterCommand]);
  return { code, stdout, stderr };
}

describe('her2 filter', () => {
  it('writes each derived image as NIfTI on the input grid', async () => {
    writeFileSync(
      path.join(tmp, 'params.yaml'),
      'imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 2.0, 40.0]}\n  Wavelet: {}\n  Square: {}\n',
    );
    const { code, stdout, stderr } = await run([
      '--image',
      'image.nii.gz',
      '--params',
      'params.yaml',
      '--out',
      'out',
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/sigma 40 mm skipped/);
    const files = readdirSync(path.join(tmp, 'out')).sort();
    expect(files).toHaveLength(2 + 8 + 1);
    expect(files).toContain('log-sigma-2-0-mm-3D.nii.gz');
    expect(files).toContain('wavelet-HLH.nii.gz');
    expect(stdout.trim().split('\n')).toHaveLength(11);
    const written = readImage(path.join(tmp, 'out', 'log-sigma-2-0-mm-3D.nii.gz'));
    expect(written.geometry.size).toEqual(geometry.size);
    for (let k = 0; k < 3; k++) {
      expect(written.geometry.spacing[k]).toBeCloseTo(geometry.spacing[k]!, 5);
      expect(written.geometry.origin[k]).toBeCloseTo(geometry.origin[k]!, 4);
    }
    for (let k = 0; k < 9; k++) expect(written.geometry.direction[k]).toBeCloseTo(geometry.direction[k]!, 5);
    const expected = applyImageType(image, 'LoG', { sigma: [2] }).images[0]!.volume.data;
    let worst = 0;
    let scale = 0;
    for (let n = 0; n < expected.length; n++) {
      worst = Math.max(worst, Math.abs(written.data[n]! - expected[n]!));
      scale = Math.max(scale, Math.abs(expected[n]!));
    }
    expect(worst).toBeLessThanOrEqual(1e-6 * scale); // float32 on disk
  });

  it('fails when the parameter file lists no filter', async () => {
    writeFileSync(path.join(tmp, 'original.yaml'), 'imageType:\n  Original: {}\n');
    const { code, stderr } = await run([
      '--image',
      'image.nii.gz',
      '--params',
      'original.yaml',
      '--out',
      'none',
    ]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/lists no filter/);
    expect(existsSync(path.join(tmp, 'none'))).toBe(false);
  });
});
