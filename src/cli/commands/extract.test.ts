import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureFamily } from '../../radiomics/index.js';
import type { CommandIo } from '../command.js';
import { runCli } from '../run-cli.js';
import { createExtractCommand, toCsv } from './extract.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ibsi = path.join(path.resolve(repoRoot, '../shared'), 'reference/ibsi1/original/nifti');
const image = path.join(ibsi, 'image/phantom.nii.gz');
const mask = path.join(ibsi, 'mask/mask.nii.gz');
const tmp = mkdtempSync(path.join(tmpdir(), 'her2-extract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Test-only first-order family: the ROI mean. */
const meanFamily: FeatureFamily = {
  name: 'firstorder',
  features: [{ name: 'Mean', ibsiCode: 'Q4LE', doc: 'ROI mean' }],
  compute(input) {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < input.mask.length; i++) {
      if (input.mask[i]) {
        sum += input.image[i]!;
        n++;
      }
    }
    return { Mean: sum / n };
  },
};
const commands = [createExtractCommand([meanFamily])];

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: tmp };
  const code = await runCli(['extract', ...argv], io, commands);
  return { code, stdout, stderr };
}

const params = path.join(tmp, 'params.yaml');
writeFileSync(params, 'setting:\n  binWidth: 1\nfeatureClass:\n  firstorder:\n');

describe('her2 extract', () => {
  it('prints one flat JSON object with diagnostics and features', async () => {
    const r = await run(['--image', image, '--mask', mask, '--params', params]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.original_firstorder_Mean).toBeCloseTo(159 / 74, 12); // IBSI README
    expect(result['diagnostics_Mask-original_VoxelNum']).toBe(74);
    expect(result.diagnostics_Versions_her2radiomics).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes PyRadiomics batch CSV (Image, Mask, then keys in extraction order) to --out', async () => {
    const out = path.join(tmp, 'features.csv');
    const r = await run([
      '--image',
      image,
      '--mask',
      mask,
      '--params',
      'params.yaml',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const [header, row, rest] = readFileSync(out, 'utf8').split('\n');
    expect(rest).toBe('');
    const keys = header!.split(',');
    expect(keys.slice(0, 3)).toEqual(['Image', 'Mask', 'diagnostics_Versions_her2radiomics']);
    expect(keys.at(-1)).toBe('original_firstorder_Mean');
    expect(Number(row!.split(',').at(-1))).toBeCloseTo(159 / 74, 12);
    expect(row).toContain('"(2, 2, 2)"');
  });

  it('quotes CSV cells as Python csv does (QUOTE_MINIMAL)', () => {
    expect(toCsv({ a: 'x,y', b: 'say "hi"', c: 1.5, d: [1, 2] })).toBe(
      'a,b,c,d\n"x,y","say ""hi""",1.5,"(1, 2)"\n',
    );
  });

  it('fails with exit 2 and a one-line reason on bad input', async () => {
    const cases: [string[], RegExp][] = [
      [['--image', image, '--mask', mask, '--label', '2'], /label_absent: mask: label 2 is not present/],
      [['--image', image], /--mask is required/],
      [['--image', image, '--mask', mask, '--label', 'x'], /--label must be an integer/],
      [['--image', image, '--mask', mask, '--format', 'xml'], /--format must be json or csv/],
      [['--image', 'missing.nii.gz', '--mask', mask], /file_unreadable: .*missing\.nii\.gz: cannot be read/],
      [['--image', image, '--mask', mask, '--params', 'nope.yaml'], /file_unreadable: nope\.yaml/],
      [['--image', image, '--mask', mask, '--unknown'], /Unknown option/],
    ];
    writeFileSync(path.join(tmp, 'bad.yaml'), 'setting:\n  binwidth: 3\n');
    cases.push([
      ['--image', image, '--mask', mask, '--params', 'bad.yaml'],
      /params_invalid: bad\.yaml: unknown key setting\.binwidth/,
    ]);
    for (const [argv, reason] of cases) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(reason);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});
