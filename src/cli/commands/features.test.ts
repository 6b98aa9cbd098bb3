import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNifti } from '../../io/index.js';
import { readFeatureCsv } from '../../model/feature-table-csv.js';
import { createVolume } from '../../volume/index.js';
import { runCli } from '../run-cli.js';

const SIZE = [12, 12, 6] as const;
const geometry = {
  size: [...SIZE] as [number, number, number],
  spacing: [1, 1, 2] as [number, number, number],
  origin: [0, 0, 0] as [number, number, number],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ],
};
const index = (x: number, y: number, z: number) => x + SIZE[0] * (y + SIZE[1] * z);

/** An image with a deterministic texture and a 4×4×2 cube mask; returns the mean inside the mask. */
function writeCase(dir: string, name: string, offset: number): number {
  const image = new Int16Array(SIZE[0] * SIZE[1] * SIZE[2]);
  const mask = new Uint8Array(image.length);
  let sum = 0;
  let count = 0;
  for (let z = 0; z < SIZE[2]; z++)
    for (let y = 0; y < SIZE[1]; y++)
      for (let x = 0; x < SIZE[0]; x++) {
        const v = offset + ((x * 7 + y * 13 + z * 29) % 50);
        image[index(x, y, z)] = v;
        if (x >= 4 && x < 8 && y >= 4 && y < 8 && z >= 2 && z < 4) {
          mask[index(x, y, z)] = 1;
          sum += v;
          count++;
        }
      }
  writeFileSync(path.join(dir, `${name}.nii`), encodeNifti(createVolume(geometry, image)));
  writeFileSync(path.join(dir, `${name}-mask.nii`), encodeNifti(createVolume(geometry, mask)));
  return sum / count;
}

describe('her2 features', () => {
  it('extracts every sequence × region, reports a failed patient, and resumes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'her2-features-'));
    const means = [100, 300].map((offset, p) => writeCase(dir, `p${p}`, offset));
    const files = (p: string) => ['t2', 'dwi', 'dce'].flatMap(() => [`${p}.nii`, `${p}-mask.nii`]);
    writeFileSync(
      path.join(dir, 'cohort.csv'),
      [
        'patient_id,study_instance_uid,centre,split,label,t2_image,t2_mask,dwi_image,dwi_mask,dce_image,dce_mask',
        ['A', '1.2.1', '1', 'train', '1', ...files('p0')].join(','),
        ['B', '1.2.2', '1', 'train', '0', ...files('p1')].join(','),
        ['C', '1.2.3', '2', 'test', '0', ...files('missing')].join(','),
        '',
      ].join('\n'),
    );
    const errors: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => errors.push(t), env: {}, cwd: dir };
    const argv = ['features', '--cohort', 'cohort.csv', '--out', 'features.csv', '--workers', '0'];
    expect(await runCli(argv, io)).toBe(1);
    expect(errors.join('')).toMatch(/\[3\/3\] manifest line 4 failed/);
    expect(readFileSync(path.join(dir, 'features.csv.failures.csv'), 'utf8')).toMatch(
      /^manifest_line,error\n4,/,
    );

    const table = readFeatureCsv(readFileSync(path.join(dir, 'features.csv'), 'utf8'), 'features.csv');
    expect(table.patients.map((p) => p.patientId)).toEqual(['A', 'B']);
    for (const s of ['t2', 'dwi', 'dce'])
      for (const r of ['intra', 'peri'])
        expect(table.features.featureNames).toContain(`${s}_${r}_original_firstorder_Mean`);
    // PyRadiomics' firstorder Mean is the plain mean of the voxels in the mask.
    const mean =
      table.features.columns[table.features.featureNames.indexOf('dwi_intra_original_firstorder_Mean')]!;
    expect(mean[0]).toBeCloseTo(means[0]!, 10);
    expect(mean[1]).toBeCloseTo(means[1]!, 10);

    errors.length = 0;
    expect(await runCli(argv, io)).toBe(1);
    expect(errors.join('')).toContain('resuming, 2 of 3 patients already extracted');
    expect(errors.join('')).not.toContain('line 2 done');
    expect(existsSync(path.join(dir, 'features.csv'))).toBe(true);
  });
});
