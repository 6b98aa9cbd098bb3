import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy, dciodvfyAvailable } from '../../../test/support/dciodvfy.js';
import { buildTestArtifact, EXTRACTION_YAML } from '../../analysis/test-model.fixture.js';
import { readMeasurementReport } from '../../dicom/sr/index.js';
import { formatModelFile, runningSettingsHash } from '../../model/index.js';
import { parseParams } from '../../radiomics/index.js';
import { runCli } from '../run-cli.js';

/** `her2 analyze` on a small synthetic study written by `her2 synth study`. */

describe('her2 analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'her2-analyze-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
      cwd: dir,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

  beforeAll(async () => {
    expect((await run(['synth', 'study', '--out', 'study', '--seed', '3', '--index', '2'])).code).toBe(0);
    const artifact = buildTestArtifact();
    const hash = runningSettingsHash(parseParams(readFileSync(EXTRACTION_YAML, 'utf8')));
    writeFileSync(
      join(dir, 'model.json'),
      formatModelFile({ ...artifact, extraction: { ...artifact.extraction, settingsHash: hash } }),
    );
    writeFileSync(join(dir, 'other.yaml'), 'setting:\n  binWidth: 5\n');
  }, 60_000);

  it('writes SEG, SR and companion, prints the SR tree and a one-line result', async () => {
    const result = await run([
      'analyze',
      'study',
      '--out',
      'results',
      '--model',
      'model.json',
      '--demo',
      '--content-time',
      '2026-01-02T03:04:05Z',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(join(dir, 'results')).sort()).toEqual([
      'companion.dcm',
      'seg-dce.dcm',
      'seg-t2.dcm',
      'sr.dcm',
    ]);
    expect(result.stdout).toContain('CONTAINER Imaging Measurement Report');
    const last = result.stdout.trim().split('\n').at(-1)!;
    expect(last).toMatch(
      /^HER-2 (positive|negative) \(probability \d\.\d{3}, threshold 0\.500.*DEMO model, research use only\) — 4 files in /,
    );
    const sr = readMeasurementReport(readFileSync(join(dir, 'results', 'sr.dcm')));
    expect(sr.document.contentDate).toBe('20260102');
    expect(last).toContain(`probability ${sr.prediction.probability.toFixed(3)}`);
  }, 60_000);

  it('runs the shipped demo model (models/demo-model.json) by default with --demo; dciodvfy finds no error', async () => {
    const result = await run(['analyze', 'study', '--out', 'demo', '--demo']);
    expect(result.code, result.stderr).toBe(0);
    // the model's text reaches this ASCII study with its dashes spelled in ASCII
    expect(result.stdout).toContain('SYNTHETIC DEMO - not for clinical use');
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^HER-2 (positive|negative) .*DEMO model/);
    if (dciodvfyAvailable) {
      for (const file of readdirSync(join(dir, 'demo'))) {
        const errors = dciodvfy(readFileSync(join(dir, 'demo', file))).filter((l) => /^Error/.test(l));
        expect(errors, file).toEqual([]);
      }
    }
  }, 60_000);

  it('refuses the synthetic model without --demo: one line, exit 2', async () => {
    const result = await run(['analyze', 'study', '--out', 'refused', '--model', 'model.json']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('demo_model_refused');
  });

  it('refuses a model trained with other extraction settings than --params', async () => {
    const result = await run([
      'analyze',
      'study',
      '--out',
      'x',
      '--model',
      'model.json',
      '--params',
      'other.yaml',
      '--demo',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('model_settings_mismatch');
  });

  it('shows generated help', async () => {
    const result = await run(['analyze', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: her2 analyze DIR --out OUTDIR');
    expect(result.stdout).toContain('--demo');
  });
});
