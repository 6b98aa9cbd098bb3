import type { FrameHeader } from '../header.js';
import type { PhaseKey } from './site-rules.js';

/** A frame with the instance it came from. */
export interface FrameRef {
  readonly sopInstanceUid: string;
  readonly frame: FrameHeader;
}

export interface TemporalPhase {
  /** 1-based, in time order (phase 1 is the earliest). */
  readonly index: number;
  /** First and last value of the phase key in this phase, as written in the header. */
  readonly keyRange: readonly [string, string];
  readonly frames: readonly FrameRef[];
}

export interface PhaseDetection {
  /** Number of temporal phases, or null when the frames cannot be split consistently. */
  readonly count: number | null;
  /** Key that separated the phases (null for a single phase or a failure). */
  readonly key: PhaseKey | null;
  readonly phases: readonly TemporalPhase[];
  /** Human-readable evidence or the reason detection failed. */
  readonly reason: string;
}

/**
 * Splits the frames of one series into temporal phases.
 *
 * Frames are grouped by (frame type, slice position); frames of different types at one position
 * (e.g. magnitude and field map) are not phases of each other. With n frames at every position,
 * each key of `keys` is tried in order: at every position the n values must be distinct, the
 * frame of rank r (sorted by the key) goes to phase r, and the phases must not overlap (latest
 * value of phase r < earliest of phase r+1, across all positions). This tolerates the one-second
 * jitter of AcquisitionTime across slices of one phase while refusing interleaved values.
 */
export function detectPhases(frames: readonly FrameRef[], keys: readonly PhaseKey[]): PhaseDetection {
  if (frames.length === 0) return { count: null, key: null, phases: [], reason: 'no image frames' };
  const groups = new Map<string, FrameRef[]>();
  for (const ref of frames) {
    const id = `${ref.frame.imageType.join('\\')}|${positionKey(ref.frame)}`;
    const list = groups.get(id);
    if (list) list.push(ref);
    else groups.set(id, [ref]);
  }
  const sizes = new Set([...groups.values()].map((g) => g.length));
  if (sizes.size > 1) {
    const counts = [...sizes].sort((a, b) => a - b).join(', ');
    return {
      count: null,
      key: null,
      phases: [],
      reason: `slice positions hold different numbers of frames (${counts}); phases cannot be split`,
    };
  }
  const n = [...sizes][0]!;
  if (n === 1) {
    return {
      count: 1,
      key: null,
      phases: [{ index: 1, keyRange: ['', ''], frames }],
      reason: `one frame per slice position${groups.size > 1 ? ` (${groups.size} position/frame-type groups)` : ''}: single phase`,
    };
  }
  const failures: string[] = [];
  for (const key of keys) {
    const attempt = splitByKey([...groups.values()], n, key);
    if (typeof attempt === 'string') {
      failures.push(`${key}: ${attempt}`);
      continue;
    }
    const ranges = attempt.map(
      (p) => `${p.keyRange[0]}${p.keyRange[1] === p.keyRange[0] ? '' : `–${p.keyRange[1]}`}`,
    );
    return {
      count: n,
      key,
      phases: attempt,
      reason: `${n} phases x ${groups.size} slice positions separated by ${key} (${ranges.join(', ')})`,
    };
  }
  return {
    count: null,
    key: null,
    phases: [],
    reason: `${n} frames per slice position but no key separates them (${failures.join('; ')})`,
  };
}

function splitByKey(groups: FrameRef[][], n: number, key: PhaseKey): TemporalPhase[] | string {
  const phaseFrames: FrameRef[][] = Array.from({ length: n }, () => []);
  const lo = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const hi = new Array<number>(n).fill(Number.NEGATIVE_INFINITY);
  const loText = new Array<string>(n).fill('');
  const hiText = new Array<string>(n).fill('');
  for (const group of groups) {
    const valued = group.map((ref) => ({
      ref,
      text: keyText(ref.frame, key),
      value: keyValue(ref.frame, key),
    }));
    if (valued.some((v) => v.value === null)) return 'absent on some frames';
    valued.sort((a, b) => a.value! - b.value!);
    for (let r = 0; r < n; r++) {
      const v = valued[r]!;
      if (r > 0 && v.value === valued[r - 1]!.value) return 'equal values at one slice position';
      phaseFrames[r]!.push(v.ref);
      if (v.value! < lo[r]!) {
        lo[r] = v.value!;
        loText[r] = v.text;
      }
      if (v.value! > hi[r]!) {
        hi[r] = v.value!;
        hiText[r] = v.text;
      }
    }
  }
  for (let r = 0; r + 1 < n; r++) {
    if (!(hi[r]! < lo[r + 1]!))
      return `phases ${r + 1} and ${r + 2} overlap (${hiText[r]} vs ${loText[r + 1]})`;
  }
  return phaseFrames.map((frames, r) => ({ index: r + 1, keyRange: [loText[r]!, hiText[r]!], frames }));
}

/** Slice position rounded to 0.01 mm (mosaics and frames without a position share one key). */
function positionKey(frame: FrameHeader): string {
  return frame.position ? frame.position.map((c) => c.toFixed(2)).join(',') : 'unknown';
}

function keyText(frame: FrameHeader, key: PhaseKey): string {
  const v = frame[key];
  return v === null ? '' : String(v);
}

function keyValue(frame: FrameHeader, key: PhaseKey): number | null {
  const v = frame[key];
  if (v === null) return null;
  if (typeof v === 'number') return v;
  return dicomTimeToSeconds(v);
}

/**
 * DICOM TM ("hhmmss.ffffff", also the old "hh:mm:ss") → seconds since midnight, or null.
 * Midnight crossings are not unwrapped (a study running across midnight orders wrongly; rare).
 */
export function dicomTimeToSeconds(tm: string): number | null {
  const clean = tm.trim().replace(/:/g, '');
  const match = /^(\d{2})(\d{2})?(\d{2})?(\.\d+)?$/.exec(clean);
  if (!match) return null;
  const [, hh, mm, ss, frac] = match;
  return Number(hh) * 3600 + Number(mm ?? 0) * 60 + Number(ss ?? 0) + (frac ? Number(frac) : 0);
}
