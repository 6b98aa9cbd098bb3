import type { Random } from './random.js';

/**
 * Smooth 3D texture: gradient (Perlin-style) noise on a lattice with seeded gradients, summed
 * over octaves. Values are roughly in [-1, 1]; `scale` is the feature size in mm.
 */
export interface Noise3 {
  at(x: number, y: number, z: number): number;
}

const TABLE = 256;

export function createNoise(random: Random, scale: number, octaves = 3, persistence = 0.5): Noise3 {
  const perm = new Uint8Array(TABLE * 2);
  const base = Array.from({ length: TABLE }, (_, i) => i);
  for (let i = TABLE - 1; i > 0; i--) {
    const j = random.int(0, i);
    [base[i], base[j]] = [base[j]!, base[i]!];
  }
  for (let i = 0; i < TABLE * 2; i++) perm[i] = base[i % TABLE]!;
  const gx = new Float64Array(TABLE);
  const gy = new Float64Array(TABLE);
  const gz = new Float64Array(TABLE);
  for (let i = 0; i < TABLE; i++) {
    const u = random.uniform(-1, 1);
    const t = random.uniform(0, 2 * Math.PI);
    const s = Math.sqrt(1 - u * u);
    gx[i] = s * Math.cos(t);
    gy[i] = s * Math.sin(t);
    gz[i] = u;
  }
  const fade = (t: number) => t * t * t * (t * (t * 6 - 15) + 10);
  const grad = (ix: number, iy: number, iz: number, dx: number, dy: number, dz: number) => {
    const h = perm[(perm[(perm[ix & 255]! + (iy & 255)) & 511]! + (iz & 255)) & 511]!;
    return gx[h]! * dx + gy[h]! * dy + gz[h]! * dz;
  };
  const single = (x: number, y: number, z: number) => {
    const ix = Math.floor(x);
    const iy = Math.floor(y);
    const iz = Math.floor(z);
    const fx = x - ix;
    const fy = y - iy;
    const fz = z - iz;
    const u = fade(fx);
    const v = fade(fy);
    const w = fade(fz);
    const lerp = (a: number, b: number, t: number) => a + t * (b - a);
    const x00 = lerp(grad(ix, iy, iz, fx, fy, fz), grad(ix + 1, iy, iz, fx - 1, fy, fz), u);
    const x10 = lerp(grad(ix, iy + 1, iz, fx, fy - 1, fz), grad(ix + 1, iy + 1, iz, fx - 1, fy - 1, fz), u);
    const x01 = lerp(grad(ix, iy, iz + 1, fx, fy, fz - 1), grad(ix + 1, iy, iz + 1, fx - 1, fy, fz - 1), u);
    const x11 = lerp(
      grad(ix, iy + 1, iz + 1, fx, fy - 1, fz - 1),
      grad(ix + 1, iy + 1, iz + 1, fx - 1, fy - 1, fz - 1),
      u,
    );
    return lerp(lerp(x00, x10, v), lerp(x01, x11, v), w);
  };
  const offset = [random.uniform(0, 100), random.uniform(0, 100), random.uniform(0, 100)] as const;
  let norm = 0;
  for (let o = 0, amp = 1; o < octaves; o++, amp *= persistence) norm += amp;
  return {
    at(x, y, z) {
      let sum = 0;
      let amp = 1;
      let freq = 1 / scale;
      for (let o = 0; o < octaves; o++) {
        sum += amp * single(x * freq + offset[0], y * freq + offset[1], z * freq + offset[2]);
        amp *= persistence;
        freq *= 2;
      }
      // gradient noise rarely exceeds ±0.7 per octave; rescale towards [-1, 1]
      return (1.4 * sum) / norm;
    },
  };
}
