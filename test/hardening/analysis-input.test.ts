import { beforeAll, describe, expect, it } from 'vitest';
import { studyFiles } from '../../src/analysis/analysis.fixture.js';
import { analyzeStudyFiles } from '../../src/analysis/analyze-study-files.js';
import { buildTestModel } from '../../src/analysis/test-model.fixture.js';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../../src/dicom/input-limits.js';
import { readSiteRulesFile } from '../../src/dicom/recognition/index.js';
import type { SiteRules } from '../../src/dicom/recognition/site-rules.js';
import type { NamedBytes } from '../../src/dicom/study-inventory.js';
import type { LoadedModel } from '../../src/model/index.js';
import { baseStudy, brokenCases } from './broken-corpus.js';
import { outcomeOf } from './outcome.js';

/**
 * The study analysis (analyzeStudyFiles, what `her2 analyze` and the worker run) on broken input
 * and over the size caps: it must refuse with a non-retryable AppError naming the problem — the
 * reader's code in its message — never crash, and never produce outputs from a study it could
 * not read completely.
 */

let files: NamedBytes[];
let model: LoadedModel;
let rules: SiteRules;

beforeAll(async () => {
  files = studyFiles({ index: 3 }).files.map((f) => ({ name: f.name, bytes: Uint8Array.from(f.bytes) }));
  model = buildTestModel();
  rules = await readSiteRulesFile();
});

function analyze(input: readonly NamedBytes[], inputLimits: InputLimits = DEFAULT_INPUT_LIMITS) {
  return outcomeOf(() =>
    analyzeStudyFiles(input, {
      model,
      rules,
      software: { name: 'her2-radiomics', version: '0.1.0' },
      demoMode: true,
      contentDateTime: new Date('2026-01-01T00:00:00Z'),
      inputLimits,
    }),
  );
}

describe('the study analysis on broken and oversized input', () => {
  it('analyses the unbroken study (the cases below fail because of what was broken)', () => {
    expect(analyze(files)).toEqual({ kind: 'accepted' });
  });

  it('refuses instances and series over the configured caps before reading their pixels', () => {
    const largest = Math.max(...files.map((f) => f.bytes.length));
    const instance = analyze(files, { ...DEFAULT_INPUT_LIMITS, maxInstanceBytes: largest - 1 });
    expect(instance.kind).toBe('clear');
    expect(instance.kind === 'clear' && instance.message).toContain('dicom_instance_too_large');
    const series = analyze(files, { ...DEFAULT_INPUT_LIMITS, maxSeriesVoxels: 1000 });
    expect(series.kind).toBe('clear');
    expect(series.kind === 'clear' && series.message).toMatch(/series_too_large/);
  });

  it('refuses a study holding one broken object with a code, never a crash', () => {
    const base = baseStudy();
    const picked = [
      'Pixel Data length 0xFFFFFFF0',
      'Rows length 4 instead of 2',
      'NumberOfFrames 10 000 000',
    ];
    const results = brokenCases(base)
      .filter((c) => picked.includes(c.name))
      .map((c) => {
        // the broken object replaces its intact twin in the analysable study
        const target = files.find((f) => f.name.endsWith('/5.dcm'))!;
        const outcome = analyze(
          files.map((f) => (f === target ? { name: target.name, bytes: c.broken.bytes } : f)),
        );
        return { name: c.name, outcome };
      });
    for (const { name, outcome } of results) {
      expect(outcome.kind, name).toBe('clear');
      if (outcome.kind === 'clear') expect(outcome.message, name).toMatch(/dicom_[a-z_]+/);
    }
  });
});
