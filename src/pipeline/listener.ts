import { describeError, isAppError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { AnalysisRequest } from './analysis-request.js';
import { analysisJobId, inputHash } from './input-hash.js';
import type { ListenerStore } from './listener-store.js';
import { isOwnOutput } from './output-marker.js';
import type { PacsCatalog, PacsChange } from './ports.js';
import type { StudyQualifier } from './qualifier.js';

/**
 * The study listener: follows Orthanc's change log from a cursor kept in the store and turns
 * studies into analysis jobs, each input exactly once.
 *
 * - `StableStudy` → look at the study now (Orthanc 1.10 cannot filter by type: we filter).
 * - `NewStudy` / `NewSeries` → remember the study; if no `StableStudy` follows within
 *   `reconcileAfterMs` (an Orthanc restart forgets stability, it is tracked per process), look at
 *   it anyway. `NewInstance` is not followed: one HTTP call per instance to find its study would
 *   cost more than the series-level signal gains.
 * - A study missing a role (e.g. the mask) is looked at again until `maxWaitMs` after it was first
 *   seen, then skipped with its reason (store record, metric, log line).
 * - Our own outputs are left out of the input, so writing them (which re-stabilises the study)
 *   yields the input hash already analysed: no second job. A new or changed mask yields a new hash
 *   and a new job that supersedes the earlier one.
 */

export interface ListenerMetrics {
  enqueued(trigger: AnalysisRequest['trigger'], superseding: boolean): void;
  skipped(reason: string): void;
  ignored(reason: 'only_own_output' | 'already_analysed' | 'study_gone'): void;
  error(kind: string): void;
}

export interface ListenerSettings {
  /** Changes read per request. */
  pageSize: number;
  reconcileAfterMs: number;
  maxWaitMs: number;
}

export interface ListenerDeps {
  catalog: PacsCatalog;
  store: ListenerStore;
  /** Adds the job to the queue under `jobId` (an existing id is a no-op). */
  enqueue: (request: AnalysisRequest, jobId: string) => Promise<void>;
  qualify: StudyQualifier;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: Logger;
  /** Salted study key for log lines (never the UID itself). */
  studyKey: (studyInstanceUid: string) => string;
  metrics: ListenerMetrics;
  settings: ListenerSettings;
}

export type StudyDecision =
  | { action: 'enqueued'; jobId: string; supersedesJobId: string | null }
  | { action: 'already_analysed' | 'only_own_output' | 'study_gone' | 'waiting' }
  | { action: 'skipped'; reason: string };

const PENDING_CHANGES = new Set(['NewStudy', 'NewSeries']);

export class StudyListener {
  constructor(private readonly deps: ListenerDeps) {}

  /**
   * Reads the change log from the cursor to its end, handles each change, saves the cursor after
   * each page, then looks at pending studies that are due. Returns how many changes were read.
   */
  async pollOnce(): Promise<number> {
    const { catalog, store, settings } = this.deps;
    let since = await store.cursor();
    if (since === null) {
      // First start: begin at the newest change; older studies are not ours to analyse unasked.
      since = await catalog.lastChangeSeq();
      await store.saveCursor(since);
    }
    let read = 0;
    for (;;) {
      const page = await catalog.changes(since, settings.pageSize);
      for (const change of page.changes) await this.guarded(change.id, () => this.handleChange(change));
      read += page.changes.length;
      // Saved after the page is handled: a crash repeats at most one page, and repeating is harmless.
      if (page.last > since) {
        since = page.last;
        await store.saveCursor(since);
      }
      if (page.done || page.changes.length === 0) break;
    }
    await this.reconcile();
    return read;
  }

  /** Runs `pollOnce` every `pollMs` until `signal` aborts; errors are logged and retried. */
  async run(signal: AbortSignal, pollMs: number): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.pollOnce();
      } catch (error) {
        this.deps.metrics.error(isAppError(error) ? error.code : 'unexpected');
        this.deps.logger.warn('listener poll failed; retrying', { error: describeError(error) });
      }
      await sleep(pollMs, signal);
    }
  }

  /** Looks at every pending study whose due time has passed. */
  async reconcile(): Promise<void> {
    const due = await this.deps.store.duePending(this.deps.clock());
    for (const pending of due) {
      await this.guarded(pending.pacsStudyId, () => this.evaluate(pending.pacsStudyId, 'reconcile'));
    }
  }

  /**
   * Runs `work` for one study. A transient fault (PACS or Redis away) propagates: the page is read
   * again on the next poll. A permanent one (a study we cannot make a valid job of) is logged,
   * counted and dropped, so one bad study never blocks the change log behind it.
   */
  private async guarded(pacsStudyId: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!isAppError(error) || error.retryable) throw error;
      await this.deps.store.clearPending(pacsStudyId);
      this.deps.metrics.error(error.code);
      this.deps.logger.warn('study dropped after a permanent error', { error: describeError(error) });
    }
  }

  private async handleChange(change: PacsChange): Promise<void> {
    const { catalog, store, clock, settings } = this.deps;
    if (change.changeType === 'StableStudy') {
      await this.evaluate(change.id, 'stable');
    } else if (PENDING_CHANGES.has(change.changeType)) {
      const studyId =
        change.resourceType === 'Study' ? change.id : await catalog.parentStudyOfSeries(change.id);
      if (studyId !== null) {
        const now = clock();
        await store.notePending(studyId, now + settings.reconcileAfterMs, now);
      }
    }
  }

  /**
   * Decides on one study and acts: enqueue, keep waiting, skip or ignore. `force` (reprocess
   * requests) analyses again an input already analysed.
   */
  async evaluate(
    pacsStudyId: string,
    trigger: AnalysisRequest['trigger'],
    force = false,
  ): Promise<StudyDecision> {
    const { catalog, store, clock, logger, metrics, settings } = this.deps;
    const snapshot = await catalog.study(pacsStudyId);
    if (snapshot === null) {
      await store.clearPending(pacsStudyId);
      metrics.ignored('study_gone');
      return { action: 'study_gone' };
    }
    const studyKey = this.deps.studyKey(snapshot.studyInstanceUid);
    const inputs = snapshot.series.filter((series) => !isOwnOutput(series));
    if (inputs.length === 0) {
      await store.clearPending(pacsStudyId);
      metrics.ignored('only_own_output');
      logger.debug('study holds only our own outputs; ignored', { studyKey, trigger });
      return { action: 'only_own_output' };
    }
    const verdict = await this.deps.qualify({ ...snapshot, series: inputs });
    const now = clock();
    if (verdict.status === 'not_applicable') {
      return this.skip(snapshot.studyInstanceUid, pacsStudyId, verdict.reason, [], studyKey);
    }
    if (verdict.status === 'incomplete') {
      const firstSeen = (await store.firstSeenAt(pacsStudyId)) ?? now;
      const deadline = firstSeen + settings.maxWaitMs;
      if (now >= deadline) {
        return this.skip(
          snapshot.studyInstanceUid,
          pacsStudyId,
          'incomplete_after_max_wait',
          verdict.missingRoles,
          studyKey,
        );
      }
      await store.notePending(pacsStudyId, deadline, firstSeen);
      logger.info('study incomplete; waiting', { studyKey, missingRoles: verdict.missingRoles, trigger });
      return { action: 'waiting' };
    }
    const hash = inputHash(verdict.inputSopInstanceUids);
    const baseJobId = analysisJobId(snapshot.studyInstanceUid, hash);
    // A reprocess of the same input needs its own job id (the first job may be retained).
    const jobId = force ? `${baseJobId}-r${now}` : baseJobId;
    const claim = await store.claimInput(snapshot.studyInstanceUid, force ? `${hash}-r${now}` : hash, jobId);
    if (!claim.claimed) {
      await store.clearPending(pacsStudyId);
      metrics.ignored('already_analysed');
      logger.debug('input already analysed; no new job', { studyKey, trigger });
      return { action: 'already_analysed' };
    }
    const request: AnalysisRequest = {
      studyInstanceUid: snapshot.studyInstanceUid,
      pacsStudyId,
      inputHash: hash,
      inputInstanceCount: new Set(verdict.inputSopInstanceUids).size,
      trigger,
      supersedesJobId: claim.previousJobId,
      requestedAt: new Date(now).toISOString(),
    };
    try {
      await this.deps.enqueue(request, jobId);
    } catch (error) {
      await store.releaseInput(
        snapshot.studyInstanceUid,
        force ? `${hash}-r${now}` : hash,
        claim.previousJobId,
      );
      throw error;
    }
    await store.clearPending(pacsStudyId);
    metrics.enqueued(trigger, claim.previousJobId !== null);
    logger.info('analysis enqueued', {
      studyKey,
      jobId,
      trigger,
      supersedesJobId: claim.previousJobId,
      inputInstances: request.inputInstanceCount,
    });
    return { action: 'enqueued', jobId, supersedesJobId: claim.previousJobId };
  }

  /** Reprocess request by Study Instance UID (ops server). */
  async reprocess(studyInstanceUid: string): Promise<StudyDecision> {
    const pacsStudyId = await this.deps.catalog.findStudy(studyInstanceUid);
    if (pacsStudyId === null) return { action: 'study_gone' };
    return this.evaluate(pacsStudyId, 'reprocess', true);
  }

  private async skip(
    studyInstanceUid: string,
    pacsStudyId: string,
    reason: string,
    missingRoles: string[],
    studyKey: string,
  ): Promise<StudyDecision> {
    const { store, clock, logger, metrics } = this.deps;
    await store.recordSkip(studyInstanceUid, { reason, missingRoles, at: new Date(clock()).toISOString() });
    await store.clearPending(pacsStudyId);
    metrics.skipped(reason);
    logger.warn('study skipped', { studyKey, reason, missingRoles });
    return { action: 'skipped', reason };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
