import type { SeriesRecognition } from './classify-series.js';
import type { RecognitionSettings } from './settings.js';
import { gridKey, type NotChosen, pickOne, type SlotChoice, seriesLabel } from './slots.js';

/**
 * The diffusion input: the ADC map or a DWI series to fit one from, per `diffusionSource`.
 * DWI series with a single b-value cannot be fitted and are listed as not chosen.
 */
export function selectDiffusion(
  series: readonly SeriesRecognition[],
  settings: RecognitionSettings,
): SlotChoice {
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
    if (!chosen) {
      const combined = choice.status === 'missing' ? combineSingleB(dwi, notChosen) : null;
      return combined ?? { ...choice, reason, notChosen };
    }
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

/**
 * Some scanners export each b-value as its own series. When no single series can be fitted,
 * single-b DWI series on one grid (same matrix, orientation and slice count) that together hold
 * two or more b-values are combined; two such groups are ambiguous. Returns null when none exist.
 */
function combineSingleB(
  dwi: readonly SeriesRecognition[],
  notChosen: readonly NotChosen[],
): SlotChoice | null {
  const groups = new Map<string, SeriesRecognition[]>();
  for (const s of dwi) {
    if (s.facts.bValueGroups.length !== 1) continue;
    const key = gridKey(s);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const usable = [...groups.values()]
    .map((g) => [...g].sort((a, b) => a.facts.bValueGroups[0]!.b - b.facts.bValueGroups[0]!.b))
    .filter((g) => new Set(g.map((s) => s.facts.bValueGroups[0]!.b)).size === g.length && g.length >= 2);
  if (usable.length === 0) return null;
  const describe = (g: SeriesRecognition[]) =>
    g.map((s) => `${seriesLabel(s)} b=${s.facts.bValueGroups[0]!.b}`).join(' + ');
  if (usable.length > 1) {
    return {
      slot: 'diffusion',
      status: 'ambiguous',
      seriesInstanceUid: null,
      reason: `${usable.length} sets of single-b DWI series could be combined: ${usable.map(describe).join('; ')}`,
      notChosen,
    };
  }
  const group = usable[0]!;
  const used = new Set(group.map((s) => s.seriesInstanceUid));
  return {
    slot: 'diffusion',
    status: 'chosen',
    seriesInstanceUid: group[0]!.seriesInstanceUid,
    reason: `ADC to be fitted from ${group.length} single-b series on one grid: ${describe(group)}`,
    notChosen: notChosen.filter((n) => !used.has(n.seriesInstanceUid)),
    diffusion: {
      representation: 'dwi-fit',
      bValues: group.map((s) => s.facts.bValueGroups[0]!.b),
      combinedSeries: group.map((s) => s.seriesInstanceUid),
    },
  };
}
