import type { DecisionTree } from './decision-tree.js';
import type { Prng } from './prng.js';
import { sortByValue } from './sort-by-value.js';

/** Growth limits of one tree, with max features already resolved to a count. */
export interface CartParameters {
  /** Features drawn (without replacement) at each split. */
  readonly maxFeatures: number;
  /** Deepest node level (root = 0); Infinity for no limit. */
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
}

/** Training data as the tree builder reads it. */
export interface CartData {
  /** Column-major features: row i, feature j at `columns[j * rows + i]`. */
  readonly columns: Float64Array;
  readonly rows: number;
  readonly featureCount: number;
  /** Class index per row. */
  readonly labels: Int32Array;
  readonly classCount: number;
}

/**
 * Two values closer than this are treated as equal when placing thresholds; scikit-learn's
 * FEATURE_THRESHOLD, so that both libraries see the same candidate splits.
 */
const FEATURE_TOLERANCE = 1e-7;
/** A node with impurity at or below this is pure (scikit-learn's EPSILON, the double machine epsilon). */
const PURE_IMPURITY = Number.EPSILON;

/**
 * Grows one CART classification tree (Breiman et al. 1984) on the rows with non-zero `weights`,
 * depth first, choosing at each node the split with the largest weighted Gini decrease, exactly as
 * scikit-learn's `DecisionTreeClassifier` with its best splitter:
 *
 * - candidate thresholds are midpoints between adjacent distinct sorted values of a feature;
 * - features are visited in random order and the search stops after `maxFeatures` of them, but
 *   continues past that while every feature visited so far was constant in the node;
 * - the split maximises −W_L·G_L − W_R·G_R (G the children's Gini impurities, W their weighted
 *   sizes), which orders splits like the impurity decrease W_node·G_node − W_L·G_L − W_R·G_R;
 *   ties keep the first split found;
 * - a node is a leaf when it is pure, at `maxDepth`, has fewer than `minSamplesSplit` distinct rows,
 *   or no split leaves `minSamplesLeaf` distinct rows on both sides.
 *
 * Two deliberate differences: scikit-learn casts features to float32 before fitting and
 * predicting, we keep float64 (radiomic features need not fit in 7 digits; values distinct in
 * float64 but equal in float32 can therefore split here and not there); and its random feature
 * order comes from its own generator, so exactly tied splits may be broken differently.
 *
 * `weights[i]` is row i's bootstrap multiplicity × class weight. `rng` is consumed for feature order.
 */
export function growTree(
  data: CartData,
  weights: Float64Array,
  params: CartParameters,
  rng: Prng,
): DecisionTree {
  const { columns, rows, labels, classCount: k } = data;

  let sampleCount = 0;
  for (let i = 0; i < rows; i++) if (weights[i]! > 0) sampleCount++;
  const samples = new Int32Array(sampleCount);
  for (let i = 0, s = 0; i < rows; i++) if (weights[i]! > 0) samples[s++] = i;

  const builder = new TreeArrays(k, Math.max(16, 2 * sampleCount));
  const splitter = new BestSplitter(data, weights, params, rng, sampleCount);
  const nodeCounts = new Float64Array(k);

  // Explicit stack of pending nodes: start, end, depth, parent, isLeft (1/0).
  const stack: number[] = [0, sampleCount, 0, -1, 0];
  while (stack.length > 0) {
    const isLeft = stack.pop()!;
    const parent = stack.pop()!;
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;

    nodeCounts.fill(0);
    for (let s = start; s < end; s++) {
      const row = samples[s]!;
      nodeCounts[labels[row]!]! += weights[row]!;
    }
    let nodeWeight = 0;
    for (let c = 0; c < k; c++) nodeWeight += nodeCounts[c]!;
    const impurity = gini(nodeCounts, nodeWeight);
    const n = end - start;
    const node = builder.addNode(parent, isLeft === 1, nodeCounts, nodeWeight, impurity, n);

    const isLeaf =
      depth >= params.maxDepth ||
      n < params.minSamplesSplit ||
      n < 2 * params.minSamplesLeaf ||
      impurity <= PURE_IMPURITY;
    if (isLeaf) continue;

    if (!splitter.findBestSplit(samples, start, end, nodeCounts, nodeWeight)) continue; // stays a leaf
    const bestFeature = splitter.bestFeature;
    const bestThreshold = splitter.bestThreshold;

    const middle = partitionRows(samples, start, end, columns.subarray(bestFeature * rows), bestThreshold);
    builder.setSplit(node, bestFeature, bestThreshold);
    // Push right first so the left subtree is grown first (node order as scikit-learn's depth-first builder).
    stack.push(middle, end, depth + 1, node, 0);
    stack.push(start, middle, depth + 1, node, 1);
  }
  return builder.finish();
}

