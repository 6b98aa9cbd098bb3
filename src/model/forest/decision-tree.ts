/**
 * A fitted CART classification tree in flat arrays (node 0 is the root), the layout scikit-learn
 * uses for `tree_`. Row x goes left at node t when x[feature[t]] ≤ threshold[t].
 */
export interface DecisionTree {
  readonly nodeCount: number;
  readonly classCount: number;
  /** Split feature per node; −1 marks a leaf. */
  readonly feature: Int32Array;
  /** Split threshold per node (midpoint between two adjacent distinct training values); 0 at leaves. */
  readonly threshold: Float64Array;
  /** Left / right child node per node; −1 at leaves. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /**
   * Class fractions per node, nodeCount × classCount row-major: weighted class count / weighted node
   * size, where the weight of a training row is its bootstrap multiplicity × its class weight.
   */
  readonly value: Float64Array;
  /** Gini impurity 1 − Σₖ pₖ² of each node, with pₖ the weighted class fractions above. */
  readonly impurity: Float64Array;
  /** Total weight of the training rows reaching each node. */
  readonly weightedSamples: Float64Array;
  /** Number of distinct training rows reaching each node. */
  readonly samples: Int32Array;
}

/** Index of the leaf that row `rowOffset` of row-major `values` reaches. */
export function findLeaf(tree: DecisionTree, values: Float64Array, rowOffset: number): number {
  const { feature, threshold, left, right } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    node = values[rowOffset + f]! <= threshold[node]! ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}
