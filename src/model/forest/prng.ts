import { AppError } from '../../errors/index.js';

/**
 * A seeded source of pseudo-random numbers. Everything random in training (bootstrap draws,
 * feature sampling at each split, permutations) takes one of these, so a fixed seed gives a
 * bit-identical model on every machine.
 */
export interface Prng {
  /** Next 32-bit unsigned integer, uniform on [0, 2^32). */
  nextUint32(): number;
  /** Next integer, uniform on [0, bound), for 1 ≤ bound ≤ 2^32. */
  nextInt(bound: number): number;
  /** Next double, uniform on [0, 1) with 53 random bits. */
  nextFloat(): number;
}

/**
 * xoshiro128** 1.0 (Blackman & Vigna, 2018): 128-bit state, period 2^128 − 1, passes BigCrush.
 * Written here rather than taken from a package because it is twenty lines and the exact
 * sequence must never change under us (a model's reproducibility depends on it).
 *
 * The 128-bit state is filled from the 32-bit seed with SplitMix32 (Steele, Lea & Flood; the
 * 32-bit variant of SplitMix64), as the xoshiro authors recommend, so nearby seeds give
 * unrelated streams and the all-zero state cannot occur.
 */
export function createXoshiro128(seed: number): Prng {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AppError('invalid_seed', `PRNG seed must be an integer in [0, 2^32 − 1]; found ${seed}.`, {
      details: { seed },
    });
  }
  let splitMixState = seed >>> 0;
  const splitMix32 = (): number => {
    splitMixState = (splitMixState + 0x9e3779b9) >>> 0;
    let z = splitMixState;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return createXoshiro128FromState([splitMix32(), splitMix32(), splitMix32(), splitMix32()]);
}

/**
 * xoshiro128** started from an explicit 128-bit state (four 32-bit words s0..s3), as the
 * reference C code takes it; used by {@link createXoshiro128} and to check published test vectors.
 */
export function createXoshiro128FromState(state: readonly [number, number, number, number]): Prng {
  let [s0, s1, s2, s3] = state.map((word) => word >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) {
    throw new AppError('invalid_seed', 'xoshiro128** state must not be all zero (it is a fixed point).');
  }

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const nextInt = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x100000000) {
      throw new AppError('invalid_bound', `PRNG bound must be an integer in [1, 2^32]; found ${bound}.`);
    }
    // Rejection sampling removes the modulo bias: accept only draws below the largest multiple of bound.
    const limit = 0x100000000 - (0x100000000 % bound);
    for (;;) {
      const draw = nextUint32();
      if (draw < limit) return draw % bound;
    }
  };

  const nextFloat = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992; // (high·2^26 + low) / 2^53
  };

  return { nextUint32, nextInt, nextFloat };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher–Yates shuffle of `values` in place, driven by `rng`. */
export function shuffleInPlace(values: Int32Array | Float64Array | number[], rng: Prng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const tmp = values[i]!;
    values[i] = values[j]!;
    values[j] = tmp;
  }
}
