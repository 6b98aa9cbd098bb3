import { AppError } from '../errors/index.js';
import { fQuantile, fUpperTail } from './distributions.js';

/** Shrout–Fleiss forms with psych's names: 1 = one-way random, 2 = two-way random, 3 = two-way mixed; k = mean of k raters. */
export type IccForm = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

/** One ICC with its F test against ICC = 0 and its confidence interval. */
export interface IccEstimate {
  readonly icc: number;
  /** MSB/MSW for ICC1 and ICC1k, MSB/MSE for the two-way forms. */
  readonly f: number;
  readonly df1: number;
  readonly df2: number;
  /** Upper F tail P(F > f). */
  readonly p: number;
  readonly lower: number;
  readonly upper: number;
}

/** The six intraclass correlations with the ANOVA mean squares they are built from. */
export interface IccResult {
  readonly forms: Readonly<Record<IccForm, IccEstimate>>;
  readonly subjects: number;
  readonly raters: number;
  readonly meanSquares: {
    readonly between: number;
    readonly within: number;
    readonly raters: number;
    readonly error: number;
  };
}

/**
 * Intraclass correlations of Shrout & Fleiss (1979), as `psych::ICC(x)$results$ICC`, for an n × k table
 * (rows = subjects, e.g. lesions; columns = raters or repeated segmentations), no missing values.
 * With grand mean x̄, row means x̄ᵢ., column means x̄.ⱼ:
 * MSB = k Σ(x̄ᵢ. − x̄)²/(n − 1), MSW = Σᵢⱼ(xᵢⱼ − x̄ᵢ.)²/(n(k − 1)), MSJ = n Σ(x̄.ⱼ − x̄)²/(k − 1),
 * MSE = (SS_total − SSB − SSJ)/((n − 1)(k − 1));
 * ICC(1,1) = (MSB − MSW)/(MSB + (k − 1)MSW), ICC(2,1) = (MSB − MSE)/(MSB + (k − 1)MSE + k(MSJ − MSE)/n),
 * ICC(3,1) = (MSB − MSE)/(MSB + (k − 1)MSE), ICC(1,k) = (MSB − MSW)/MSB,
 * ICC(2,k) = (MSB − MSE)/(MSB + (MSJ − MSE)/n), ICC(3,k) = (MSB − MSE)/MSB.
 * The F tests and (1 − α) confidence intervals follow Shrout & Fleiss (1979) as psych reports them;
 * ICC(2,1) uses Satterthwaite's approximate degrees of freedom, and ICC(2,k) steps its bounds up with
 * Spearman–Brown.
 */
