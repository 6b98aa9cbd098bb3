import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IDENTITY, type Vec3, type Volume } from '../../volume/index.js';

/** Repository root (tests only). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export function readFilterFixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/filters', name), 'utf8')) as T;
}

export function volumeOf(
  size: Vec3,
  values: ArrayLike<number>,
  spacing: Vec3 = [1, 1, 1],
): Volume<Float64Array> {
  return {
    geometry: { size, spacing, origin: [0, 0, 0], direction: IDENTITY },
    data: Float64Array.from(values),
  };
}

/** Largest |a − b| over voxels, optionally only those with `keep(i, j, k)`. */
export function maxAbsDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  size: Vec3,
  keep: (i: number, j: number, k: number) => boolean = () => true,
): number {
  let worst = 0;
  let n = 0;
  for (let k = 0; k < size[2]; k++) {
    for (let j = 0; j < size[1]; j++) {
      for (let i = 0; i < size[0]; i++, n++) {
        if (keep(i, j, k)) worst = Math.max(worst, Math.abs(a[n]! - b[n]!));
      }
    }
  }
  return worst;
}

export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let n = 0; n < values.length; n++) m = Math.max(m, Math.abs(values[n]!));
  return m;
}

/** A seeded PRNG (mulberry32) in [0, 1) for test inputs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
