import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticFeatureDataset } from '../../../test/support/synthetic-features.js';
import { writeFeatureCsv } from '../../model/feature-table-csv.js';
import type { StudyMetrics } from '../../model/training/train-study.js';
import { escapeHtml, formatWithCi } from '../../report/index.js';
import { runCli } from '../run-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'her2-train-'));
const out: string[] = [];
const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t), env: {}, cwd: dir };
writeFileSync(
  path.join(dir, 'features.csv'),
  writeFeatureCsv(
    syntheticFeatureDataset({ seed: 21, featuresPerGroup: 10, informativePerGroup: 2, effect: 1.2 }),
  ),
);
writeFileSync(
  path.join(dir, 'models.yaml'),
  [
    'synthetic: true',
    'forest:',
    '  treeCount: 30',
    'importanceRepeats: 1',
    'models:',
    '  - {name: t2_intra, title: T2W intratumoral, sequences: [t2], regions: [intra]}',
    '  - {name: dce_peri, title: DCE peritumoral, sequences: [dce], regions: [peri]}',
    '  - {name: all_intra, title: All sequences intratumoral, sequences: [t2, dwi, dce], regions: [intra]}',
    '',
  ].join('\n'),
);

describe('her2 train and her2 report', () => {
  it('writes the run folder and a report whose numbers are metrics.json', async () => {
    const trainCode = await runCli(
      ['train', '--features', 'features.csv', '--config', 'models.yaml', '--out', 'run'],
      io,
    );
    expect(trainCode, out.join('')).toBe(0);
    const run = path.join(dir, 'run');
    for (const file of [
      'predictions.csv',
      'metrics.json',
      'funnel.json',
      'config.resolved.yaml',
      'models/t2_intra.json',
      'models/all_intra.json',
    ]) {
      expect(existsSync(path.join(run, file)), file).toBe(true);
    }
    const resolved = readFileSync(path.join(run, 'config.resolved.yaml'), 'utf8');
    expect(resolved).toContain('classWeight: balanced');
    expect(resolved).toContain('pThreshold: 0.05');

    const reportCode = await runCli(['report', '--run', 'run'], io);
    expect(reportCode, out.join('')).toBe(0);
    const html = readFileSync(path.join(run, 'report', 'index.html'), 'utf8');
    const metrics = JSON.parse(readFileSync(path.join(run, 'metrics.json'), 'utf8')) as StudyMetrics;
    for (const id of [
      'cohorts',
      'funnel',
      'features',
      'performance',
      'roc',
      'calibration',
      'dca',
      'comparisons',
      'configuration',
      'checklist',
    ]) {
      expect(html).toContain(`<h2 id="${id}">`);
    }
    for (const model of metrics.models) {
      for (const cohort of model.cohorts) {
        const e = cohort.evaluation!;
        expect(html).toContain(escapeHtml(formatWithCi(e.auc, e.auc_ci)));
        const sens = e.at_threshold!.sensitivity;
        expect(html).toContain(escapeHtml(formatWithCi(sens.estimate, sens.ci)));
      }
    }
    expect(metrics.comparisons.test).toHaveLength(3);
    expect(html).toContain('Holm-adjusted');
    expect(html).toContain('Synthetic data');
    expect(html).toContain('TRIPOD+AI');
    expect(html).not.toMatch(/<link|<script|src="http/);
    // 1 funnel + 3 importance + 3 cohorts × (ROC, calibration, DCA) figures, inline and as files.
    expect(html.match(/<svg /g)).toHaveLength(13);
    const files = readdirSync(path.join(run, 'report'));
    expect(files.filter((f) => f.endsWith('.png'))).toHaveLength(13);
    const png = readFileSync(path.join(run, 'report', 'roc-test.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('names the file and the problem when the features table is wrong', async () => {
    writeFileSync(path.join(dir, 'bad.csv'), 'patient_id,centre\nP1,1\n');
    const errors: string[] = [];
    const code = await runCli(['train', '--features', 'bad.csv', '--out', 'run2'], {
      ...io,
      stderr: (t) => errors.push(t),
    });
    expect(code).toBe(2);
    expect(errors.join('')).toContain('bad.csv: column 2 must be "study_instance_uid"');
  });
});
