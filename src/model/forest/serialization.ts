import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import type { DecisionTree } from './decision-tree.js';
import { forestOptionsSchema } from './forest-options.js';
import type { RandomForestModel } from './random-forest.js';

/** Identifies a serialised forest; bump `FOREST_FORMAT_VERSION` on any change of meaning. */
export const FOREST_FORMAT = 'her2-radiomics/random-forest';
export const FOREST_FORMAT_VERSION = 1;

const serializedTreeSchema = z.strictObject({
  feature: z.array(z.number().int().min(-1)),
  threshold: z.array(z.number()),
  left: z.array(z.number().int().min(-1)),
  right: z.array(z.number().int().min(-1)),
  value: z.array(z.number().min(0).max(1)),
  impurity: z.array(z.number()),
  weightedSamples: z.array(z.number().nonnegative()),
  samples: z.array(z.number().int().nonnegative()),
});

const serializedForestSchema = z.strictObject({
  format: z.literal(FOREST_FORMAT),
  version: z.literal(FOREST_FORMAT_VERSION),
  featureCount: z.number().int().positive(),
  classCount: z.number().int().min(2),
  options: forestOptionsSchema,
  trees: z.array(serializedTreeSchema).min(1),
});

/**
 * Plain-JSON form of a forest: each tree's node arrays as number arrays (JSON numbers round-trip
 * doubles exactly, so a reloaded forest predicts bit for bit the same).
 */
export type SerializedForest = z.infer<typeof serializedForestSchema>;

export function serializeForest(model: RandomForestModel): SerializedForest {
  return {
    format: FOREST_FORMAT,
    version: FOREST_FORMAT_VERSION,
    featureCount: model.featureCount,
    classCount: model.classCount,
    options: model.options,
    trees: model.trees.map((tree) => ({
      feature: Array.from(tree.feature),
      threshold: Array.from(tree.threshold),
      left: Array.from(tree.left),
      right: Array.from(tree.right),
      value: Array.from(tree.value),
      impurity: Array.from(tree.impurity),
      weightedSamples: Array.from(tree.weightedSamples),
      samples: Array.from(tree.samples),
    })),
  };
}

/**
 * Reads a forest back from parsed JSON, checking the format, the version and every tree's shape
 * (array lengths, child indices in range and after their parent, so traversal always ends; split
 * features in range; leaf class fractions summing to 1). Throws `invalid_forest_model`.
 */
export function deserializeForest(json: unknown): RandomForestModel {
  const parsed = serializedForestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`field "${issue.path.join('.') || '(root)'}": ${issue.message}`, { path: issue.path });
  }
  const { featureCount, classCount, options } = parsed.data;
  const trees = parsed.data.trees.map((t, index) => toTree(t, index, featureCount, classCount));
  return { featureCount, classCount, options, trees };
}

function toTree(
  t: z.infer<typeof serializedTreeSchema>,
  index: number,
  featureCount: number,
  classCount: number,
): DecisionTree {
  const nodeCount = t.feature.length;
  const lengths = [t.threshold, t.left, t.right, t.impurity, t.weightedSamples, t.samples].map(
    (a) => a.length,
  );
  if (
    nodeCount < 1 ||
    lengths.some((length) => length !== nodeCount) ||
    t.value.length !== nodeCount * classCount
  ) {
    throw invalid(`tree ${index} has node arrays of inconsistent lengths`, { tree: index });
  }
  for (let node = 0; node < nodeCount; node++) {
    const f = t.feature[node]!;
    const l = t.left[node]!;
    const r = t.right[node]!;
    if (f >= featureCount)
      throw invalid(`tree ${index}, node ${node} splits on feature ${f} of ${featureCount}`);
    const isLeaf = f < 0;
    const childrenOk = isLeaf
      ? l === -1 && r === -1
      : l > node && r > node && l < nodeCount && r < nodeCount && Number.isFinite(t.threshold[node]!);
    if (!childrenOk) throw invalid(`tree ${index}, node ${node} has invalid children or threshold`);
    if (isLeaf) {
      let sum = 0;
      for (let c = 0; c < classCount; c++) sum += t.value[node * classCount + c]!;
      if (Math.abs(sum - 1) > 1e-9)
        throw invalid(`tree ${index}, leaf ${node} class fractions sum to ${sum}`);
    }
  }
  return {
    nodeCount,
    classCount,
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    value: Float64Array.from(t.value),
    impurity: Float64Array.from(t.impurity),
    weightedSamples: Float64Array.from(t.weightedSamples),
    samples: Int32Array.from(t.samples),
  };
}

function invalid(problem: string, details?: Record<string, unknown>): AppError {
  return new AppError('invalid_forest_model', `Random forest model JSON: ${problem}.`, { details });
}
