import type { AdcUnits } from './adc-units.js';
import type { SeriesRecognition } from './classify-series.js';
import { dicomTimeToSeconds, type FrameRef } from './dce-phases.js';
import type { RecognitionSettings } from './settings.js';
import type { SeriesOrderKey, SiteRules } from './site-rules.js';

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

const label = (s: SeriesRecognition) =>
  `series ${s.seriesNumber ?? '?'} "${s.description}" (${s.seriesInstanceUid})`;

/**
 * Picks one series (or phase) per model input. Candidates come from the series roles; when both
 * header-evidence and description-only candidates exist, header evidence wins. Two or more
 * equally good candidates are reported as ambiguous instead of picking one.
 */
export function selectInputs(
  series: readonly SeriesRecognition[],
  rules: SiteRules,
  settings: RecognitionSettings,
): InputSelection {
  const dce = selectDce(series, rules, settings);
  return {
    t2w: pickOne(
      't2w',
      series.filter((s) => s.role === 't2w'),
      'T2-weighted',
    ),
    diffusion: selectDiffusion(series, settings),
    ...dce,
  };
}

/** Prefers header evidence; returns the winners and the others with the reason they lost. */
function byEvidence(candidates: readonly SeriesRecognition[]): {
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

function pickOne(slot: SlotName, candidates: readonly SeriesRecognition[], what: string): SlotChoice {
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
      reason: `${best.length} ${what} series are equally good candidates: ${best.map(label).join(', ')}; add a site rule to tell them apart`,
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
    reason: `${label(chosen)}: ${chosen.reason}`,
    notChosen: weaker,
  };
}

function selectDiffusion(series: readonly SeriesRecognition[], settings: RecognitionSettings): SlotChoice {
  const adc = series.filter((s) => s.role === 'adc');
  const dwi = series.filter((s) => s.role === 'dwi');
  const fittable = dwi.filter((s) => s.facts.bValueGroups.length >= 2);
  const unfittable: NotChosen[] = dwi
    .filter((s) => s.facts.bValueGroups.length < 2)
    .map((s) => ({
      seriesInstanceUid: s.seriesInstanceUid,
      description: s.description,
      reason: `an ADC fit needs two or more b-values; found ${s.facts.bValueGroups.map((g) => g.b).join(', ') || 'none'}`,
    }));
  const asNotChosen = (list: readonly SeriesRecognition[], reason: string): NotChosen[] =>
    list.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, description: s.description, reason }));

  const fromAdc = (): SlotChoice => {
    const choice = pickOne('diffusion', adc, 'ADC map');
    const chosen = adc.find((s) => s.seriesInstanceUid === choice.seriesInstanceUid);
    const notChosen = [
      ...choice.notChosen,
      ...asNotChosen(dwi, `diffusionSource "${settings.diffusionSource}" prefers the ADC map`),
    ];
    if (!chosen) return { ...choice, notChosen };
    return {
      ...choice,
      notChosen,
      diffusion: {
        representation: 'adc',
        bValues: chosen.facts.bValueGroups.map((g) => g.b),
        adcUnits: chosen.facts.adcUnits,
      },
    };
  };
  const fromDwi = (why: string): SlotChoice => {
    const choice = pickOne('diffusion', fittable, 'DWI (two or more b-values)');
    const chosen = fittable.find((s) => s.seriesInstanceUid === choice.seriesInstanceUid);
    const notChosen = [...choice.notChosen, ...unfittable, ...asNotChosen(adc, why)];
    const reason =
      choice.status === 'missing' && unfittable.length > 0
        ? `${choice.reason}; ${unfittable.length} DWI series have a single b-value`
        : choice.reason;
    if (!chosen) return { ...choice, reason, notChosen };
    return {
      ...choice,
      reason: `ADC to be fitted from ${reason}`,
      notChosen,
      diffusion: { representation: 'dwi-fit', bValues: chosen.facts.bValueGroups.map((g) => g.b) },
    };
  };

  switch (settings.diffusionSource) {
    case 'adc':
      return fromAdc();
    case 'fit-from-dwi':
      return fromDwi('diffusionSource "fit-from-dwi" ignores ADC maps');
    default:
      // An ambiguous ADC choice stays ambiguous: falling back to DWI would hide the problem.
      return adc.length > 0 ? fromAdc() : fromDwi('unused');
  }
}

interface DceSource {
  readonly series: readonly SeriesRecognition[];
  readonly evidence: 'header' | 'description';
  readonly phases: readonly DcePhase[];
  readonly description: string;
}

