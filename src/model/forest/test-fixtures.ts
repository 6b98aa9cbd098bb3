import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FeatureTable, featureTableFromRows } from './training-data.js';

/** Test helpers only: reads the scikit-learn fixtures of test/fixtures/sklearn/. */
export const sklearnFixtureDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/sklearn',
);

export interface SplitTable {
  readonly train: FeatureTable;
  readonly trainY: number[];
  readonly test: FeatureTable;
  readonly testY: number[];
}

/** Reads a fixture CSV (features…, label, split ∈ {train, test}). */
export function readSplitTable(fileName: string): SplitTable {
  const lines = readFileSync(path.join(sklearnFixtureDir, fileName), 'utf8').trim().split('\n');
  const featureCount = lines[0]!.split(',').length - 2;
  const rows = { train: [] as number[][], test: [] as number[][] };
  const labels = { train: [] as number[], test: [] as number[] };
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const split = cells[featureCount + 1] === 'train' ? 'train' : 'test';
    rows[split].push(cells.slice(0, featureCount).map(Number));
    labels[split].push(Number(cells[featureCount]));
  }
  return {
    train: featureTableFromRows(rows.train),
    trainY: labels.train,
    test: featureTableFromRows(rows.test),
    testY: labels.test,
  };
}

export function readFixtureJson<T>(fileName: string): T {
  return JSON.parse(readFileSync(path.join(sklearnFixtureDir, fileName), 'utf8')) as T;
}
