import type { AdcUnits } from './adc-units.js';
import type { SeriesRecognition } from './classify-series.js';

/** The model inputs one study must provide, and how each was chosen. */
export type SlotName = 't2w' | 'diffusion' | 'dcePre' | 'dcePost';

export interface NotChosen {
  readonly seriesInstanceUid: string;
  readonly description: string;
  readonly reason: string;
}

/** One DCE phase: which series and which frames (a series may hold several phases). */
export interface DcePhase {
  /** 1 = pre-contrast, 2 = first post-contrast, ... */
  readonly phase: number;
  readonly label: string;
  readonly seriesInstanceUid: string;
  /** Key and value(s) that placed this phase in time. */
  readonly orderedBy: string;
  readonly frames: readonly { readonly sopInstanceUid: string; readonly frameNumber: number }[];
}

export interface SlotChoice {
  readonly slot: SlotName;
  readonly status: 'chosen' | 'missing' | 'ambiguous';
  readonly seriesInstanceUid: string | null;
  readonly reason: string;
  readonly notChosen: readonly NotChosen[];
  readonly diffusion?: {
    readonly representation: 'adc' | 'dwi-fit';
    /**
     * Every series feeding the fit, in b order, when single-b series on one grid are combined;
     * absent when one series holds all b-values.
     */
    readonly combinedSeries?: readonly string[];
    readonly bValues: readonly number[];
    readonly adcUnits?: AdcUnits;
  };
  readonly phase?: DcePhase;
}

export interface InputSelection {
  readonly t2w: SlotChoice;
  readonly diffusion: SlotChoice;
  readonly dcePre: SlotChoice;
  readonly dcePost: SlotChoice;
  /** Every DCE phase of the chosen DCE acquisition, in time order (empty when none chosen). */
  readonly dcePhases: readonly DcePhase[];
}

/** `series 7 "AX T2" (uid)`, for reasons and reports. */
export const seriesLabel = (s: SeriesRecognition) =>
  `series ${s.seriesNumber ?? '?'} "${s.description}" (${s.seriesInstanceUid})`;

/** Prefers header evidence; returns the winners and the others with the reason they lost. */
export function byEvidence(candidates: readonly SeriesRecognition[]): {
  best: SeriesRecognition[];
  weaker: NotChosen[];
} {
  const header = candidates.filter((c) => c.evidence === 'header');
  if (header.length === 0) return { best: [...candidates], weaker: [] };
  const weaker = candidates
    .filter((c) => c.evidence !== 'header')
    .map((c) => ({
      seriesInstanceUid: c.seriesInstanceUid,
      description: c.description,
      reason: `only description evidence (rule "${c.rule}") while ${header.length} series have header evidence`,
    }));
  return { best: header, weaker };
}

export function pickOne(slot: SlotName, candidates: readonly SeriesRecognition[], what: string): SlotChoice {
  if (candidates.length === 0) {
    return {
      slot,
      status: 'missing',
      seriesInstanceUid: null,
      reason: `no ${what} series recognised`,
      notChosen: [],
    };
  }
  const { best, weaker } = byEvidence(candidates);
  if (best.length > 1) {
    return {
      slot,
      status: 'ambiguous',
      seriesInstanceUid: null,
      reason: `${best.length} ${what} series are equally good candidates: ${best.map(seriesLabel).join(', ')}; add a site rule to tell them apart`,
      notChosen: [
        ...best.map((c) => ({
          seriesInstanceUid: c.seriesInstanceUid,
          description: c.description,
          reason: 'ambiguous',
        })),
        ...weaker,
      ],
    };
  }
  const chosen = best[0]!;
  return {
    slot,
    status: 'chosen',
    seriesInstanceUid: chosen.seriesInstanceUid,
    reason: `${seriesLabel(chosen)}: ${chosen.reason}`,
    notChosen: weaker,
  };
}

/** Same grid: rows x columns, orientation (0.01) and number of slice positions. */
export function gridKey(s: SeriesRecognition): string {
  const first = s.facts.imageInstances[0];
  const orientation = s.facts.frames[0]?.frame.orientation?.map((c) => c.toFixed(2)).join(',') ?? '?';
  const positionsPerPhase = Number(s.facts.fields.slicePositions);
  return `${first?.rows}x${first?.columns}|${orientation}|${positionsPerPhase}`;
}
