import { classifySeries, type SeriesRecognition } from './classify-series.js';
import { type InputSelection, selectInputs } from './select-inputs.js';
import type { SeriesInput } from './series-facts.js';
import { type RecognitionSettingsInput, recognitionSettingsSchema } from './settings.js';
import type { SiteRules } from './site-rules.js';

export interface StudyRecognition {
  /** One entry per input series, in input order. */
  readonly series: readonly SeriesRecognition[];
  /** The series (or phase) chosen per model input, with what was not chosen and why. */
  readonly inputs: InputSelection;
}

/**
 * Recognises the breast-MRI series of one study from their instance headers: role per series
 * (T2W, DWI, ADC, DCE, derived DCE, other) by the site rules, then one series per model input.
 * Pure: no file or network access; the caller reads headers (see `readMrHeader`).
 */
export function recognizeStudy(
  series: readonly SeriesInput[],
  rules: SiteRules,
  settings: RecognitionSettingsInput = {},
): StudyRecognition {
  const parsedSettings = recognitionSettingsSchema.parse(settings);
  const recognised = series.map((s) => classifySeries(s, rules));
  return { series: recognised, inputs: selectInputs(recognised, rules, parsedSettings) };
}
