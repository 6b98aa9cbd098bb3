// Worker thread of `her2 features`: extracts one patient per message and posts the row or the failure.
import { parentPort } from 'node:worker_threads';
import type { SiteRules } from '../../dicom/recognition/site-rules.js';
import { describeError } from '../../errors/index.js';
import type { ExtractionParams } from '../../radiomics/index.js';
import { extractPatientFeatures, type ManifestEntry } from './features-extraction.js';

parentPort?.on(
  'message',
  (message: { entry: ManifestEntry; params: ExtractionParams; rules: SiteRules | null }) => {
    try {
      const row = extractPatientFeatures(message.entry, message.params, message.rules);
      parentPort?.postMessage({ line: message.entry.line, row });
    } catch (error) {
      parentPort?.postMessage({ line: message.entry.line, error: describeError(error) });
    }
  },
);
