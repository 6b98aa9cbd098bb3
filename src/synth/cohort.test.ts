import { describe, expect, it } from 'vitest';
import { CAO2025, planCohort, scaleDesign } from './cohort.js';

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

describe('scaleDesign', () => {
  it('keeps the design at 266 and its proportions when scaled down', () => {
    expect(scaleDesign(CAO2025, 266)).toBe(CAO2025);
    // 60 × 199/266 = 44.9 → 45 at centre 1; 45 × 140/199 = 31.7 → 32 training; 15 at centre 2.
    expect(scaleDesign(CAO2025, 60)).toEqual({ ...CAO2025, centre1: 45, train: 32, centre2: 15 });
    const cohort = planCohort(scaleDesign(CAO2025, 60), 3);
    expect(cohort.filter((m) => m.split === 'validation')).toHaveLength(13);
    expect(cohort.filter((m) => m.split === 'test' && m.her2 === 'positive')).toHaveLength(5);
  });

  it('refuses sizes that leave a split without both labels or exceed the design', () => {
    expect(() => scaleDesign(CAO2025, 5)).toThrow(/patients/);
    expect(() => scaleDesign(CAO2025, 267)).toThrow(/patients/);
  });
});
