import type { SeriesRecognition } from './classify-series.js';
import { selectDce } from './select-dce.js';
import { selectDiffusion } from './select-diffusion.js';
import type { RecognitionSettings } from './settings.js';
import type { SiteRules } from './site-rules.js';
import { type InputSelection, pickOne } from './slots.js';

export type { DcePhase, InputSelection, NotChosen, SlotChoice, SlotName } from './slots.js';

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
