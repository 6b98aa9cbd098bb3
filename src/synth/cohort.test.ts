import { describe, expect, it } from 'vitest';
import { CAO2025, planCohort } from './cohort.js';

describe('planCohort (cao2025)', () => {
  const cohort = planCohort(CAO2025, 11);
  const count = (f: (m: (typeof cohort)[0]) => boolean) => cohort.filter(f).length;

  it('has 266 patients: 140 train and 59 validation at centre 1, 67 test at centre 2', () => {
    expect(cohort).toHaveLength(266);
    expect(count((m) => m.centre === 1 && m.split === 'train')).toBe(140);
    expect(count((m) => m.centre === 1 && m.split === 'validation')).toBe(59);
    expect(count((m) => m.centre === 2 && m.split === 'test')).toBe(67);
    expect(new Set(cohort.map((m) => m.index)).size).toBe(266);
  });

  it('stratifies the split by HER-2 status at the configured prevalence', () => {
    const positives = (split: string) => count((m) => m.split === split && m.her2 === 'positive');
    expect(positives('train') + positives('validation')).toBe(Math.round(199 * 0.3));
    expect(positives('train')).toBe(Math.round((140 * 60) / 199));
    expect(positives('test')).toBe(Math.round(67 * 0.3));
  });

  it('is deterministic in the seed and mixes labels', () => {
    expect(planCohort(CAO2025, 11)).toEqual(cohort);
    expect(planCohort(CAO2025, 12)).not.toEqual(cohort);
    expect(() => planCohort({ ...CAO2025, prevalence: 1.2 }, 1)).toThrow(/prevalence/);
  });
});
