import { AppError } from '../../errors/index.js';
import type { FeatureTable } from '../selection/index.js';

/**
 * ComBat harmonisation (Johnson, Li & Rabinovic 2007, Biostatistics 8:118–127), parametric
 * empirical Bayes, label-free (the design is the intercept only: the outcome is never used), with a
 * reference site whose values stay as they are (the `ref.batch` variant of R's `sva::ComBat`).
 *
 * For feature g, site j ≠ reference r and row i of site j, with n_r rows in the reference site:
 * - m_g = mean of the reference rows; s_g² = Σ (x_ig − m_g)² / n_r over the reference rows (the
 *   "pooled" variance of the reference variant: the reference site's, divided by n_r, not n_r − 1);
 * - standardised z_ig = (x_ig − m_g) / s_g;
 * - per-site estimates γ̂_jg = mean of z over site j, δ̂²_jg = sample variance (n_j − 1) of z over site j;
 * - priors across the features of site j: γ̄_j = mean_g γ̂_jg, τ²_j = var_g γ̂_jg (n − 1), and the
 *   inverse-gamma hyperparameters by the method of moments of δ̂²_j (mean M, variance S²):
 *   a_j = (2S² + M²)/S², b_j = (M S² + M³)/S²;
 * - posterior means, solved by fixed-point iteration from (γ̂, δ̂²):
 *   γ*_jg = (n_j τ²_j γ̂_jg + δ*²_jg γ̄_j) / (n_j τ²_j + δ*²_jg),
 *   δ*²_jg = (½ Σ_i (z_ig − γ*_jg)² + b_j) / (n_j/2 + a_j − 1),
 *   stopped when the largest relative change of γ* and δ*² is ≤ the tolerance (R: conv = 1e-4,
 *   with the same signed relative change |new − old| / old as `sva:::it.sol`);
 * - harmonised x*_ig = ((z_ig − γ*_jg) / δ*_jg) · s_g + m_g; reference rows are unchanged.
 *
 * A feature that is constant within any site (zero sample variance) is not adjusted at all, for any
 * site, and takes no part in the priors: as `sva::ComBat` does ("uniform expression within a single
 * batch"), since its δ̂² of 0 (or its s_g of 0) would divide by zero.
 */

/** A feature's ComBat parameters. */
export interface CombatFeatureParameters {
  readonly feature: string;
  /** False when the feature is constant within some site: it is passed through unchanged. */
  readonly adjusted: boolean;
  /** m_g: mean of the reference site's rows. */
  readonly referenceMean: number;
  /** s_g: SD of the reference site's rows (denominator n_r). */
  readonly referenceSd: number;
  /** γ*_jg per site (0 for the reference site). */
  readonly gamma: Readonly<Record<string, number>>;
  /** δ*²_jg per site (1 for the reference site). */
  readonly delta: Readonly<Record<string, number>>;
}

/** A fitted ComBat harmonisation: sites seen in the fit, the reference site, per-feature parameters. */
export interface CombatParameters {
  readonly method: 'combat';
  readonly referenceSite: string;
  /** Every site present in the fit, the reference included. */
  readonly sites: readonly string[];
  readonly features: readonly CombatFeatureParameters[];
}

/** Options of {@link fitCombat}. */
export interface CombatOptions {
  /** Largest relative change of γ* and δ*² that ends the EB iteration. @defaultValue 1e-4 (R's `conv`) */
  readonly tolerance?: number;
  /** Iterations before giving up. @defaultValue 10000 */
  readonly maxIterations?: number;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Sample variance (denominator n − 1). */
function sampleVariance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - m) ** 2;
  return sum / (values.length - 1);
}

