import { describe, expect, it } from 'vitest';
import { loadRSelectionReference } from '../../../test/fixtures/r-selection/load-reference.js';
import { erfc, logGamma, normalCdf, normalUpperTail, studentTCdf } from './distributions.js';

const reference = loadRSelectionReference();

/** |a − b| ≤ tol · max(|b|, tiny): relative agreement that also works in far tails. */
function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale).toBeLessThanOrEqual(tolerance);
}

describe('normalCdf', () => {
  it('matches R pnorm (both tails) to 1e-14 relative over z in [-37, 9]', () => {
    reference.pnorm.z.forEach((z, k) => {
      expectRelativelyClose(normalCdf(z), reference.pnorm.p[k]!, 1e-14);
      expectRelativelyClose(normalUpperTail(z), reference.pnorm.upper[k]!, 1e-14);
    });
  });

  it('gives the exact textbook values at 0 and symmetric tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(erfc(0)).toBe(1);
    expect(normalCdf(-1.2) + normalCdf(1.2)).toBeCloseTo(1, 15);
  });
});

describe('studentTCdf', () => {
  it('matches R pt for non-integer df to 1e-12 relative (1e-11 for df = 1e4)', () => {
    reference.pt.t.forEach((t, k) => {
      const df = reference.pt.df[k]!;
      // ln B(ν/2, ½) grows with ν, so the prefactor's rounding grows too (documented in the module).
      expectRelativelyClose(studentTCdf(t, df), reference.pt.p[k]!, df > 1000 ? 1e-11 : 1e-12);
    });
  });

  it('reduces to the Cauchy distribution for one degree of freedom', () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 14);
    expect(studentTCdf(-3, 1)).toBeCloseTo(0.5 + Math.atan(-3) / Math.PI, 14);
  });

  it('returns NaN for a non-positive df', () => {
    expect(studentTCdf(1, 0)).toBeNaN();
  });
});

describe('logGamma', () => {
  it('matches factorials', () => {
    expectRelativelyClose(logGamma(11), Math.log(3628800), 1e-14);
    expectRelativelyClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
  });
});
