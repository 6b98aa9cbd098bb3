import { describe, expect, it } from 'vitest';
import { closeTo, loadRFixture } from '../../test/fixtures/r/load.js';
import {
  chiSquareCdf,
  chiSquareUpperTail,
  fCdf,
  fQuantile,
  fUpperTail,
  logGamma,
  normalCdf,
  normalQuantile,
} from './distributions.js';

interface RDistributions {
  pnorm: { x: number[]; p: number[] };
  qnorm: { p: number[]; x: number[] };
  pchisq_upper: { statistic: number[]; df: number[]; p: number[]; cdf: number[] };
  lgamma: { a: number[]; value: number[] };
  pf: { f: number[]; d1: number[]; d2: number[]; cdf: number[]; upper: number[] };
  qf: { p: number[]; d1: number[]; d2: number[]; value: number[] };
}

const r = loadRFixture<RDistributions>('distributions.json');

/** Relative agreement; R writes 15 significant digits, so 1e-13 leaves room only for rounding. */
function relativeMismatches(pairs: [number, number, string][], tol = 1e-13): string[] {
  return pairs
    .filter(([actual, expected]) => !closeTo(actual / expected, 1, tol) && !(actual === 0 && expected === 0))
    .map(([actual, expected, label]) => `${label}: ${actual} vs R ${expected}`);
}

describe('normal distribution', () => {
  it('normalCdf equals R pnorm to 1e-13 relative, including the far lower tail', () => {
    expect(relativeMismatches(r.pnorm.x.map((x, i) => [normalCdf(x), r.pnorm.p[i]!, `pnorm(${x})`]))).toEqual(
      [],
    );
  });

  it('normalQuantile equals R qnorm to 1e-13 relative', () => {
    const pairs = r.qnorm.p.map((p, i): [number, number, string] => [
      normalQuantile(p),
      r.qnorm.x[i]!,
      `qnorm(${p})`,
    ]);
    expect(relativeMismatches(pairs.filter(([, x]) => x !== 0))).toEqual([]);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('handles the ends of the domain', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});

describe('chi-square distribution', () => {
  it('upper tail and CDF equal R pchisq to 1e-12 relative', () => {
    const { statistic, df, p, cdf } = r.pchisq_upper;
    const upper = statistic.map((s, i): [number, number, string] => [
      chiSquareUpperTail(s, df[i]!),
      p[i]!,
      `upper(${s}, ${df[i]})`,
    ]);
    const lower = statistic.map((s, i): [number, number, string] => [
      chiSquareCdf(s, df[i]!),
      cdf[i]!,
      `cdf(${s}, ${df[i]})`,
    ]);
    expect(relativeMismatches(upper, 1e-12)).toEqual([]);
    expect(relativeMismatches(lower, 1e-12)).toEqual([]);
  });

  it('logGamma equals R lgamma to 1e-13 (absolute, values near 0 included)', () => {
    const bad = r.lgamma.a.filter(
      (a, i) =>
        Math.abs(logGamma(a) - r.lgamma.value[i]!) > 1e-13 * Math.max(1, Math.abs(r.lgamma.value[i]!)),
    );
    expect(bad).toEqual([]);
  });
});

describe('F distribution', () => {
  it('CDF and upper tail equal R pf to 1e-12 relative (non-integer df included)', () => {
    const { f, d1, d2, cdf, upper } = r.pf;
    const pairs = f.flatMap((x, i): [number, number, string][] => [
      [fCdf(x, d1[i]!, d2[i]!), cdf[i]!, `pf(${x}, ${d1[i]}, ${d2[i]})`],
      [fUpperTail(x, d1[i]!, d2[i]!), upper[i]!, `upper pf(${x}, ${d1[i]}, ${d2[i]})`],
    ]);
    expect(relativeMismatches(pairs, 1e-12)).toEqual([]);
  });

  it('quantile equals R qf to 1e-12 relative', () => {
    const { p, d1, d2, value } = r.qf;
    const pairs = p.map((q, i): [number, number, string] => [
      fQuantile(q, d1[i]!, d2[i]!),
      value[i]!,
      `qf(${q}, ${d1[i]}, ${d2[i]})`,
    ]);
    expect(relativeMismatches(pairs, 1e-12)).toEqual([]);
  });
});
