import { beforeAll, describe, expect, it } from 'vitest';
import { loadStudyInputs } from '../../src/analysis/study-inputs.js';
import { readPart10 } from '../../src/dicom/part10.js';
import { readSiteRulesFile } from '../../src/dicom/recognition/index.js';
import type { SiteRules } from '../../src/dicom/recognition/site-rules.js';
import { type BaseStudy, type BrokenCase, baseStudy, brokenCases } from './broken-corpus.js';
import { outcomeOf, problemCodes } from './outcome.js';

/**
 * The broken-DICOM corpus through the entry points the worker uses: readPart10 for single
 * objects, loadStudyInputs (readStudy inside) for a study with one broken object. Each case must
 * end in an AppError with one of its expected codes (in the problems of the study for `study`
 * cases, which leave the broken object out and go on); none may crash with a TypeError or
 * RangeError.
 */

let base: BaseStudy;
let rules: SiteRules;
let cases: BrokenCase[];

beforeAll(async () => {
  base = baseStudy();
  rules = await readSiteRulesFile();
  cases = brokenCases(base);
});

describe('broken DICOM corpus', () => {
  it('the unbroken study reads without problems from its objects (the corpus starts from valid input)', () => {
    const inputs = loadStudyInputs([...base.t2, base.rtstruct, ...base.adc, base.seg], rules);
    expect(problemCodes(inputs.problems)).toEqual([]);
    expect(inputs.sequences.t2?.lesions.length).toBeGreaterThan(0);
    expect(inputs.sequences.dwi?.lesions.length).toBeGreaterThan(0);
  });

  it('every case ends in a clear error with its code, none crashes', () => {
    const results = cases.map((c) => {
      if (c.entry === 'part10') {
        const outcome = outcomeOf(() => readPart10(c.broken.bytes, c.broken.name, c.limits));
        return {
          name: c.name,
          expected: c.codes,
          got: outcome.kind === 'clear' ? outcome.code : outcome.kind,
          detail: outcome,
        };
      }
      let codes: string[] = [];
      const outcome = outcomeOf(() => {
        codes = problemCodes(loadStudyInputs(c.files, rules, c.limits).problems);
      });
      const hit = codes.find((code) => c.codes.includes(code));
      return {
        name: c.name,
        expected: c.codes,
        got:
          outcome.kind === 'accepted' ? (hit ?? `no expected code in [${codes.join(', ')}]`) : outcome.kind,
        detail: { ...outcome, codes },
      };
    });
    const clear = results.filter((r) => r.expected.includes(r.got)).length;
    console.log(
      `broken DICOM corpus: cases ${results.length}, clear errors ${clear}, crashes ${results.filter((r) => r.got === 'crash').length}`,
    );
    const wrong = results.filter((r) => !r.expected.includes(r.got));
    expect(
      wrong.map((r) => `${r.name}: expected ${r.expected.join('|')}, got ${JSON.stringify(r.detail)}`),
    ).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(30);
  });
});
