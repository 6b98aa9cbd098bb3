/**
 * What the pipeline needs from the outside world, as interfaces: the PACS (`src/pacs` implements
 * them for Orthanc), the listener's persistent state and the job queue (`src/queue` implements
 * them on Redis/BullMQ). Use cases depend on these only, so they can be tested with fakes.
 */

/** One entry of Orthanc's change log (`GET /changes`). */
export interface PacsChange {
  seq: number;
  changeType: string;
  resourceType: string;
  /** Orthanc's own resource id (a hash, not a DICOM UID). */
  id: string;
}

export interface ChangePage {
  changes: PacsChange[];
  /** Sequence number to pass as `since` for the next page. */
  last: number;
  done: boolean;
}

/** A series of a study as the listener sees it: enough to decide qualification and spot our outputs. */
export interface SeriesSummary {
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
  manufacturer: string;
  /** SOP Instance UIDs of the series' instances. */
  sopInstanceUids: string[];
}

export interface StudySnapshot {
  /** Orthanc's resource id of the study. */
  pacsStudyId: string;
  studyInstanceUid: string;
  series: SeriesSummary[];
}

/** The read side of the PACS the listener uses. */
export interface PacsCatalog {
  /** One page of the change log after `since` (exclusive). */
  changes(since: number, limit: number): Promise<ChangePage>;
  /** Sequence number of the newest change (where a first start begins). */
  lastChangeSeq(): Promise<number>;
  /** The study with its series and instance UIDs, or null when it no longer exists. */
  study(pacsStudyId: string): Promise<StudySnapshot | null>;
  /** Orthanc id of a study from its Study Instance UID, or null. */
  findStudy(studyInstanceUid: string): Promise<string | null>;
  /** Orthanc id of the study a series belongs to. */
  parentStudyOfSeries(pacsSeriesId: string): Promise<string | null>;
  /** Orthanc id of the study an instance belongs to. */
  parentStudyOfInstance(pacsInstanceId: string): Promise<string | null>;
}

/** A series found by QIDO-RS. */
export interface SeriesRecord {
  seriesInstanceUid: string;
  modality: string;
  seriesDescription: string;
}

/** The PACS as an analysis sees it: DICOMweb search, retrieve and store. */
export interface AnalysisPacs {
  /** The study's series (QIDO-RS). */
  searchSeries(studyInstanceUid: string): Promise<SeriesRecord[]>;
  /** Part-10 instances of one series, one at a time (WADO-RS, explicit VR little endian). */
  retrieveSeries(studyInstanceUid: string, seriesInstanceUid: string): AsyncIterable<Uint8Array>;
  /**
   * Stores Part-10 instances (STOW-RS); resolves with the SOP Instance UIDs stored. In shadow
   * mode this stores nothing and resolves with an empty list; with the write stop on it throws.
   */
  store(instances: readonly Uint8Array[], studyInstanceUid: string): Promise<string[]>;
}

/** What one analysis produced. */
export interface AnalysisOutcome {
  /** SOP Instance UIDs written to the PACS (empty in shadow mode). */
  writtenSopInstanceUids: string[];
  /** Stage name → milliseconds, for metrics. */
  stageDurationsMs: Record<string, number>;
  /** Inputs outside the range the model was trained on (names only), for metrics and review. */
  outOfRangeInputs: string[];
  /** The result, kept as the job's return value (no patient identifiers). */
  result?: AnalysisResultSummary;
}

export interface AnalysisResultSummary {
  probability: number;
  status: 'positive' | 'negative';
  modelId: string;
  srSopInstanceUid: string | null;
  /** The earlier SR of ours the new one supersedes, if any. */
  supersededSrSopInstanceUid: string | null;
  /** Instances read from the PACS for this analysis. */
  inputFiles: number;
}

/**
 * The analysis itself, injected: reads the study from the PACS, computes, writes its outputs
 * through `pacs` (which honours shadow mode and the write stop), and stops early when `signal`
 * aborts (shutdown).
 */
export type AnalyzeStudy = (input: {
  studyInstanceUid: string;
  pacs: AnalysisPacs;
  signal: AbortSignal;
}) => Promise<AnalysisOutcome>;
