import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectClose, loadStatsVectors, type RVector } from '../../../test/fixtures/r/load.js';
import { parseCsvText as parseCsv } from '../../model/csv.js';
import type { CommandIo } from '../command.js';
import { runCli } from '../run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'her2-evaluate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, header: string[], rows: (string | number)[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, cwd: dir };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function vectorCsv(v: RVector): string {
  const header = ['id', 'her2', 'prob', ...(v.compare ? ['other'] : [])];
  const rows = v.labels.map((y, i) => [`S${i + 1}`, y, v.score[i]!, ...(v.compare ? [v.compare[i]!] : [])]);
  return writeCsv(`${v.name}.csv`, header, rows);
}

/** JSON has no Infinity or NaN: JSON.stringify writes null, so R's non-finite values compare to null. */
function expectJsonClose(actual: number | null, expected: number, label: string): void {
  if (!Number.isFinite(expected)) expect(actual, label).toBeNull();
  else expectClose(actual as number, expected, label);
}

const vectors = loadStatsVectors();

describe.each(vectors)('her2 evaluate --json against R: $name', (v) => {
  it('reports AUC, CI, DeLong, Youden, Brier, HL, calibration and DCA as R does', async () => {
    const file = vectorCsv(v);
    const argv = ['evaluate', '--input', path.basename(file), '--label', 'her2', '--score', 'prob', '--json'];
    if (v.compare) argv.push('--compare', 'other');
    if (v.at_fixed) argv.push('--threshold', String(v.at_fixed.threshold));
    const { code, stdout, stderr } = await run(argv);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expectClose(out.auc, v.auc, 'auc');
    expectClose(out.auc_ci[0], v.auc_ci[0], 'auc_ci lower');
    expectClose(out.auc_ci[1], v.auc_ci[1], 'auc_ci upper');
    if (v.delong) {
      expectClose(out.delong.z, v.delong.z, 'delong z');
      expectClose(out.delong.p, v.delong.p, 'delong p');
    } else expect(out.delong).toBeUndefined();
    expectJsonClose(out.youden.threshold, v.youden.threshold, 'youden threshold');
    expectClose(out.youden.sensitivity, v.youden.sensitivity, 'youden sensitivity');
    expectClose(out.youden.specificity, v.youden.specificity, 'youden specificity');
    if (v.at_fixed) {
      expectClose(out.at_threshold.ppv.estimate, v.at_fixed.ppv.estimate, 'ppv');
      expectClose(out.at_threshold.npv.ci[1], v.at_fixed.npv.upper, 'npv upper');
    }
    expectClose(out.brier, v.brier, 'brier');
    expectJsonClose(out.hosmer_lemeshow.statistic, v.hosmer_lemeshow.statistic, 'hl statistic');
    expect(out.hosmer_lemeshow.df).toBe(v.hosmer_lemeshow.df);
    expectClose(out.hosmer_lemeshow.p, v.hosmer_lemeshow.p, 'hl p');
    expectClose(out.calibration.citl, v.calibration.citl, 'citl');
    expectJsonClose(out.calibration.slope, v.calibration.slope, 'slope');
    expect(out.dca).toHaveLength(19);
    out.dca.forEach(
      (d: { threshold: number; model: number; treat_all: number; treat_none: number }, i: number) => {
        expect(d.threshold).toBe(v.dca[i]!.threshold);
        expectClose(d.model, v.dca[i]!.model, `dca model ${i}`);
        expectClose(d.treat_all, v.dca[i]!.treat_all, `dca treat_all ${i}`);
        expect(d.treat_none).toBe(0);
      },
    );
  });
});

