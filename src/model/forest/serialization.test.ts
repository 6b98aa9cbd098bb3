import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { createXoshiro128 } from './prng.js';
import { fitRandomForest, predictProbabilities } from './random-forest.js';
import {
  deserializeForest,
  FOREST_FORMAT_VERSION,
  type SerializedForest,
  serializeForest,
} from './serialization.js';
import { featureTableFromRows } from './training-data.js';

const rng = createXoshiro128(17);
const rows = Array.from({ length: 80 }, () => [
  rng.nextFloat(),
  rng.nextFloat() * 1e-9,
  rng.nextFloat() * 1e6,
]);
const labels = rows.map((r) => (r[0]! + r[2]! / 1e6 > 1 ? 1 : 0));
const table = featureTableFromRows(rows);
const fit = fitRandomForest(
  table,
  labels,
  { treeCount: 15, maxDepth: 6, classWeight: 'balanced' },
  createXoshiro128(2),
);

function reparsed(): SerializedForest {
  return JSON.parse(JSON.stringify(serializeForest(fit.model))) as SerializedForest;
}

function errorOf(json: unknown): AppError {
  try {
    deserializeForest(json);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('deserializeForest accepted invalid input');
}

describe('forest serialisation', () => {
  it('round-trips through JSON text with bit-identical predictions and options', () => {
    const loaded = deserializeForest(reparsed());
    expect(loaded.options).toEqual(fit.model.options);
    expect(loaded.trees.map((t) => t.nodeCount)).toEqual(fit.model.trees.map((t) => t.nodeCount));
    expect(Array.from(predictProbabilities(loaded, table))).toEqual(
      Array.from(predictProbabilities(fit.model, table)),
    );
    expect(Array.from(loaded.trees[3]!.threshold)).toEqual(Array.from(fit.model.trees[3]!.threshold));
  });

  it('rejects another format version', () => {
    const json = { ...reparsed(), version: FOREST_FORMAT_VERSION + 1 };
    const error = errorOf(json);
    expect(error.code).toBe('invalid_forest_model');
    expect(error.message).toMatch(/version/);
  });

  it('rejects children pointing backwards (would loop) or out of range', () => {
    const json = reparsed();
    const tree = json.trees[0]!;
    const split = tree.feature.findIndex((f) => f >= 0);
    tree.left[split] = 0;
    expect(errorOf(json).message).toMatch(/tree 0, node 0 has invalid children/);
    const other = reparsed();
    other.trees[1]!.right[0] = other.trees[1]!.feature.length;
    expect(errorOf(other).message).toMatch(/tree 1, node 0/);
  });

  it('rejects inconsistent arrays, unknown features and leaf fractions not summing to 1', () => {
    const short = reparsed();
    short.trees[0]!.threshold.pop();
    expect(errorOf(short).message).toMatch(/inconsistent lengths/);
    const feature = reparsed();
    feature.trees[0]!.feature[0] = 3;
    expect(errorOf(feature).message).toMatch(/feature 3 of 3/);
    const fractions = reparsed();
    const leaf = fractions.trees[0]!.feature.indexOf(-1);
    fractions.trees[0]!.value[leaf * 2] = 0.1;
    fractions.trees[0]!.value[leaf * 2 + 1] = 0.1;
    expect(errorOf(fractions).message).toMatch(/sum to/);
    expect(errorOf({ format: 'something else' }).message).toMatch(/format/);
  });
});
