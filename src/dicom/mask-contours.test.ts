import { describe, expect, it } from 'vitest';
import { tracePixelBoundaries } from './mask-contours.js';
import { fillEvenOdd } from './rtstruct-reader.js';

/** Park–Miller generator: random but reproducible test masks. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

function refill(plane: Uint8Array, nx: number, ny: number): Uint8Array {
  const polygons = tracePixelBoundaries(plane, nx, ny).map((p) => ({
    u: p.corners.filter((_, n) => n % 2 === 0).map((x) => x - 0.5),
    v: p.corners.filter((_, n) => n % 2 === 1).map((y) => y - 0.5),
  }));
  const out = new Uint8Array(nx * ny);
  fillEvenOdd(polygons, nx, ny, out);
  return out;
}

describe('tracePixelBoundaries', () => {
  it('a 3×2 block gives one 4-corner loop', () => {
    const plane = new Uint8Array(5 * 4);
    for (const j of [1, 2]) for (const i of [1, 2, 3]) plane[i + 5 * j] = 1;
    const loops = tracePixelBoundaries(plane, 5, 4);
    expect(loops).toHaveLength(1);
    expect(loops[0]!.corners).toEqual([1, 1, 4, 1, 4, 3, 1, 3]);
  });

  it('a ring gives an outer loop and a hole loop; even-odd refill restores it', () => {
    const nx = 7;
    const plane = new Uint8Array(nx * nx);
    for (let j = 1; j < 6; j++) for (let i = 1; i < 6; i++) plane[i + nx * j] = i === 3 && j === 3 ? 0 : 1;
    expect(tracePixelBoundaries(plane, nx, nx)).toHaveLength(2);
    expect(refill(plane, nx, nx)).toEqual(plane);
  });

  it('random masks (diagonal touches, holes, edges of the image) are restored exactly by even-odd refill', () => {
    const random = lcg(12345);
    for (let trial = 0; trial < 50; trial++) {
      const nx = 3 + Math.floor(random() * 20);
      const ny = 3 + Math.floor(random() * 20);
      const density = 0.2 + 0.6 * random();
      const plane = new Uint8Array(nx * ny).map(() => (random() < density ? 1 : 0));
      expect(refill(plane, nx, ny)).toEqual(plane);
    }
  });
});
