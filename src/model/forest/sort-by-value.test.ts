import { describe, expect, it } from 'vitest';
import { createXoshiro128 } from './prng.js';
import { sortByValue } from './sort-by-value.js';

describe('sortByValue', () => {
  it.each([0, 1, 2, 15, 17, 100, 1000])(
    'sorts %i values with many ties and carries the indices along',
    (n) => {
      const rng = createXoshiro128(n + 1);
      const values = Float64Array.from(
        { length: n },
        () => rng.nextInt(7) - 3 + (rng.nextInt(4) === 0 ? 0.5 : 0),
      );
      const original = values.slice();
      const indices = Int32Array.from({ length: n }, (_, i) => i);
      sortByValue(values, indices, 0, n);
      expect(Array.from(values)).toEqual(Array.from(original).sort((a, b) => a - b));
      for (let i = 0; i < n; i++) expect(original[indices[i]!]).toBe(values[i]);
    },
  );

  it('sorts only the requested range', () => {
    const values = Float64Array.from([9, 3, 2, 1, 0]);
    const indices = Int32Array.from([0, 1, 2, 3, 4]);
    sortByValue(values, indices, 1, 4);
    expect(Array.from(values)).toEqual([9, 1, 2, 3, 0]);
    expect(Array.from(indices)).toEqual([0, 3, 2, 1, 4]);
  });
});
