import { describe, expect, it } from 'vitest';
import { stratifiedFoldIds } from './fold-ids.js';

/** Small deterministic generator for tests (mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('stratifiedFoldIds', () => {
  const labels = Uint8Array.from({ length: 47 }, (_, i) => (i % 3 === 0 ? 1 : 0)); // 16 positive, 31 negative

  it('balances fold sizes and classes', () => {
    const ids = stratifiedFoldIds(labels, 5, mulberry32(7));
    const sizes = [0, 0, 0, 0, 0];
    const positives = [0, 0, 0, 0, 0];
    ids.forEach((id, i) => {
      sizes[id - 1]!++;
      positives[id - 1]! += labels[i]!;
    });
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed and changes with it', () => {
    const a = stratifiedFoldIds(labels, 5, mulberry32(7));
    expect(stratifiedFoldIds(labels, 5, mulberry32(7))).toEqual(a);
    expect(stratifiedFoldIds(labels, 5, mulberry32(8))).not.toEqual(a);
  });

  it('rejects fewer than 3 folds or more folds than rows', () => {
    expect(() => stratifiedFoldIds(labels, 2, mulberry32(1))).toThrow(/folds must be/);
    expect(() => stratifiedFoldIds(Uint8Array.of(0, 1, 0), 5, mulberry32(1))).toThrow(/Cannot make 5 folds/);
  });
});