/** Posterior γ*, δ*² of one site for every adjusted feature; see the module comment. */
function solveSite(
  z: readonly Float64Array[],
  site: string,
  tolerance: number,
  maxIterations: number,
): { gamma: Float64Array; delta: Float64Array } {
  const features = z.length;
  const n = z[0]!.length;
  const gammaHat = Float64Array.from(z, (column) => mean(column));
  const deltaHat = Float64Array.from(z, (column) => sampleVariance(column));
  const gammaBar = mean(gammaHat);
  const tau2 = sampleVariance(gammaHat);
  const m = mean(deltaHat);
  const s2 = sampleVariance(deltaHat);
  const a = (2 * s2 + m * m) / s2;
  const b = (m * s2 + m * m * m) / s2;
  let gammaOld = gammaHat;
  let deltaOld = deltaHat;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gammaNew = new Float64Array(features);
    const deltaNew = new Float64Array(features);
    let change = Number.NEGATIVE_INFINITY;
    for (let g = 0; g < features; g++) {
      const gNew = (tau2 * n * gammaHat[g]! + deltaOld[g]! * gammaBar) / (tau2 * n + deltaOld[g]!);
      let sum2 = 0;
      for (const v of z[g]!) sum2 += (v - gNew) ** 2;
      const dNew = (0.5 * sum2 + b) / (n / 2 + a - 1);
      // Signed denominator, as sva:::it.sol: a negative γ gives a negative "change" for it.
      change = Math.max(
        change,
        Math.abs(gNew - gammaOld[g]!) / gammaOld[g]!,
        Math.abs(dNew - deltaOld[g]!) / deltaOld[g]!,
      );
      gammaNew[g] = gNew;
      deltaNew[g] = dNew;
    }
    gammaOld = gammaNew;
    deltaOld = deltaNew;
    if (!(change > tolerance)) {
      if (Number.isNaN(change)) break;
      return { gamma: gammaNew, delta: deltaNew };
    }
  }
  throw new AppError(
    'harmonisation_not_converged',
    `ComBat: the empirical-Bayes estimates of site "${site}" did not converge to ${tolerance} in ${maxIterations} iterations.`,
    { details: { site, tolerance, maxIterations } },
  );
}

/**
 * Fits ComBat on a table (rows × features) with each row's site; `referenceSite` stays as it is and
 * every other site is mapped onto it. Label-free: nothing but the features and sites is used.
 * Every value must be finite; every site needs at least 2 rows; at least 2 features must be
 * adjustable (the priors are estimated across features).
 */
export function fitCombat(
  table: FeatureTable,
  sites: readonly string[],
  referenceSite: string,
  options: CombatOptions = {},
): CombatParameters {
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 10000;
  if (sites.length !== table.rowCount) {
    throw new AppError(
      'harmonisation_input_invalid',
      `ComBat: ${sites.length} sites given for ${table.rowCount} rows.`,
    );
  }
  const siteNames = [...new Set(sites)].sort();
  const rowsOf = new Map(siteNames.map((s) => [s, [] as number[]]));
  sites.forEach((s, i) => {
    rowsOf.get(s)!.push(i);
  });
  if (!rowsOf.has(referenceSite)) {
    throw new AppError(
      'harmonisation_reference_missing',
      `ComBat: the reference site "${referenceSite}" has no rows (sites present: ${siteNames.join(', ')}).`,
      { details: { referenceSite, sites: siteNames } },
    );
  }
  for (const [site, rows] of rowsOf) {
    if (rows.length < 2) {
      throw new AppError(
        'harmonisation_site_too_small',
        `ComBat: site "${site}" has ${rows.length} row; at least 2 are needed to estimate its scale.`,
        { details: { site, rows: rows.length } },
      );
    }
  }
  table.columns.forEach((column, g) => {
    const i = column.findIndex((v) => !Number.isFinite(v));
    if (i >= 0) {
      throw new AppError(
        'harmonisation_value_missing',
        `ComBat: feature "${table.featureNames[g]}" is missing (or not finite) in row ${i + 1}.`,
        { details: { feature: table.featureNames[g], row: i + 1 } },
      );
    }
  });

  const pick = (column: Float64Array, rows: readonly number[]) => Float64Array.from(rows, (i) => column[i]!);
  const referenceRows = rowsOf.get(referenceSite)!;
  const adjusted = table.columns.map((column) =>
    siteNames.every((s) => sampleVariance(pick(column, rowsOf.get(s)!)) > 0),
  );
  const location = table.columns.map((column) => {
    const reference = pick(column, referenceRows);
    const m = mean(reference);
    let ss = 0;
    for (const v of reference) ss += (v - m) ** 2;
    return { mean: m, sd: Math.sqrt(ss / reference.length) };
  });
  const adjustedIndices = adjusted.flatMap((ok, g) => (ok ? [g] : []));
  if (adjustedIndices.length < 2) {
    throw new AppError(
      'harmonisation_too_few_features',
      `ComBat: ${adjustedIndices.length} feature(s) vary within every site; the empirical-Bayes priors need at least 2.`,
      { details: { adjustable: adjustedIndices.length } },
    );
  }

  const gamma = table.columns.map(() => ({}) as Record<string, number>);
  const delta = table.columns.map(() => ({}) as Record<string, number>);
  for (const site of siteNames) {
    if (site === referenceSite) continue;
    const rows = rowsOf.get(site)!;
    const z = adjustedIndices.map((g) => {
      const { mean: m, sd } = location[g]!;
      return Float64Array.from(rows, (i) => (table.columns[g]![i]! - m) / sd);
    });
    const solved = solveSite(z, site, tolerance, maxIterations);
    adjustedIndices.forEach((g, k) => {
      gamma[g]![site] = solved.gamma[k]!;
      delta[g]![site] = solved.delta[k]!;
    });
  }
  const features = table.featureNames.map((feature, g) => {
    const identity = Object.fromEntries(siteNames.map((s) => [s, 0]));
    const unit = Object.fromEntries(siteNames.map((s) => [s, 1]));
    return {
      feature,
      adjusted: adjusted[g]!,
      referenceMean: location[g]!.mean,
      referenceSd: location[g]!.sd,
      gamma: adjusted[g] ? { ...identity, ...gamma[g] } : identity,
      delta: adjusted[g] ? { ...unit, ...delta[g] } : unit,
    };
  });
  return { method: 'combat', referenceSite, sites: siteNames, features };
}

