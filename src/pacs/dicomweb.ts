import { AppError } from '../errors/index.js';
import { type AnalysisPacs, dicomUid, type SeriesRecord } from '../pipeline/index.js';
import type { PacsHttp } from './http.js';
import { boundaryOf, newBoundary, readMultipart, writeMultipart } from './multipart.js';

/**
 * DICOMweb (QIDO-RS, WADO-RS, STOW-RS) on `fetch`, below `<orthanc>/dicom-web`. WADO-RS streams
 * the multipart answer part by part; `dicomweb-client` was not used because it goes through
 * XMLHttpRequest, which buffers the whole series (and needs a polyfill in Node).
 */

/** Explicit VR Little Endian: what our readers expect, asked for explicitly (PS3.18 §8.7.3). */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** One data set in the DICOM JSON model (PS3.18 §F.2): tag → VR and values. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] }>;

function text(dataset: DicomJson, tag: string): string {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'string' ? value : '';
}

function uid(value: string, what: string): string {
  if (!dicomUid.safeParse(value).success)
    throw new AppError('dicom_uid_invalid', `${what} is not a DICOM UID`);
  return value;
}

export class DicomWebClient implements Pick<AnalysisPacs, 'searchSeries' | 'retrieveSeries'> {
  constructor(
    private readonly http: PacsHttp,
    private readonly root = '/dicom-web',
    /** Largest instance `retrieveSeries` accepts (HER2_MAX_INSTANCE_MB), checked while it streams. */
    private readonly maxInstanceBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** QIDO-RS: the series of a study. */
  async searchSeries(studyInstanceUid: string): Promise<SeriesRecord[]> {
    const study = uid(studyInstanceUid, 'Study Instance UID');
    const response = await this.http.request({
      path: `${this.root}/studies/${study}/series`,
      headers: { accept: 'application/dicom+json' },
      acceptStatuses: [204],
    });
    if (response.status === 204) return [];
    const body = (await response.json()) as DicomJson[];
    return body.map((d) => ({
      seriesInstanceUid: text(d, '0020000E'),
      modality: text(d, '00080060'),
      seriesDescription: text(d, '0008103E'),
    }));
  }

  /** WADO-RS metadata: every instance header of a series, bulk data left out (DICOM JSON). */
  async seriesMetadata(studyInstanceUid: string, seriesInstanceUid: string): Promise<DicomJson[]> {
    const study = uid(studyInstanceUid, 'Study Instance UID');
    const series = uid(seriesInstanceUid, 'Series Instance UID');
    const response = await this.http.request({
      path: `${this.root}/studies/${study}/series/${series}/metadata`,
      headers: { accept: 'application/dicom+json' },
      acceptStatuses: [204, 404],
    });
    if (response.status !== 200) {
      await response.arrayBuffer();
      return [];
    }
    return (await response.json()) as DicomJson[];
  }

  /** WADO-RS: the series' instances as Part 10, explicit VR little endian, one at a time. */
  async *retrieveSeries(
    studyInstanceUid: string,
    seriesInstanceUid: string,
    signal?: AbortSignal,
  ): AsyncGenerator<Uint8Array> {
    const study = uid(studyInstanceUid, 'Study Instance UID');
    const series = uid(seriesInstanceUid, 'Series Instance UID');
    const response = await this.http.request({
      path: `${this.root}/studies/${study}/series/${series}`,
      headers: {
        accept: `multipart/related; type="application/dicom"; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`,
      },
      signal,
    });
    if (!response.body) throw new AppError('wado_empty', 'WADO-RS series answer has no body');
    const boundary = boundaryOf(response.headers.get('content-type') ?? '');
    for await (const part of readMultipart(response.body, boundary, this.maxInstanceBytes)) yield part.body;
  }

  /**
   * STOW-RS into a study. Handles the answers the design note lists for DICOMweb 1.7: 200 with a
   * FailedSOPSequence for partial failures (1.7 never answers 202), 409 study UID mismatch, 400 a
   * part that is not DICOM, 415 a body that is not multipart/related.
   */
  async store(instances: readonly Uint8Array[], studyInstanceUid: string): Promise<string[]> {
    const study = uid(studyInstanceUid, 'Study Instance UID');
    if (instances.length === 0) return [];
    const boundary = newBoundary();
    const response = await this.http.request({
      method: 'POST',
      path: `${this.root}/studies/${study}`,
      headers: {
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        accept: 'application/dicom+json',
      },
      body: writeMultipart(instances, boundary, 'application/dicom'),
      acceptStatuses: [400, 409, 415],
    });
    if (response.status === 409) {
      await response.arrayBuffer();
      throw new AppError(
        'stow_study_mismatch',
        'STOW-RS refused the instances: their study is not the target study',
      );
    }
    if (response.status === 400) {
      await response.arrayBuffer();
      throw new AppError(
        'stow_invalid_instance',
        'STOW-RS refused a part that is not a valid DICOM instance',
      );
    }
    if (response.status === 415) {
      await response.arrayBuffer();
      throw new AppError('stow_media_type', 'STOW-RS refused the request body type');
    }
    const body = (await response.json()) as DicomJson;
    const failed = (body['00081198']?.Value ?? []) as DicomJson[];
    if (failed.length > 0) {
      const reasons = failed.map((f) => (f['00081197']?.Value?.[0] as number | undefined) ?? 0);
      throw new AppError(
        'stow_partial_failure',
        `STOW-RS stored ${instances.length - failed.length} of ${instances.length} instances`,
        {
          details: { failureReasons: reasons },
        },
      );
    }
    const stored = (body['00081199']?.Value ?? []) as DicomJson[];
    return stored.map((s) => text(s, '00081155'));
  }
}
