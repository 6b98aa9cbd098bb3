import { AppError } from '../errors/index.js';
import type { ChangePage, PacsCatalog, SeriesSummary, StudySnapshot } from '../pipeline/index.js';
import type { PacsHttp } from './http.js';

/**
 * Orthanc's own REST API (1.10): the change log and study/series/instance listing the listener
 * needs, and instance upload/download. DICOMweb (`dicomweb.ts`) is what analyses use.
 */

interface OrthancChange {
  ChangeType: string;
  ID: string;
  ResourceType: string;
  Seq: number;
}

interface OrthancSeries {
  ID: string;
  MainDicomTags: Record<string, string | undefined>;
  Instances: string[];
}

interface OrthancInstance {
  ID: string;
  ParentSeries: string;
  MainDicomTags: Record<string, string | undefined>;
}

interface OrthancStudy {
  ID: string;
  MainDicomTags: Record<string, string | undefined>;
}

const ORTHANC_ID = /^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/;

/** Orthanc ids are SHA-1 groups; anything else is refused before it reaches a URL. */
function checkId(id: string, what: string): string {
  if (!ORTHANC_ID.test(id)) throw new AppError('pacs_id_invalid', `${what} is not an Orthanc resource id`);
  return id;
}

export class OrthancRest implements PacsCatalog {
  constructor(private readonly http: PacsHttp) {}

  async changes(since: number, limit: number): Promise<ChangePage> {
    const page = await this.http.json<{ Changes: OrthancChange[]; Done: boolean; Last: number }>(
      `/changes?since=${since}&limit=${limit}`,
    );
    return {
      changes: page.Changes.map((c) => ({
        seq: c.Seq,
        changeType: c.ChangeType,
        resourceType: c.ResourceType,
        id: c.ID,
      })),
      last: page.Last,
      done: page.Done,
    };
  }

  async lastChangeSeq(): Promise<number> {
    const page = await this.http.json<{ Last: number }>('/changes?last');
    return page.Last;
  }

  async study(pacsStudyId: string): Promise<StudySnapshot | null> {
    const id = checkId(pacsStudyId, 'study id');
    const studyResponse = await this.http.request({ path: `/studies/${id}`, acceptStatuses: [404] });
    if (studyResponse.status === 404) return null;
    const study = (await studyResponse.json()) as OrthancStudy;
    const seriesResponse = await this.http.request({
      path: `/studies/${id}/series?expand`,
      acceptStatuses: [404],
    });
    if (seriesResponse.status === 404) return null;
    const seriesList = (await seriesResponse.json()) as OrthancSeries[];
    const instancesResponse = await this.http.request({
      path: `/studies/${id}/instances?expand`,
      acceptStatuses: [404],
    });
    if (instancesResponse.status === 404) return null;
    const instances = (await instancesResponse.json()) as OrthancInstance[];
    const bySeries = new Map<string, string[]>();
    for (const instance of instances) {
      const uid = instance.MainDicomTags.SOPInstanceUID;
      if (!uid) continue;
      const list = bySeries.get(instance.ParentSeries) ?? [];
      list.push(uid);
      bySeries.set(instance.ParentSeries, list);
    }
    const series: SeriesSummary[] = seriesList.map((s) => ({
      seriesInstanceUid: s.MainDicomTags.SeriesInstanceUID ?? '',
      modality: s.MainDicomTags.Modality ?? '',
      seriesDescription: s.MainDicomTags.SeriesDescription ?? '',
      manufacturer: s.MainDicomTags.Manufacturer ?? '',
      sopInstanceUids: bySeries.get(s.ID) ?? [],
    }));
    return { pacsStudyId: id, studyInstanceUid: study.MainDicomTags.StudyInstanceUID ?? '', series };
  }

  async findStudy(studyInstanceUid: string): Promise<string | null> {
    const response = await this.http.request({
      method: 'POST',
      path: '/tools/lookup',
      headers: { 'content-type': 'text/plain' },
      body: studyInstanceUid,
    });
    const found = (await response.json()) as { ID: string; Type: string }[];
    return found.find((r) => r.Type === 'Study')?.ID ?? null;
  }

  async parentStudyOfSeries(pacsSeriesId: string): Promise<string | null> {
    const id = checkId(pacsSeriesId, 'series id');
    const response = await this.http.request({ path: `/series/${id}`, acceptStatuses: [404] });
    if (response.status === 404) return null;
    return ((await response.json()) as { ParentStudy: string }).ParentStudy;
  }

  async parentStudyOfInstance(pacsInstanceId: string): Promise<string | null> {
    const id = checkId(pacsInstanceId, 'instance id');
    const response = await this.http.request({ path: `/instances/${id}/study`, acceptStatuses: [404] });
    if (response.status === 404) return null;
    return ((await response.json()) as { ID: string }).ID;
  }

  /** Uploads one Part-10 instance (`POST /instances`); resolves with Orthanc's instance id. */
  async uploadInstance(part10: Uint8Array): Promise<string> {
    const response = await this.http.request({
      method: 'POST',
      path: '/instances',
      headers: { 'content-type': 'application/dicom' },
      body: part10,
    });
    return ((await response.json()) as { ID: string }).ID;
  }

  /** Downloads one instance as Part 10 (`GET /instances/{id}/file`). */
  async downloadInstance(pacsInstanceId: string): Promise<Uint8Array> {
    const id = checkId(pacsInstanceId, 'instance id');
    const response = await this.http.request({ path: `/instances/${id}/file` });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Whether Orthanc answers (readiness). */
  async ping(): Promise<boolean> {
    try {
      const response = await this.http.request({ path: '/system', attempts: 1 });
      await response.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  }
}