/**
 * Finds a node's best split (see {@link growTree}); owns the scratch arrays so that the search
 * allocates nothing per node or per row.
 */
class BestSplitter {
  bestFeature = -1;
  bestThreshold = 0;
  private readonly featureOrder: Int32Array;
  private readonly sortedValues: Float64Array;
  private readonly sortedSamples: Int32Array;
  private readonly leftCounts: Float64Array;

  constructor(
    private readonly data: CartData,
    private readonly weights: Float64Array,
    private readonly params: CartParameters,
    private readonly rng: Prng,
    maxNodeSize: number,
  ) {
    this.featureOrder = Int32Array.from({ length: data.featureCount }, (_, j) => j);
    this.sortedValues = new Float64Array(maxNodeSize);
    this.sortedSamples = new Int32Array(maxNodeSize);
    this.leftCounts = new Float64Array(data.classCount);
  }

  /** Searches rows `samples[start, end)`; true and `bestFeature`/`bestThreshold` set if a valid split exists. */
  findBestSplit(
    samples: Int32Array,
    start: number,
    end: number,
    nodeCounts: Float64Array,
    nodeWeight: number,
  ): boolean {
    const { columns, rows, featureCount, labels, classCount: k } = this.data;
    const { featureOrder, sortedValues, sortedSamples, leftCounts, weights, params, rng } = this;
    const n = end - start;
    let bestProxy = Number.NEGATIVE_INFINITY;
    this.bestFeature = -1;
    let visited = 0;
    let constants = 0;
    for (let f = 0; f < featureCount && (visited < params.maxFeatures || visited <= constants); f++) {
      // Lazy Fisher–Yates: draw the next feature from those not yet visited at this node.
      const pick = f + rng.nextInt(featureCount - f);
      const feature = featureOrder[pick]!;
      featureOrder[pick] = featureOrder[f]!;
      featureOrder[f] = feature;
      visited++;

      const offset = feature * rows;
      for (let s = 0; s < n; s++) {
        const row = samples[start + s]!;
        sortedSamples[s] = row;
        sortedValues[s] = columns[offset + row]!;
      }
      sortByValue(sortedValues, sortedSamples, 0, n);
      if (sortedValues[n - 1]! <= sortedValues[0]! + FEATURE_TOLERANCE) {
        constants++;
        continue;
      }

      // Move rows left one at a time in sorted order; evaluate each boundary between distinct values.
      leftCounts.fill(0);
      let leftWeight = 0;
      for (let pos = 1; pos < n; pos++) {
        const moved = sortedSamples[pos - 1]!;
        const w = weights[moved]!;
        leftCounts[labels[moved]!]! += w;
        leftWeight += w;
        if (sortedValues[pos]! <= sortedValues[pos - 1]! + FEATURE_TOLERANCE) continue;
        if (pos < params.minSamplesLeaf || n - pos < params.minSamplesLeaf) continue;
        const rightWeight = nodeWeight - leftWeight;
        if (leftWeight <= 0 || rightWeight <= 0) continue;
        let sumLeft = 0;
        let sumRight = 0;
        for (let c = 0; c < k; c++) {
          const l = leftCounts[c]!;
          const r = nodeCounts[c]! - l;
          sumLeft += l * l;
          sumRight += r * r;
        }
        // Same expression and operation order as scikit-learn (−W_R·G_R − W_L·G_L), so that splits
        // equal in exact arithmetic round alike and the first one found wins in both libraries.
        const proxy =
          -rightWeight * (1 - sumRight / (rightWeight * rightWeight)) -
          leftWeight * (1 - sumLeft / (leftWeight * leftWeight));
        if (proxy > bestProxy) {
          bestProxy = proxy;
          this.bestFeature = feature;
          this.bestThreshold = midpoint(sortedValues[pos - 1]!, sortedValues[pos]!);
        }
      }
    }
    return this.bestFeature >= 0;
  }
}

