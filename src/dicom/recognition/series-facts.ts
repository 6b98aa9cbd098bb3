import { ENHANCED_MR_IMAGE_STORAGE, isMrImageSopClass, type MrHeader, type Vendor } from '../header.js';
import { type AdcUnits, inferAdcUnits } from './adc-units.js';
import { detectPhases, type FrameRef, type PhaseDetection } from './dce-phases.js';
import type { FactField, SiteRules } from './site-rules.js';

/** The headers of one series, as the caller grouped them (by SeriesInstanceUID). */
export interface SeriesInput {
  readonly seriesInstanceUid: string;
  readonly instances: readonly MrHeader[];
}

/** All frames of one (folded) b-value. */
export interface BValueGroup {
  /** b in s/mm² after folding values below the b0 threshold to 0, rounded to an integer. */
  readonly b: number;
  /** The distinct values written in the headers (e.g. 0.001, 0.002 for Philips' b≈0). */
  readonly rawValues: readonly number[];
  readonly sources: readonly string[];
  readonly frames: readonly FrameRef[];
}

export type FactValue = string | number | boolean | readonly string[] | readonly number[] | null;

/** What recognition knows about one series; `fields` is what rule conditions can test. */
export interface SeriesFacts {
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number | null;
  readonly vendor: Vendor;
  readonly imageInstances: readonly MrHeader[];
  /** Instances left out (non-image SOP classes inside the series), with the reason. */
  readonly skipped: readonly { readonly source: string; readonly reason: string }[];
  readonly frames: readonly FrameRef[];
  readonly bValueGroups: readonly BValueGroup[];
  readonly phases: PhaseDetection;
  /** Only meaningful for ADC maps; computed for every series with images (cheap). */
  readonly adcUnits: AdcUnits;
  readonly fields: Readonly<Record<FactField, FactValue>>;
}

/** Groups instance headers by SeriesInstanceUID, keeping first-seen order. */
export function groupBySeries(headers: readonly MrHeader[]): SeriesInput[] {
  const bySeries = new Map<string, MrHeader[]>();
  for (const h of headers) {
    const list = bySeries.get(h.seriesInstanceUid);
    if (list) list.push(h);
    else bySeries.set(h.seriesInstanceUid, [h]);
  }
  return [...bySeries].map(([seriesInstanceUid, instances]) => ({ seriesInstanceUid, instances }));
}

export function seriesFacts(series: SeriesInput, rules: SiteRules): SeriesFacts {
  const imageInstances: MrHeader[] = [];
  const skipped: { source: string; reason: string }[] = [];
  for (const h of series.instances) {
    if (!isMrImageSopClass(h.sopClassUid)) {
      skipped.push({ source: h.source, reason: `SOP class ${h.sopClassUid || '(none)'} is not an MR image` });
    } else if (h.rows === null || h.columns === null) {
      skipped.push({ source: h.source, reason: 'no Rows/Columns: not an image' });
    } else {
      imageInstances.push(h);
    }
  }
  const frames: FrameRef[] = imageInstances.flatMap((h) =>
    h.frames.map((frame) => ({ sopInstanceUid: h.sopInstanceUid, frame })),
  );
  const bValueGroups = groupBValues(frames, rules.diffusion.b0Threshold);
  const phases = detectPhases(frames, rules.dce.phaseKeys);
  const first = imageInstances[0];
  const distinct = <T>(values: readonly T[]) => [...new Set(values)];
  const imageTypes = distinct([
    ...imageInstances.flatMap((h) => h.imageType),
    ...frames.flatMap((f) => f.frame.imageType),
  ]);
  const bValues = bValueGroups.map((g) => g.b);
  const fields: Record<FactField, FactValue> = {
    seriesDescription: first?.seriesDescription ?? '',
    protocolName: first?.protocolName ?? '',
    sequenceName: first?.sequenceName ?? '',
    manufacturer: first?.manufacturer ?? '',
    imageType: imageTypes,
    // A series is derived when its images say so (value 1 of ImageType / FrameType).
    derived: imageInstances.some(
      (h) => h.imageType[0] === 'DERIVED' || h.frames.some((f) => f.imageType[0] === 'DERIVED'),
    ),
    scanningSequence: distinct(imageInstances.flatMap((h) => h.scanningSequence)),
    sequenceVariant: distinct(imageInstances.flatMap((h) => h.sequenceVariant)),
    echoPulseSequence: first?.echoPulseSequence ?? '',
    echoPlanar: imageInstances.some((h) => h.echoPlanar),
    repetitionTime: median(imageInstances.map((h) => h.repetitionTime)),
    echoTime: median(imageInstances.map((h) => h.echoTime)),
    inversionTime: median(imageInstances.map((h) => h.inversionTime)),
    flipAngle: median(imageInstances.map((h) => h.flipAngle)),
    bValues,
    maxBValue: bValues.length === 0 ? null : Math.max(...bValues),
    phaseCount: phases.count,
    slicePositions: new Set(frames.map((f) => f.frame.position?.map((c) => c.toFixed(2)).join(',') ?? '?'))
      .size,
    enhanced: imageInstances.some((h) => h.sopClassUid === ENHANCED_MR_IMAGE_STORAGE || h.frames.length > 1),
    mosaic: imageInstances.some((h) => h.mosaicTiles !== null || h.imageType.includes('MOSAIC')),
    contrastBolusAgent: first?.contrastBolusAgent ?? '',
  };
  return {
    seriesInstanceUid: series.seriesInstanceUid,
    seriesNumber: first?.seriesNumber ?? series.instances[0]?.seriesNumber ?? null,
    vendor: first?.vendor ?? series.instances[0]?.vendor ?? 'other',
    imageInstances,
    skipped,
    frames,
    bValueGroups,
    phases,
    adcUnits: inferAdcUnits(imageInstances),
    fields,
  };
}

/**
 * Groups frames by b-value: values below `b0Threshold` fold to 0 (Philips writes its b≈0 volumes
 * as 0.001..0.004); others round to whole s/mm². Frames without any b-value are not grouped.
 */
export function groupBValues(frames: readonly FrameRef[], b0Threshold: number): BValueGroup[] {
  const groups = new Map<number, { raw: Set<number>; sources: Set<string>; frames: FrameRef[] }>();
  for (const ref of frames) {
    const bv = ref.frame.bValue;
    if (bv === null) continue;
    const b = bv.value < b0Threshold ? 0 : Math.round(bv.value);
    let g = groups.get(b);
    if (!g) {
      g = { raw: new Set(), sources: new Set(), frames: [] };
      groups.set(b, g);
    }
    // Philips stores b as float32: 0.0010000000474974513 is 0.001 as written on the console.
    g.raw.add(Number(bv.value.toPrecision(6)));
    g.sources.add(bv.source);
    g.frames.push(ref);
  }
  return [...groups]
    .sort(([a], [b]) => a - b)
    .map(([b, g]) => ({
      b,
      rawValues: [...g.raw].sort((x, y) => x - y),
      sources: [...g.sources].sort(),
      frames: g.frames,
    }));
}

function median(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}
