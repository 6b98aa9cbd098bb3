import type { SeriesRecognition } from './classify-series.js';
import { dicomTimeToSeconds, type FrameRef } from './dce-phases.js';
import type { RecognitionSettings } from './settings.js';
import type { SeriesOrderKey, SiteRules } from './site-rules.js';
import {
  type DcePhase,
  gridKey,
  type InputSelection,
  type NotChosen,
  type SlotChoice,
  type SlotName,
  seriesLabel,
} from './slots.js';

interface DceSource {
  readonly series: readonly SeriesRecognition[];
  readonly evidence: 'header' | 'description';
  readonly phases: readonly DcePhase[];
  readonly description: string;
}

/**
 * DCE pre and post-k phases. Sources are multi-phase series (phases split inside the series) and
 * sets of single-phase series on one grid (ordered by `dce.seriesOrderKeys`). Exactly one source
 * with two or more phases is needed (header evidence preferred); otherwise the slots are
 * ambiguous or missing, with every candidate listed.
 */
export function selectDce(
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
        description: `${count} phases inside ${seriesLabel(s)} (${s.facts.phases.reason})`,
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
      gridKey(s) === gridKey(firstSeries) &&
      start !== null &&
      (earliestAcquisition(s)?.value ?? Number.POSITIVE_INFINITY) < start.value,
  );
  if (before.length > 0) {
    const reason = `${seriesLabel(before[0]!)} on the same grid was acquired before phase 1 (${start!.text}) of ${chosen.description}: phase 1 may already be post-contrast`;
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
    const key = gridKey(s);
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
