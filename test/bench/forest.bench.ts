import { performance } from 'node:perf_hooks';
import {
  createXoshiro128,
  type FeatureTable,
  featureTableFromRows,
  fitRandomForest,
  outOfBagProbabilities,
} from '../../src/model/index.js';

/** One benchmark case: a table shape and what was measured on it. */
export interface ForestBenchResult {
  readonly rows: number;
  readonly features: number;
  readonly forests: number;
  readonly trees: number;
  /** Median wall time of one forest fit, ms. */
  readonly medianFitMs: number;
  /** Wall time of all fits together, ms. */
  readonly totalFitMs: number;
  /** Median wall time of the out-of-bag probabilities of one forest, ms. */
  readonly medianOobMs: number;
}

/** A radiomics-like table: 140 patients, a few informative correlated features among noise, ~35% positive. */
function syntheticCohort(
  rows: number,
  features: number,
  seed: number,
): { table: FeatureTable; labels: number[] } {
  const rng = createXoshiro128(seed);
  const gaussian = () => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const values: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < rows; i++) {
    const latent = gaussian();
    const row = Array.from({ length: features }, (_, j) =>
      j < 5 ? 0.6 * latent + 0.8 * gaussian() : gaussian(),
    );
    values.push(row);
    labels.push(latent + 0.7 * gaussian() > 0.4 ? 1 : 0);
  }
  return { table: featureTableFromRows(values), labels };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Fits 8 forests of 500 trees (the cross-validated training of one model) on 140 × 30 and
 * 140 × 200 tables and prints the median and total fit times. Target: feature selection plus
 * eight forests under 30 s.
 */
export function runForestBenchmark(
  shapes: readonly { rows: number; features: number }[] = [
    { rows: 140, features: 30 },
    { rows: 140, features: 200 },
  ],
  forests = 8,
  trees = 500,
): ForestBenchResult[] {
  const results: ForestBenchResult[] = [];
  for (const { rows, features } of shapes) {
    const { table, labels } = syntheticCohort(rows, features, 2026);
    // Warm-up so the JIT has compiled the hot loop before timing.
    fitRandomForest(table, labels, { treeCount: 20 }, createXoshiro128(999));
    const fitTimes: number[] = [];
    const oobTimes: number[] = [];
    for (let f = 0; f < forests; f++) {
      const start = performance.now();
      const fit = fitRandomForest(
        table,
        labels,
        { treeCount: trees, classWeight: 'balanced' },
        createXoshiro128(f),
      );
      const fitted = performance.now();
      outOfBagProbabilities(fit, table);
      oobTimes.push(performance.now() - fitted);
      fitTimes.push(fitted - start);
    }
    const result: ForestBenchResult = {
      rows,
      features,
      forests,
      trees,
      medianFitMs: median(fitTimes),
      totalFitMs: fitTimes.reduce((a, b) => a + b, 0),
      medianOobMs: median(oobTimes),
    };
    console.log(
      `forest ${rows}×${features}: ${forests} forests × ${trees} trees — median fit ${result.medianFitMs.toFixed(0)} ms, ` +
        `total ${(result.totalFitMs / 1000).toFixed(2)} s, median OOB ${result.medianOobMs.toFixed(0)} ms`,
    );
    results.push(result);
  }
  return results;
}
