import { AppError } from '../errors/index.js';

/** The six Shrout–Fleiss intraclass correlations with the ANOVA quantities they are built from. */
export interface IccResult {
  /** ICC(1,1): one-way random effects, absolute agreement, single rater. */
  readonly icc1: number;
  /** ICC(2,1): two-way random effects, absolute agreement, single rater. */
  readonly icc2: number;
  /** ICC(3,1): two-way mixed effects, consistency, single rater. */
  readonly icc3: number;
  /** ICC(1,k): as ICC(1,1) for the mean of k raters. */
  readonly icc1k: number;
  /** ICC(2,k): as ICC(2,1) for the mean of k raters. */
  readonly icc2k: number;
  /** ICC(3,k): as ICC(3,1) for the mean of k raters. */
  readonly icc3k: number;
  /** F = MSB/MSW for the one-way forms, on (n − 1, n(k − 1)) df. */
  readonly fOneWay: number;
  /** F = MSB/MSE for the two-way forms, on (n − 1, (n − 1)(k − 1)) df. */
  readonly fTwoWay: number;
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
 */
export function intraclassCorrelations(table: readonly (readonly number[])[]): IccResult {
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
  return {
    icc1: (msb - msw) / (msb + (k - 1) * msw),
    icc2: (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n),
    icc3: (msb - mse) / (msb + (k - 1) * mse),
    icc1k: (msb - msw) / msb,
    icc2k: (msb - mse) / (msb + (msj - mse) / n),
    icc3k: (msb - mse) / msb,
    fOneWay: msb / msw,
    fTwoWay: msb / mse,
    subjects: n,
    raters: k,
    meanSquares: { between: msb, within: msw, raters: msj, error: mse },
  };
}
