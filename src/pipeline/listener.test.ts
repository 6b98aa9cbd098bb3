import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { createLogger } from '../observability/index.js';
import type { AnalysisRequest } from './analysis-request.js';
import { analysisJobId, inputHash } from './input-hash.js';
import { StudyListener } from './listener.js';
import type { ClaimResult, ListenerStore, PendingStudy, SkipRecord } from './listener-store.js';
import { OUTPUT_MANUFACTURER } from './output-marker.js';
import type { ChangePage, PacsCatalog, PacsChange, SeriesSummary, StudySnapshot } from './ports.js';
import { basicQualifier } from './qualifier.js';

/** The listener's decisions on hand-built studies, with in-memory fakes of Orthanc and Redis. */

const STUDY_ID = 'aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee';
const STUDY_UID = '1.2.826.0.1.3680043.8.498.1';

function series(modality: string, uids: string[], extra: Partial<SeriesSummary> = {}): SeriesSummary {
  return {
    seriesInstanceUid: `1.2.3.${modality.length}.${uids.length}`,
    modality,
    seriesDescription: `${modality} series`,
    manufacturer: 'Vendor',
    sopInstanceUids: uids,
    ...extra,
  };
}

class FakeStore implements ListenerStore {
  seq: number | null = null;
  pending = new Map<string, { due: number; first: number }>();
  inputs = new Map<string, string>();
  latest = new Map<string, string>();
  skips = new Map<string, SkipRecord>();
  async cursor() {
    return this.seq;
  }
  async saveCursor(seq: number) {
    this.seq = seq;
  }
  async notePending(id: string, dueAt: number, now: number) {
    this.pending.set(id, { due: dueAt, first: this.pending.get(id)?.first ?? now });
  }
  async duePending(now: number): Promise<PendingStudy[]> {
    return [...this.pending]
      .filter(([, p]) => p.due <= now)
      .map(([id, p]) => ({ pacsStudyId: id, firstSeenAt: p.first }));
  }
  async firstSeenAt(id: string) {
    return this.pending.get(id)?.first ?? null;
  }
  async clearPending(id: string) {
    this.pending.delete(id);
  }
  async claimInput(study: string, hash: string, jobId: string): Promise<ClaimResult> {
    const key = `${study}/${hash}`;
    if (this.inputs.has(key)) return { claimed: false, previousJobId: null };
    this.inputs.set(key, jobId);
    const previousJobId = this.latest.get(study) ?? null;
    this.latest.set(study, jobId);
    return { claimed: true, previousJobId };
  }
  async releaseInput(study: string, hash: string, previous: string | null) {
    this.inputs.delete(`${study}/${hash}`);
    if (previous === null) this.latest.delete(study);
    else this.latest.set(study, previous);
  }
  async recordSkip(study: string, record: SkipRecord) {
    this.skips.set(study, record);
  }
  async skipRecord(study: string) {
    return this.skips.get(study) ?? null;
  }
}

function setup(initialSeries: SeriesSummary[]) {
  const state = {
    series: initialSeries,
    changes: [] as PacsChange[],
    now: 1_000_000,
    failEnqueue: false,
    invalidJobs: 0,
  };
  const catalog: PacsCatalog = {
    async changes(since, limit): Promise<ChangePage> {
      const page = state.changes.filter((c) => c.seq > since).slice(0, limit);
      const last = page.at(-1)?.seq ?? since;
      return { changes: page, last, done: last >= (state.changes.at(-1)?.seq ?? 0) };
    },
    lastChangeSeq: async () => state.changes.at(-1)?.seq ?? 0,
    study: async (id): Promise<StudySnapshot | null> =>
      id === STUDY_ID ? { pacsStudyId: id, studyInstanceUid: STUDY_UID, series: state.series } : null,
    findStudy: async (uid) => (uid === STUDY_UID ? STUDY_ID : null),
    parentStudyOfSeries: async () => STUDY_ID,
    parentStudyOfInstance: async () => STUDY_ID,
  };
  const store = new FakeStore();
  const jobs: { request: AnalysisRequest; jobId: string }[] = [];
  const counts: Record<string, number> = {};
  const bump = (k: string) => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const listener = new StudyListener({
    catalog,
    store,
    enqueue: async (request, jobId) => {
      if (state.failEnqueue) throw new Error('redis down');
      if (state.invalidJobs > 0) {
        state.invalidJobs--;
        throw new AppError('job_invalid', 'analysis job is invalid: studyInstanceUid: a DICOM UID is digits');
      }
      jobs.push({ request, jobId });
    },
    qualify: basicQualifier,
    clock: () => state.now,
    logger: createLogger({ write: () => {} }),
    studyKey: () => 'key',
    metrics: {
      enqueued: (t, s) => bump(`enqueued:${t}:${s}`),
      skipped: (r) => bump(`skipped:${r}`),
      ignored: (r) => bump(`ignored:${r}`),
      error: (k) => bump(`error:${k}`),
    },
    settings: { pageSize: 2, reconcileAfterMs: 5000, maxWaitMs: 60_000 },
  });
  let seq = 0;
  const change = (changeType: string, resourceType = 'Study') =>
    state.changes.push({ seq: ++seq, changeType, resourceType, id: STUDY_ID });
  return { state, store, jobs, counts, listener, change };
}

