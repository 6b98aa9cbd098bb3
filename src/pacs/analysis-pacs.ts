import { AppError, describeError } from '../errors/index.js';
import type { AnalysisPacs } from '../pipeline/index.js';
import type { DicomWebClient } from './dicomweb.js';

/** The safety switches that stand between an analysis and the PACS. */
export interface WriteSwitches {
  /** Compute and log, never write: `store` resolves with nothing stored. */
  shadowMode: boolean;
  /** Emergency stop: `store` throws a non-retryable `writes_stopped`. */
  writeStop: boolean;
}

/** A destination the outputs are forwarded to after they are stored in the source PACS. */
export interface ForwardDestination {
  /** Named in failure reasons and logs (e.g. the peer's host), never a secret. */
  name: string;
  client: Pick<DicomWebClient, 'store'>;
}

/**
 * The PACS handed to an analysis: DICOMweb reads, and writes that obey shadow mode and the write
 * stop. Every write goes through here, so no analysis can bypass the switches. Outputs stored in
 * the source PACS are then forwarded to each destination (its client retries transient faults);
 * a destination that still fails makes the store fail with a retryable `forward_failed`, so the
 * job is retried with backoff (writes are idempotent: same UIDs, overwritten) and, after its last
 * attempt, kept as failed with that reason on the dashboard and in `her2_errors_total`.
 */
export function analysisPacs(
  client: DicomWebClient,
  switches: WriteSwitches,
  signal?: AbortSignal,
  forwardTo: readonly ForwardDestination[] = [],
): AnalysisPacs {
  return {
    searchSeries: (study) => client.searchSeries(study),
    retrieveSeries: (study, series) => client.retrieveSeries(study, series, signal),
    store: async (instances, study) => {
      if (switches.writeStop) {
        throw new AppError('writes_stopped', 'writing to the PACS is stopped (HER2_WRITE_STOP=true)');
      }
      if (switches.shadowMode) return [];
      const stored = await client.store(instances, study);
      for (const destination of forwardTo) {
        try {
          await destination.client.store(instances, study);
        } catch (error) {
          throw new AppError(
            'forward_failed',
            `stored in the PACS, but forwarding to ${destination.name} failed: ${describeError(error)}`,
            { retryable: true, cause: error, details: { destination: destination.name } },
          );
        }
      }
      return stored;
    },
  };
}
