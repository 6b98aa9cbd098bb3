import { createRequire } from 'node:module';
import type { NaturalDataset } from '../dicom/header-dcmjs.js';
import type { SeriesHeaderSource } from '../pipeline/index.js';
import type { DicomJson, DicomWebClient } from './dicomweb.js';

interface Naturalizer {
  data: { DicomMetaDictionary: { naturalizeDataset(dict: DicomJson): NaturalDataset } };
}

// dcmjs' data dictionary is the DICOM JSON model: WADO-RS metadata naturalises like a file header.
const dcmjs = createRequire(import.meta.url)('dcmjs') as Naturalizer;

/** Instance headers of a series from WADO-RS metadata, naturalised as `readNaturalHeader` does. */
export class DicomWebSeriesHeaders implements SeriesHeaderSource {
  constructor(private readonly client: DicomWebClient) {}

  async seriesHeaders(studyInstanceUid: string, seriesInstanceUid: string): Promise<NaturalDataset[]> {
    const metadata = await this.client.seriesMetadata(studyInstanceUid, seriesInstanceUid);
    return metadata.map((instance) => dcmjs.data.DicomMetaDictionary.naturalizeDataset(instance));
  }
}
