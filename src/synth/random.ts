import { createHash } from 'node:crypto';
import { hashedUid } from '../dicom/uids.js';

/**
 * Seeded randomness for the synthetic data: the same seed and key give the same numbers on
 * every machine. sfc32 (Chris Doty-Humphrey's Small Fast Counter, PractRand-clean) on a
 * SHA-256-derived state; normals by Box–Muller.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Standard normal. */
  normal(): number;
  /** An independent stream for a named sub-task (adding a draw elsewhere does not shift it). */
  fork(key: string): Random;
}

export function createRandom(seed: string | number): Random {
  const digest = createHash('sha256').update(String(seed)).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const nextUint32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let n = 0; n < 12; n++) nextUint32();
  let spare: number | null = null;
  const random: Random = {
    next: () => nextUint32() / 4294967296,
    uniform: (lo, hi) => lo + (hi - lo) * random.next(),
    int: (lo, hi) => lo + Math.floor(random.next() * (hi - lo + 1)),
    normal: () => {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = random.next();
      const v = random.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (key) => createRandom(`${seed}/${key}`),
  };
  return random;
}

/**
 * A DICOM UID under the 2.25 root (ITU-T X.667: a UUID as one decimal integer), derived from a
 * seed and a name, so regenerating with the same seed gives the same UIDs.
 */
export function derivedUid(...parts: (string | number)[]): string {
  return hashedUid(...parts);
}
