import type { Random } from '../../src/synth/random.js';
import { topLevelElements, withLength } from './dicom-elements.js';

/**
 * A small seeded mutator for fuzzing the DICOM readers: byte flips, truncations, corrupted
 * length fields, duplicated and deleted chunks. Same seed, same mutations on every machine.
 */
export type MutationKind = 'flip' | 'truncate' | 'length' | 'duplicate' | 'delete';
export const MUTATION_KINDS: readonly MutationKind[] = ['flip', 'truncate', 'length', 'duplicate', 'delete'];

/** Lengths a corrupted length field gets: off by one, zero, huge, undefined, random. */
function corruptLength(random: Random, current: number): number {
  const choices = [
    0,
    1,
    current + 1,
    current - 1,
    current * 2,
    0xffff,
    0xfffffffe,
    0xffffffff,
    random.int(0, 1 << 20),
  ];
  return Math.max(0, choices[random.int(0, choices.length - 1)]!);
}

export function mutate(bytes: Uint8Array, kind: MutationKind, random: Random): Uint8Array {
  const n = bytes.length;
  switch (kind) {
    case 'flip': {
      const out = Uint8Array.from(bytes);
      const flips = random.int(1, 8);
      // after the preamble, where a flip means something
      for (let f = 0; f < flips; f++) out[random.int(Math.min(128, n - 1), n - 1)]! ^= 1 << random.int(0, 7);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, random.int(0, n - 1));
    case 'length': {
      const elements = topLevelElements(bytes);
      if (elements.length === 0) return bytes.slice(0, random.int(0, n - 1));
      const span = elements[random.int(0, elements.length - 1)]!;
      return withLength(bytes, span, corruptLength(random, span.length));
    }
    case 'duplicate': {
      const from = random.int(132, n - 1);
      const to = Math.min(n, from + random.int(1, 64));
      const at = random.int(132, n);
      const out = new Uint8Array(n + to - from);
      out.set(bytes.subarray(0, at), 0);
      out.set(bytes.subarray(from, to), at);
      out.set(bytes.subarray(at), at + to - from);
      return out;
    }
    case 'delete': {
      const from = random.int(132, n - 1);
      const to = Math.min(n, from + random.int(1, 64));
      const out = new Uint8Array(n - (to - from));
      out.set(bytes.subarray(0, from), 0);
      out.set(bytes.subarray(to), from);
      return out;
    }
  }
}
