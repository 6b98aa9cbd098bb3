/**
 * The listener's persistent memory (Redis in production, `src/queue/redis-listener-store.ts`):
 * where it stopped reading the change log, which studies it is waiting on, which inputs it has
 * already sent for analysis, and which studies it skipped and why. Surviving restarts is the point.
 */

/** A study the listener is waiting on (pieces still arriving, or no StableStudy seen). */
export interface PendingStudy {
  pacsStudyId: string;
  /** When the listener first saw the study (ms since epoch); the maximum wait counts from here. */
  firstSeenAt: number;
}

/** Why a study was not analysed; kept for people (ops server) and counted in metrics. */
export interface SkipRecord {
  /** Stable snake_case code, e.g. `incomplete_after_max_wait`, `no_mr_series`. */
  reason: string;
  missingRoles: string[];
  at: string;
}

export interface ClaimResult {
  /** False when this input was already claimed (sent for analysis before). */
  claimed: boolean;
  /** Job id of the latest earlier input of the same study, if any (the one superseded). */
  previousJobId: string | null;
}

export interface ListenerStore {
  cursor(): Promise<number | null>;
  saveCursor(seq: number): Promise<void>;
  /**
   * Remembers a study to look at again at `dueAt` (ms). Keeps an existing `firstSeenAt`;
   * the due time is replaced.
   */
  notePending(pacsStudyId: string, dueAt: number, now: number): Promise<void>;
  /** Pending studies whose due time has passed. */
  duePending(now: number): Promise<PendingStudy[]>;
  firstSeenAt(pacsStudyId: string): Promise<number | null>;
  clearPending(pacsStudyId: string): Promise<void>;
  /** Atomically marks an input of a study as sent for analysis under `jobId`. */
  claimInput(studyInstanceUid: string, hash: string, jobId: string): Promise<ClaimResult>;
  /** Undoes a claim whose enqueue failed (so the next look tries again). */
  releaseInput(studyInstanceUid: string, hash: string, previousJobId: string | null): Promise<void>;
  recordSkip(studyInstanceUid: string, record: SkipRecord): Promise<void>;
  skipRecord(studyInstanceUid: string): Promise<SkipRecord | null>;
}
