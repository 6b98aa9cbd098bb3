import type { SeriesSummary } from './ports.js';

/**
 * How our own outputs (SR, SEG) are recognised when they come back through the change log.
 * Writing into a stable study makes Orthanc report it stable again; without this the listener
 * would analyse its own results forever. Every object we write carries this Manufacturer, and
 * its series description starts with the prefix (so a person browsing the PACS also sees it).
 */
export const OUTPUT_MANUFACTURER = 'her2-radiomics';
export const OUTPUT_SERIES_DESCRIPTION_PREFIX = 'HER2 radiomics';

/** Whether a series was written by this product. */
export function isOwnOutput(series: Pick<SeriesSummary, 'manufacturer' | 'seriesDescription'>): boolean {
  return (
    series.manufacturer.trim() === OUTPUT_MANUFACTURER ||
    series.seriesDescription.trim().startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX)
  );
}
