/**
 * Sorts `values[start, end)` ascending in place and applies the same permutation to `indices`.
 * Quicksort with median-of-three pivot and three-way partition (radiomic features often have many
 * ties after discretisation), insertion sort below 16 elements; recursion only on the smaller side,
 * so the stack stays O(log n). Written here because Array.prototype.sort cannot co-sort two typed
 * arrays without allocating per-element objects, which is the forest's hot loop.
 */
export function sortByValue(values: Float64Array, indices: Int32Array, start: number, end: number): void {
  let lo = start;
  let hi = end;
  while (hi - lo > 16) {
    const pivot = medianOfThree(values[lo]!, values[(lo + hi) >>> 1]!, values[hi - 1]!);
    // Three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot.
    let lt = lo;
    let i = lo;
    let gt = hi - 1;
    while (i <= gt) {
      const v = values[i]!;
      if (v < pivot) {
        swap(values, indices, lt, i);
        lt++;
        i++;
      } else if (v > pivot) {
        swap(values, indices, i, gt);
        gt--;
      } else {
        i++;
      }
    }
    if (lt - lo < hi - (gt + 1)) {
      sortByValue(values, indices, lo, lt);
      lo = gt + 1;
    } else {
      sortByValue(values, indices, gt + 1, hi);
      hi = lt;
    }
  }
  insertionSort(values, indices, lo, hi);
}

function insertionSort(values: Float64Array, indices: Int32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const v = values[i]!;
    const idx = indices[i]!;
    let j = i - 1;
    while (j >= start && values[j]! > v) {
      values[j + 1] = values[j]!;
      indices[j + 1] = indices[j]!;
      j--;
    }
    values[j + 1] = v;
    indices[j + 1] = idx;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) {
    if (b < c) return b;
    return Math.max(a, c);
  }
  if (a < c) return a;
  return Math.max(b, c);
}

function swap(values: Float64Array, indices: Int32Array, i: number, j: number): void {
  const v = values[i]!;
  values[i] = values[j]!;
  values[j] = v;
  const idx = indices[i]!;
  indices[i] = indices[j]!;
  indices[j] = idx;
}
