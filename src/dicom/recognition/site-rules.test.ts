import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { AppError } from '../../errors/index.js';
import {
  classifySegment,
  DEFAULT_SITE_RULES_PATH,
  parseSiteRules,
  readSiteRulesFile,
  type SiteRules,
} from './index.js';

const defaultText = fs.readFileSync(DEFAULT_SITE_RULES_PATH, 'utf8');

/** The default rules with one edit applied to the raw YAML tree. */
// biome-ignore lint/suspicious/noExplicitAny: tests edit the raw YAML tree freely, including into invalid shapes
function edited(edit: (raw: Record<string, any>) => void): string {
  const raw = parseYaml(defaultText);
  edit(raw);
  return toYaml(raw);
}

function errorOf(text: string): AppError {
  try {
    parseSiteRules(text, 'site-rules.yaml');
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the rules to be rejected');
}

describe('site rules file', () => {
  it('the shipped default file is valid and ends with a catch-all', async () => {
    const rules = await readSiteRulesFile();
    expect(rules.seriesRules.at(-1)).toMatchObject({ name: 'everything-else', role: 'other', when: [] });
    expect(rules.diffusion.b0Threshold).toBe(50);
    expect(
      path.relative(path.resolve(fileURLToPath(import.meta.url), '../../../..'), DEFAULT_SITE_RULES_PATH),
    ).toBe(path.join('config', 'site-rules.default.yaml'));
  });

  it('names the rule and key of a bad regex', () => {
    const e = errorOf(
      edited((raw) => {
        raw.seriesRules[1].when[0] = { field: 'seriesDescription', matches: '(unclosed' };
      }),
    );
    expect(e.code).toBe('site_rules_invalid');
    expect(e.message).toContain(
      'seriesRules[1] (rule "other-diffusion-maps").when[0].matches: not a valid regular expression',
    );
  });

  it('rejects a condition with two operators, an unknown field and an unknown key', () => {
    const e = errorOf(
      edited((raw) => {
        raw.seriesRules[0].when = [
          { field: 'repetitionTime', gte: 1, lte: 2 },
          { field: 'colour', equals: 'red' },
        ];
        raw.seriesRules[0].priority = 3;
      }),
    );
    const problems = (e.details!.problems as string[]).join('\n');
    expect(problems).toMatch(
      /seriesRules\[0\] \(rule "adc-by-image-type"\)\.when\[0\]: each condition needs exactly one operator/,
    );
    expect(problems).toMatch(/seriesRules\[0\] \(rule "adc-by-image-type"\)\.when\[1\]\.field/);
    expect(problems).toMatch(/seriesRules\[0\] \(rule "adc-by-image-type"\): Unrecognized key: "priority"/);
  });

  it('rejects duplicate rule names', () => {
    const e = errorOf(
      edited((raw) => {
        raw.seriesRules[2].name = raw.seriesRules[0].name;
      }),
    );
    expect(e.message).toContain(
      'seriesRules[2] (rule "adc-by-image-type").name: duplicate rule name "adc-by-image-type"',
    );
  });

  it('rejects an unknown role and an unknown phase key (ContrastBolusAgent is not a phase key)', () => {
    const e = errorOf(
      edited((raw) => {
        raw.seriesRules[3].role = 'flair'; // the fourth rule, whatever its name
        raw.dce.phaseKeys = ['acquisitionTime', 'contrastBolusAgent'];
      }),
    );
    const problems = (e.details!.problems as string[]).join('\n');
    const name = (parseYaml(defaultText) as { seriesRules: { name: string }[] }).seriesRules[3]!.name;
    expect(problems).toContain(`seriesRules[3] (rule "${name}").role`);
    expect(problems).toMatch(/dce\.phaseKeys\[1\]/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseSiteRules('seriesRules: [', 'my-site.yaml')).toThrow(/my-site\.yaml: not valid YAML/);
  });

  it('a site rule placed first overrides the defaults (hospital protocol names)', () => {
    const text = edited((raw) => {
      raw.seriesRules.unshift({
        name: 'our-t2',
        role: 't2w',
        evidence: 'description',
        when: [{ field: 'seriesDescription', matches: '^BREAST T2 STANDARD$' }],
      });
    });
    expect(parseSiteRules(text, 'site.yaml').seriesRules[0]!.name).toBe('our-t2');
  });
});

describe('segment roles', () => {
  let rules: SiteRules;
  it('loads', async () => {
    rules = await readSiteRulesFile();
  });

  it('breast SEG of UCSF-BR-08 (B-1000, MRSC, "Breast") is another structure, not a lesion', () => {
    const v = classifySegment(
      { label: 'Breast', propertyType: { scheme: 'MRSC', value: 'B-1000', meaning: 'Breast' } },
      rules,
    );
    expect(v).toMatchObject({ kind: 'other', rule: 'other-by-property-type' });
  });

  it('dcmqi "Neoplasm, Primary" (M-80003, SRT) and IBSI RTSTRUCT GTV are lesions', () => {
    expect(
      classifySegment(
        { label: 'Neoplasm, Primary', propertyType: { scheme: 'SRT', value: 'M-80003' } },
        rules,
      ).kind,
    ).toBe('lesion');
    expect(classifySegment({ label: 'GTV_Mass_MR_T1', interpretedType: 'GTV' }, rules).rule).toBe(
      'lesion-by-rt-type',
    );
  });

  it('labels decide when codes do not; unmatched segments are unknown', () => {
    expect(classifySegment({ label: 'Tumour 1' }, rules).kind).toBe('lesion');
    expect(classifySegment({ label: 'FGT' }, rules).kind).toBe('other');
    expect(classifySegment({ label: 'patient', interpretedType: 'EXTERNAL' }, rules).kind).toBe('other');
    const unknown = classifySegment(
      { label: 'first segment', propertyType: { scheme: 'SCT', value: '123', meaning: 'x' } },
      rules,
    );
    expect(unknown.kind).toBe('unknown');
    expect(unknown.reason).toContain('first segment');
  });
});