export function intraclassCorrelations(
  table: readonly (readonly number[])[],
  confidenceLevel = 0.95,
): IccResult {
  const n = table.length;
  const k = table[0]?.length ?? 0;
  if (n < 2 || k < 2) {
    throw new AppError('stats_icc_shape', `ICC needs at least 2 subjects and 2 raters; got ${n} × ${k}`);
  }
  table.forEach((row, i) => {
    if (row.length !== k) {
      throw new AppError(
        'stats_icc_shape',
        `ICC table row ${i + 1} has ${row.length} ratings; expected ${k}`,
      );
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new AppError(
          'stats_icc_not_finite',
          `ICC table row ${i + 1}, column ${j + 1} is ${v}; ratings must be finite`,
        );
      }
    });
  });
  let grandSum = 0;
  const rowMeans = table.map((row) => {
    const s = row.reduce((a, v) => a + v, 0);
    grandSum += s;
    return s / k;
  });
  const grandMean = grandSum / (n * k);
  const columnMeans = Array.from({ length: k }, (_, j) => table.reduce((a, row) => a + row[j]!, 0) / n);
  let ssTotal = 0;
  let ssWithin = 0;
  table.forEach((row, i) => {
    for (const v of row) {
      ssTotal += (v - grandMean) ** 2;
      ssWithin += (v - rowMeans[i]!) ** 2;
    }
  });
  const ssBetween = k * rowMeans.reduce((a, m) => a + (m - grandMean) ** 2, 0);
  const ssRaters = n * columnMeans.reduce((a, m) => a + (m - grandMean) ** 2, 0);
  const ssError = ssTotal - ssBetween - ssRaters;
  const msb = ssBetween / (n - 1);
  const msw = ssWithin / (n * (k - 1));
  const msj = ssRaters / (k - 1);
  const mse = ssError / ((n - 1) * (k - 1));
  const icc1 = (msb - msw) / (msb + (k - 1) * msw);
  const icc2 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const icc3 = (msb - mse) / (msb + (k - 1) * mse);

  const q = 1 - (1 - confidenceLevel) / 2;
  // One-way forms: F = MSB/MSW on (n − 1, n(k − 1)); bounds from F/F_q and F·F_q (Shrout & Fleiss, Table 4).
  const f1 = msb / msw;
  const df1 = [n - 1, n * (k - 1)] as const;
  const p1 = fUpperTail(f1, df1[0], df1[1]);
  const f1Lower = f1 / fQuantile(q, df1[0], df1[1]);
  const f1Upper = f1 * fQuantile(q, df1[1], df1[0]);
  // Two-way forms: F = MSB/MSE on (n − 1, (n − 1)(k − 1)).
  const f3 = msb / mse;
  const df3 = [n - 1, (n - 1) * (k - 1)] as const;
  const p3 = fUpperTail(f3, df3[0], df3[1]);
  const f3Lower = f3 / fQuantile(q, df3[0], df3[1]);
  const f3Upper = f3 * fQuantile(q, df3[1], df3[0]);
  // ICC(2,1): Satterthwaite's approximate df v for the denominator (Shrout & Fleiss 1979, eq. for ICC(2,1); McGraw & Wong 1996).
  const fj = msj / mse;
  const a = k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2;
  const v =
    ((k - 1) * (n - 1) * a ** 2) /
    ((n - 1) * k ** 2 * icc2 ** 2 * fj ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2);
  const fStarUpper = fQuantile(q, n - 1, v);
  const fStarLower = fQuantile(q, v, n - 1);
  const denominator = k * msj + (k * n - k - n) * mse;
  const icc2Lower = (n * (msb - fStarUpper * mse)) / (fStarUpper * denominator + n * msb);
  const icc2Upper = (n * (fStarLower * msb - mse)) / (denominator + n * fStarLower * msb);
  const averaged = (r: number) => (r * k) / (1 + r * (k - 1)); // Spearman–Brown step-up to k raters

  const oneWay = { f: f1, df1: df1[0], df2: df1[1], p: p1 };
  const twoWay = { f: f3, df1: df3[0], df2: df3[1], p: p3 };
  return {
    forms: {
      ICC1: {
        icc: icc1,
        ...oneWay,
        lower: (f1Lower - 1) / (f1Lower + k - 1),
        upper: (f1Upper - 1) / (f1Upper + k - 1),
      },
      ICC2: { icc: icc2, ...twoWay, lower: icc2Lower, upper: icc2Upper },
      ICC3: {
        icc: icc3,
        ...twoWay,
        lower: (f3Lower - 1) / (f3Lower + k - 1),
        upper: (f3Upper - 1) / (f3Upper + k - 1),
      },
      ICC1k: { icc: (msb - msw) / msb, ...oneWay, lower: 1 - 1 / f1Lower, upper: 1 - 1 / f1Upper },
      ICC2k: {
        icc: (msb - mse) / (msb + (msj - mse) / n),
        ...twoWay,
        lower: averaged(icc2Lower),
        upper: averaged(icc2Upper),
      },
      ICC3k: { icc: (msb - mse) / msb, ...twoWay, lower: 1 - 1 / f3Lower, upper: 1 - 1 / f3Upper },
    },
    subjects: n,
    raters: k,
    meanSquares: { between: msb, within: msw, raters: msj, error: mse },
  };
}