function selectDce(
  series: readonly SeriesRecognition[],
  rules: SiteRules,
  settings: RecognitionSettings,
): Pick<InputSelection, 'dcePre' | 'dcePost' | 'dcePhases'> {
  const dce = series.filter((s) => s.role === 'dce');
  const unusable: NotChosen[] = [];
  const sources: DceSource[] = [];
  const singles: SeriesRecognition[] = [];
  for (const s of dce) {
    const count = s.facts.phases.count;
    if (count === null) {
      unusable.push({
        seriesInstanceUid: s.seriesInstanceUid,
        description: s.description,
        reason: s.facts.phases.reason,
      });
    } else if (count >= 2) {
      sources.push({
        series: [s],
        evidence: s.evidence === 'description' ? 'description' : 'header',
        description: `${count} phases inside ${label(s)} (${s.facts.phases.reason})`,
        phases: s.facts.phases.phases.map((p) =>
          phaseOf(
            p.index,
            s.seriesInstanceUid,
            `${s.facts.phases.key} ${p.keyRange[0]}${p.keyRange[1] !== p.keyRange[0] ? `–${p.keyRange[1]}` : ''}`,
            p.frames,
          ),
        ),
      });
    } else {
      singles.push(s);
    }
  }
  for (const group of groupByGeometry(singles)) {
    const ordered = orderSeries(group, rules.dce.seriesOrderKeys);
    if (typeof ordered === 'string') {
      for (const s of group)
        unusable.push({
          seriesInstanceUid: s.seriesInstanceUid,
          description: s.description,
          reason: ordered,
        });
      continue;
    }
    sources.push({
      series: ordered.map((o) => o.series),
      evidence: ordered.every((o) => o.series.evidence === 'header') ? 'header' : 'description',
      description: `${ordered.length} single-phase series on one grid ordered by ${ordered.map((o) => o.orderedBy).join(' < ')}`,
      phases: ordered.map((o, n) =>
        phaseOf(n + 1, o.series.seriesInstanceUid, o.orderedBy, o.series.facts.frames),
      ),
    });
  }

  const multi = sources.filter((s) => s.phases.length >= 2);
  const header = multi.filter((s) => s.evidence === 'header');
  const pool = header.length > 0 ? header : multi;
  const notSource = (src: DceSource, reason: string): NotChosen[] =>
    src.series.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, description: s.description, reason }));
  const others = (chosen: DceSource | null): NotChosen[] => [
    ...unusable,
    ...sources
      .filter((s) => s !== chosen)
      .flatMap((s) =>
        notSource(
          s,
          s.phases.length < 2
            ? 'a single DCE phase: pre- and post-contrast cannot be told apart'
            : pool.includes(s)
              ? 'another DCE acquisition is an equally good candidate'
              : 'only description evidence while a header-evidence DCE acquisition exists',
        ),
      ),
    ...series
      .filter((s) => s.role === 'dce-derived')
      .map((s) => ({
        seriesInstanceUid: s.seriesInstanceUid,
        description: s.description,
        reason: 'derived DCE series (subtraction / map / projection), not a phase',
      })),
  ];

  if (pool.length !== 1) {
    const status =
      pool.length === 0 && sources.length === 0 && unusable.length === 0 ? 'missing' : 'ambiguous';
    const reason =
      pool.length > 1
        ? `${pool.length} multi-phase DCE acquisitions: ${pool.map((s) => s.description).join('; ')}`
        : sources.length > 0 || unusable.length > 0
          ? 'DCE series found but no usable set of two or more phases'
          : 'no DCE series recognised';
    const none = (slot: SlotName): SlotChoice => ({
      slot,
      status,
      seriesInstanceUid: null,
      reason,
      notChosen: others(null),
    });
    return { dcePre: none('dcePre'), dcePost: none('dcePost'), dcePhases: [] };
  }
  const chosen = pool[0]!;
  const notChosen = others(chosen);
  // A separate DCE series on the same grid acquired before phase 1 is most likely the real
  // pre-contrast scan, which would make phase 1 a post-contrast phase: say so, do not guess.
  const firstSeries = chosen.series[0]!;
  const start = earliestAcquisition(firstSeries);
  const before = dce.filter(
    (s) =>
      !chosen.series.includes(s) &&
      geometryKey(s) === geometryKey(firstSeries) &&
      start !== null &&
      (earliestAcquisition(s)?.value ?? Number.POSITIVE_INFINITY) < start.value,
  );
  if (before.length > 0) {
    const reason = `${label(before[0]!)} on the same grid was acquired before phase 1 (${start!.text}) of ${chosen.description}: phase 1 may already be post-contrast`;
    const none = (slot: SlotName): SlotChoice => ({
      slot,
      status: 'ambiguous',
      seriesInstanceUid: null,
      reason,
      notChosen,
    });
    return { dcePre: none('dcePre'), dcePost: none('dcePost'), dcePhases: chosen.phases };
  }
  const pre = chosen.phases[0]!;
  const timeNote = 'phase 1 is taken as pre-contrast (earliest; ContrastBolusAgent is not trusted)';
  const dcePre: SlotChoice = {
    slot: 'dcePre',
    status: 'chosen',
    seriesInstanceUid: pre.seriesInstanceUid,
    reason: `${chosen.description}; ${timeNote}`,
    notChosen,
    phase: pre,
  };
  const k = settings.dcePostPhase;
  const post = chosen.phases[k];
  const dcePost: SlotChoice = post
    ? {
        slot: 'dcePost',
        status: 'chosen',
        seriesInstanceUid: post.seriesInstanceUid,
        reason: `post-contrast phase ${k} of ${chosen.phases.length - 1} (dcePostPhase = ${k}); ${chosen.description}`,
        notChosen,
        phase: post,
      }
    : {
        slot: 'dcePost',
        status: 'missing',
        seriesInstanceUid: null,
        reason: `dcePostPhase = ${k} but only ${chosen.phases.length - 1} post-contrast phase(s) exist`,
        notChosen,
      };
  return { dcePre, dcePost, dcePhases: chosen.phases };
}