/** Keeps the parameters of the named features only, in that order (e.g. a model's selected ones). */
export function selectCombatFeatures(
  params: CombatParameters,
  features: readonly string[],
): CombatParameters {
  const byName = new Map(params.features.map((f) => [f.feature, f]));
  return {
    ...params,
    features: features.map((name) => {
      const f = byName.get(name);
      if (!f) {
        throw new AppError(
          'harmonisation_feature_unknown',
          `ComBat: feature "${name}" was not part of the harmonisation fit.`,
          { details: { feature: name } },
        );
      }
      return f;
    }),
  };
}

/**
 * Harmonises one row (feature name → raw value) from `site` onto the reference site; returns a new
 * row with every fitted feature present in `row` adjusted (others copied). Refuses a site the fit did
 * not see: its shift and scale are unknown, so its values cannot be mapped.
 */
export function applyCombat(
  params: CombatParameters,
  row: Readonly<Record<string, number>>,
  site: string,
): Record<string, number> {
  if (!params.sites.includes(site)) {
    throw new AppError(
      'harmonisation_site_unknown',
      `ComBat harmonisation was fitted on sites ${params.sites.map((s) => `"${s}"`).join(', ')}; site "${site}" was not among them, so its features cannot be harmonised.`,
      { details: { site, sites: params.sites } },
    );
  }
  const out: Record<string, number> = { ...row };
  if (site === params.referenceSite) return out;
  for (const f of params.features) {
    const value = row[f.feature];
    if (value === undefined || !f.adjusted) continue;
    out[f.feature] = harmoniseValue(f, value, site);
  }
  return out;
}

/** x* = ((x − m)/s − γ*)/δ* · s + m for a site known to be in the fit. */
function harmoniseValue(f: CombatFeatureParameters, value: number, site: string): number {
  const z = (value - f.referenceMean) / f.referenceSd;
  return ((z - f.gamma[site]!) / Math.sqrt(f.delta[site]!)) * f.referenceSd + f.referenceMean;
}

/** Harmonises a whole column-wise table, row i from `sites[i]`; see {@link applyCombat}. */
export function applyCombatToTable(
  params: CombatParameters,
  table: FeatureTable,
  sites: readonly string[],
): FeatureTable {
  for (const site of new Set(sites)) applyCombat(params, {}, site);
  const byName = new Map(params.features.map((f) => [f.feature, f]));
  const columns = table.columns.map((column, g) => {
    const f = byName.get(table.featureNames[g]!);
    if (!f?.adjusted) return column;
    return Float64Array.from(column, (v, i) =>
      sites[i] === params.referenceSite ? v : harmoniseValue(f, v, sites[i]!),
    );
  });
  return { featureNames: table.featureNames, columns, rowCount: table.rowCount };
}