describe('StudyListener', () => {
  it('enqueues a stable MR + SEG study once, keyed by the hash of its sorted SOP Instance UIDs', async () => {
    const t = setup([series('MR', ['1.9.2', '1.9.1']), series('SEG', ['1.9.3'])]);
    await t.listener.pollOnce(); // first start: cursor at the newest change (none)
    t.change('NewStudy');
    t.change('StableStudy');
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.jobs).toHaveLength(1);
    const hash = inputHash(['1.9.1', '1.9.2', '1.9.3']);
    expect(t.jobs[0]!.jobId).toBe(analysisJobId(STUDY_UID, hash));
    expect(t.jobs[0]!.request).toMatchObject({
      inputHash: hash,
      inputInstanceCount: 3,
      supersedesJobId: null,
    });
    expect(t.store.seq).toBe(3);
    expect(t.store.pending.size).toBe(0);
    expect(t.counts['ignored:already_analysed']).toBe(1);
  });

  it('does not start a job when only our own output was added (loop guard), but does for a new mask', async () => {
    const t = setup([series('MR', ['1.9.1']), series('SEG', ['1.9.3'])]);
    await t.listener.pollOnce();
    t.change('StableStudy');
    await t.listener.pollOnce();
    t.state.series = [
      ...t.state.series,
      series('SR', ['1.9.50'], { manufacturer: OUTPUT_MANUFACTURER, seriesDescription: 'whatever' }),
      series('SEG', ['1.9.51'], { manufacturer: 'x', seriesDescription: 'HER2 radiomics segmentation' }),
    ];
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.jobs).toHaveLength(1);
    t.state.series = [...t.state.series, series('RTSTRUCT', ['1.9.60'])];
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.jobs).toHaveLength(2);
    expect(t.jobs[1]!.request.supersedesJobId).toBe(t.jobs[0]!.jobId);
    expect(t.counts['enqueued:stable:true']).toBe(1);
  });

  it('waits for a missing mask until the maximum wait, then skips with the reason', async () => {
    const t = setup([series('MR', ['1.9.1'])]);
    await t.listener.pollOnce();
    t.change('NewStudy');
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.jobs).toHaveLength(0);
    expect(t.store.skips.size).toBe(0);
    t.state.now += 59_000;
    await t.listener.pollOnce();
    expect(t.store.skips.size).toBe(0);
    t.state.now += 1_000;
    await t.listener.pollOnce();
    expect(t.store.skips.get(STUDY_UID)).toMatchObject({
      reason: 'incomplete_after_max_wait',
      missingRoles: ['mask'],
    });
    expect(t.counts['skipped:incomplete_after_max_wait']).toBe(1);
    expect(t.store.pending.size).toBe(0);
  });

  it('skips a study without MR at once, and ignores a study that holds only our outputs', async () => {
    const t = setup([series('CT', ['1.9.1'])]);
    await t.listener.pollOnce();
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.store.skips.get(STUDY_UID)?.reason).toBe('no_mr_series');
    t.state.series = [series('SR', ['1.9.5'], { manufacturer: OUTPUT_MANUFACTURER })];
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.counts['ignored:only_own_output']).toBe(1);
    expect(t.jobs).toHaveLength(0);
  });

  it('reconciles a study that never became stable, after reconcileAfterMs', async () => {
    const t = setup([series('MR', ['1.9.1']), series('SEG', ['1.9.3'])]);
    await t.listener.pollOnce();
    t.change('NewSeries', 'Series');
    await t.listener.pollOnce();
    t.state.now += 4_999;
    await t.listener.pollOnce();
    expect(t.jobs).toHaveLength(0);
    t.state.now += 1;
    await t.listener.pollOnce();
    expect(t.jobs.map((j) => j.request.trigger)).toEqual(['reconcile']);
  });

  it('releases the claim when enqueueing fails, so the next look tries again', async () => {
    const t = setup([series('MR', ['1.9.1']), series('SEG', ['1.9.3'])]);
    t.state.failEnqueue = true;
    await expect(t.listener.evaluate(STUDY_ID, 'stable')).rejects.toThrow('redis down');
    t.state.failEnqueue = false;
    expect((await t.listener.evaluate(STUDY_ID, 'stable')).action).toBe('enqueued');
  });

  it('reprocess analyses the same input again under a new job id', async () => {
    const t = setup([series('MR', ['1.9.1']), series('SEG', ['1.9.3'])]);
    await t.listener.evaluate(STUDY_ID, 'stable');
    const again = await t.listener.reprocess(STUDY_UID);
    expect(again.action).toBe('enqueued');
    expect(t.jobs).toHaveLength(2);
    expect(t.jobs[1]!.jobId).not.toBe(t.jobs[0]!.jobId);
    expect(t.jobs[1]!.request.trigger).toBe('reprocess');
    expect(await t.listener.reprocess('1.2.3')).toEqual({ action: 'study_gone' });
  });

  it('drops a study that cannot become a valid job and reads on, instead of blocking the change log', async () => {
    const t = setup([series('MR', ['1.9.1']), series('SEG', ['1.9.3'])]);
    await t.listener.pollOnce();
    t.state.invalidJobs = 1;
    t.change('StableStudy');
    t.change('StableStudy');
    await t.listener.pollOnce();
    expect(t.store.seq).toBe(2);
    expect(t.jobs).toHaveLength(1); // the second change found the study valid again
    expect(t.counts['error:job_invalid']).toBe(1);
  });
});