function phaseOf(
  index: number,
  seriesInstanceUid: string,
  orderedBy: string,
  frames: readonly FrameRef[],
): DcePhase {
  return {
    phase: index,
    label: index === 1 ? 'pre-contrast' : `post-contrast ${index - 1}`,
    seriesInstanceUid,
    orderedBy,
    frames: frames.map((f) => ({ sopInstanceUid: f.sopInstanceUid, frameNumber: f.frame.frameNumber })),
  };
}

/** Same grid: rows x columns, orientation (0.01) and number of slice positions. */
function geometryKey(s: SeriesRecognition): string {
  const first = s.facts.imageInstances[0];
  const orientation = s.facts.frames[0]?.frame.orientation?.map((c) => c.toFixed(2)).join(',') ?? '?';
  const positionsPerPhase = Number(s.facts.fields.slicePositions);
  return `${first?.rows}x${first?.columns}|${orientation}|${positionsPerPhase}`;
}

function earliestAcquisition(s: SeriesRecognition): { value: number; text: string } | null {
  let best: { value: number; text: string } | null = null;
  for (const f of s.facts.frames) {
    const t = f.frame.acquisitionTime;
    const v = t === null ? null : dicomTimeToSeconds(t);
    if (v !== null && (best === null || v < best.value)) best = { value: v, text: t! };
  }
  return best;
}

function groupByGeometry(list: readonly SeriesRecognition[]): SeriesRecognition[][] {
  const groups = new Map<string, SeriesRecognition[]>();
  for (const s of list) {
    const key = geometryKey(s);
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  return [...groups.values()];
}

function orderSeries(
  group: readonly SeriesRecognition[],
  keys: readonly SeriesOrderKey[],
): { series: SeriesRecognition; orderedBy: string }[] | string {
  const orderValue = (s: SeriesRecognition, key: SeriesOrderKey): { value: number; text: string } | null => {
    if (key === 'seriesNumber')
      return s.seriesNumber === null ? null : { value: s.seriesNumber, text: String(s.seriesNumber) };
    if (key === 'seriesTime') {
      const t = s.facts.imageInstances[0]?.seriesTime ?? null;
      const v = t === null ? null : dicomTimeToSeconds(t);
      return v === null ? null : { value: v, text: t! };
    }
    return earliestAcquisition(s);
  };
  const rows = group.map((s) => ({ s, values: keys.map((k) => orderValue(s, k)) }));
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]): number => {
    for (let n = 0; n < keys.length; n++) {
      const x = a.values[n];
      const y = b.values[n];
      if (x == null || y == null) continue;
      if (x.value !== y.value) return x.value - y.value;
    }
    return 0;
  };
  rows.sort(compare);
  for (let n = 1; n < rows.length; n++) {
    if (compare(rows[n - 1]!, rows[n]!) === 0) {
      return `series cannot be ordered in time: equal or missing ${keys.join(', ')}`;
    }
  }
  return rows.map((r) => {
    const used = keys.findIndex((_, n) => r.values[n] != null);
    return { series: r.s, orderedBy: used < 0 ? '?' : `${keys[used]} ${r.values[used]!.text}` };
  });
}