/**
 * Reorders `samples[start, end)` so rows with `column[row] ≤ threshold` come first; returns the
 * index of the first row that goes right.
 */
function partitionRows(
  samples: Int32Array,
  start: number,
  end: number,
  column: Float64Array,
  threshold: number,
): number {
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (column[samples[i]!]! <= threshold) {
      i++;
    } else {
      const tmp = samples[i]!;
      samples[i] = samples[j]!;
      samples[j] = tmp;
      j--;
    }
  }
  return i;
}

/** Gini impurity 1 − Σₖ (cₖ/W)² of weighted class counts c with total W. */
export function gini(counts: Float64Array, total: number): number {
  if (total <= 0) return 0;
  let sumSquares = 0;
  for (let c = 0; c < counts.length; c++) {
    const p = counts[c]! / total;
    sumSquares += p * p;
  }
  return 1 - sumSquares;
}

/**
 * Threshold between adjacent sorted values a < b: (a + b)/2 computed as a/2 + b/2 to avoid overflow;
 * if rounding lands it on b (or makes it infinite), a is used so that b still goes right.
 */
function midpoint(a: number, b: number): number {
  const t = a / 2 + b / 2;
  return t === b || !Number.isFinite(t) ? a : t;
}

/** Growable flat node storage, trimmed to typed arrays by `finish`. */
class TreeArrays {
  private capacity: number;
  private count = 0;
  private feature: Int32Array;
  private threshold: Float64Array;
  private left: Int32Array;
  private right: Int32Array;
  private value: Float64Array;
  private impurity: Float64Array;
  private weightedSamples: Float64Array;
  private samples: Int32Array;

  constructor(
    private readonly classCount: number,
    initialCapacity: number,
  ) {
    this.capacity = initialCapacity;
    this.feature = new Int32Array(initialCapacity);
    this.threshold = new Float64Array(initialCapacity);
    this.left = new Int32Array(initialCapacity);
    this.right = new Int32Array(initialCapacity);
    this.value = new Float64Array(initialCapacity * classCount);
    this.impurity = new Float64Array(initialCapacity);
    this.weightedSamples = new Float64Array(initialCapacity);
    this.samples = new Int32Array(initialCapacity);
  }

  addNode(
    parent: number,
    isLeft: boolean,
    counts: Float64Array,
    weight: number,
    impurity: number,
    samples: number,
  ): number {
    if (this.count === this.capacity) this.grow();
    const node = this.count++;
    this.feature[node] = -1;
    this.left[node] = -1;
    this.right[node] = -1;
    this.impurity[node] = impurity;
    this.weightedSamples[node] = weight;
    this.samples[node] = samples;
    const k = this.classCount;
    for (let c = 0; c < k; c++) this.value[node * k + c] = weight > 0 ? counts[c]! / weight : 1 / k;
    if (parent >= 0) {
      if (isLeft) this.left[parent] = node;
      else this.right[parent] = node;
    }
    return node;
  }

  setSplit(node: number, feature: number, threshold: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
  }

  finish(): DecisionTree {
    const n = this.count;
    return {
      nodeCount: n,
      classCount: this.classCount,
      feature: this.feature.slice(0, n),
      threshold: this.threshold.slice(0, n),
      left: this.left.slice(0, n),
      right: this.right.slice(0, n),
      value: this.value.slice(0, n * this.classCount),
      impurity: this.impurity.slice(0, n),
      weightedSamples: this.weightedSamples.slice(0, n),
      samples: this.samples.slice(0, n),
    };
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const growInt = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    const growFloat = (a: Float64Array, size: number) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.feature = growInt(this.feature);
    this.left = growInt(this.left);
    this.right = growInt(this.right);
    this.samples = growInt(this.samples);
    this.threshold = growFloat(this.threshold, capacity);
    this.impurity = growFloat(this.impurity, capacity);
    this.weightedSamples = growFloat(this.weightedSamples, capacity);
    this.value = growFloat(this.value, capacity * this.classCount);
    this.capacity = capacity;
  }
}