describe('her2 evaluate output and errors', () => {
  const file = writeCsv(
    'small.csv',
    ['her2', 'prob', 'bad_label', 'bad_score', 'only_one', 'raw'],
    [
      [0, 0.1, 0, 0.1, 1, -2.5],
      [1, 0.8, 2, 'NaN', 1, 0.4],
      [0, 0.3, 1, 0.2, 1, 3.1],
      [1, 0.6, 0, 0.9, 1, 1.7],
    ],
  );
  const base = ['evaluate', '--input', file];

  it('prints a readable table by default', async () => {
    const { code, stdout } = await run([...base, '--label', 'her2', '--score', 'prob']);
    expect(code).toBe(0);
    expect(stdout).toContain("Evaluation of 'prob' against 'her2': 4 subjects (2 positive, 2 negative)");
    expect(stdout).toMatch(/AUC \(95% CI, DeLong\)\s+1\.000 \(1\.000–1\.000\)/);
    expect(stdout).toContain('Decision curve (net benefit)');
  });

  it('accepts labels written as 0.0 and 1.0 (pandas float columns)', async () => {
    const floats = writeCsv(
      'floats.csv',
      ['y', 'p'],
      [
        ['0.0', 0.2],
        ['1.0', 0.7],
        ['0', 0.4],
        ['1', 0.3],
      ],
    );
    const { code, stdout } = await run([
      'evaluate',
      '--input',
      floats,
      '--label',
      'y',
      '--score',
      'p',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).auc).toBe(0.75); // cases 0.7, 0.3 against controls 0.2, 0.4: 3 of 4 pairs ordered
  });

  it('rejects an empty label cell', async () => {
    const empty = writeCsv(
      'empty.csv',
      ['y', 'p'],
      [
        ['', 0.2],
        ['1', 0.7],
      ],
    );
    const { code, stderr } = await run(['evaluate', '--input', empty, '--label', 'y', '--score', 'p']);
    expect(code).toBe(2);
    expect(stderr).toContain("label_not_binary: empty.csv: column 'y' on line 2 is ''");
  });

  it('skips calibration and the decision curve for scores that are not probabilities', async () => {
    const { code, stdout } = await run([...base, '--label', 'her2', '--score', 'raw', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.auc).toBe(0.5);
    expect(out.brier).toBeNull();
    expect(out.dca).toBeNull();
  });

  it.each([
    [['--label', 'status', '--score', 'prob'], "column_missing: small.csv has no column 'status'"],
    [
      ['--label', 'bad_label', '--score', 'prob'],
      "label_not_binary: small.csv: column 'bad_label' on line 3 is '2'",
    ],
    [
      ['--label', 'her2', '--score', 'bad_score'],
      "score_not_finite: small.csv: column 'bad_score' on line 3 is 'NaN'",
    ],
    [
      ['--label', 'only_one', '--score', 'prob'],
      "stats_one_class: small.csv column 'prob': all 4 labels are 1",
    ],
    [['--label', 'her2'], 'usage: --score is required'],
    [
      ['--label', 'her2', '--score', 'prob', '--threshold', 'abc'],
      "usage: --threshold must be a finite number; got 'abc'",
    ],
  ])('fails with one clear line for %j', async (extra, message) => {
    const { code, stdout, stderr } = await run([...base, ...extra]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`her2 evaluate: ${message}`)).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('names a file that cannot be read', async () => {
    const { code, stderr } = await run(['evaluate', '--input', 'nope.csv', '--label', 'a', '--score', 'b']);
    expect(code).toBe(2);
    expect(stderr).toBe('her2 evaluate: input_unreadable: cannot read nope.csv: ENOENT\n');
  });
});

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const table = parseCsv(
      '\uFEFFid,"her2 status",note\r\n1,1,"a, ""b"""\r\n\r\n2,0,"two\nlines"\r\n',
      'x.csv',
    );
    expect(table.header).toEqual(['id', 'her2 status', 'note']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['1', '1', 'a, "b"'] },
      { line: 4, cells: ['2', '0', 'two\nlines'] },
    ]);
  });

  it('reads a last line without a newline', () => {
    expect(parseCsv('a,b\n1,2', 'x.csv').rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
  });

  it.each([
    ['a,b\n1,2,3\n', 'x.csv: line 2 has 3 cells but the header has 2.'],
    ['a,b\n"1,2\n', 'x.csv: a quoted cell opened on line 2 is never closed.'],
    ['', 'x.csv: the file is empty.'],
  ])('rejects %j', (text, message) => {
    expect(() => parseCsv(text, 'x.csv')).toThrow(expect.objectContaining({ code: 'csv_invalid', message }));
  });
});
