import type { SeriesRecognition } from './classify-series.js';
import type { RecognitionSettings } from './settings.js';
import { type NotChosen, pickOne, type SlotChoice } from './slots.js';

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
