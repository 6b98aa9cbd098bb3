import { OUTPUT_MANUFACTURER, OUTPUT_SERIES_DESCRIPTION_PREFIX } from '../pipeline/output-marker.js';

/**
 * Fixed identity of the objects the analysis writes: series numbers, descriptions (all starting
 * with the output marker, so a person browsing the PACS and the listener both recognise them),
 * and DICOM date/time of a `Date`. Dates and times are UTC: the core has no time zone.
 */

export const SERIES = {
  sr: { number: 9100, description: `${OUTPUT_SERIES_DESCRIPTION_PREFIX} result (TID 1500)` },
  companion: { number: 9101, description: `${OUTPUT_SERIES_DESCRIPTION_PREFIX} report (PDF)` },
  seg: { number: 9102, description: `${OUTPUT_SERIES_DESCRIPTION_PREFIX} lesions and 3 mm rings` },
} as const;

export { OUTPUT_MANUFACTURER };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDD` and `HHMMSS` (UTC). */
export function dicomDateTime(date: Date): { date: string; time: string } {
  return {
    date: `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`,
    time: `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`,
  };
}

/** SR sequence names: the DWI slot holds the ADC map. */
export const SR_SEQUENCE = { t2: 'T2W', dwi: 'ADC', dce: 'DCE' } as const;
export const SR_REGION = { intra: 'intratumoral', peri: 'peritumoral' } as const;
