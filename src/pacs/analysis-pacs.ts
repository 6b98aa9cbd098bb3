import { AppError } from '../errors/index.js';
import type { AnalysisPacs } from '../pipeline/index.js';
import type { DicomWebClient } from './dicomweb.js';

/** The safety switches that stand between an analysis and the PACS. */
export interface WriteSwitches {
  /** Compute and log, never write: `store` resolves with nothing stored. */
  shadowMode: boolean;
  /** Emergency stop: `store` throws a non-retryable `writes_stopped`. */
  writeStop: boolean;
}

/**
 * The PACS handed to an analysis: DICOMweb reads, and writes that obey shadow mode and the write
 * stop. Every write goes through here, so no analysis can bypass the switches.
 */
export function analysisPacs(
  client: DicomWebClient,
  switches: WriteSwitches,
  signal?: AbortSignal,
): AnalysisPacs {
  return {
    searchSeries: (study) => client.searchSeries(study),
    retrieveSeries: (study, series) => client.retrieveSeries(study, series, signal),
    store: async (instances, study) => {
      if (switches.writeStop) {
        throw new AppError('writes_stopped', 'writing to the PACS is stopped (HER2_WRITE_STOP=true)');
      }
      if (switches.shadowMode) return [];
      return client.store(instances, study);
    },
  };
}
