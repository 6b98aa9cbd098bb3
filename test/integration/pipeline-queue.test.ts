import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/index.js';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { analysisPacs } from '../../src/pacs/index.js';
import type { AnalysisRequest, AnalyzeStudy } from '../../src/pipeline/index.js';
import { AnalysisWorker } from '../../src/queue/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import {
  closeHarnesses,
  Harness,
  outputInstance,
  ownSeriesCount,
  sleep,
  testStudy,
  uploadStudy,
  waitFor,
} from './pipeline-harness.js';

/** Queue and worker behaviour on real Redis (and Orthanc for the write switches). */

let services: LocalServices;
const harnesses: Harness[] = [];
beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
});
afterAll(async () => {
  await closeHarnesses(harnesses);
  await services?.stop();
});

function harness(options: ConstructorParameters<typeof Harness>[1] = {}) {
  const h = new Harness(services, options);
  harnesses.push(h);
  return h;
}

const STUDY_UID = '1.2.826.0.1.3680043.8.498.77';
function request(overrides: Partial<AnalysisRequest> = {}): AnalysisRequest {
  return {
    studyInstanceUid: STUDY_UID,
    pacsStudyId: 'aaaaaaaa-bbbbbbbb-cccccccc-dddddddd-eeeeeeee',
    inputHash: 'a'.repeat(64),
    inputInstanceCount: 3,
    trigger: 'stable',
    supersedesJobId: null,
    requestedAt: '2026-11-28T20:00:00.000Z',
    ...overrides,
  };
}

const neverCalled: AnalyzeStudy = async () => {
  throw new Error('analysis must not run');
};

async function failedReason(h: Harness, jobId: string): Promise<{ reason: string; attempts: number }> {
  await waitFor(
    async () => (await h.queue.queue.getJob(jobId))?.failedReason !== undefined,
    10_000,
    'job failed',
  );
  const job = (await h.queue.queue.getJob(jobId))!;
  return { reason: job.failedReason, attempts: job.attemptsMade };
}

describe('analysis queue and worker', () => {
  it('refuses an invalid payload on enqueue, naming the field, and fails a malformed stored job at once', async () => {
    const h = harness();
    await expect(h.queue.enqueue(request({ studyInstanceUid: 'not a uid' }), 'job-1')).rejects.toMatchObject({
      code: 'job_invalid',
    });
    await expect(h.queue.enqueue(request(), 'job:1')).rejects.toMatchObject({ code: 'job_id_invalid' });
    // A job written by another producer, bypassing the schema.
    await h.queue.queue.add('analysis', { studyInstanceUid: 42 }, { jobId: 'raw-1', attempts: 5 });
    h.worker(neverCalled);
    const failed = await failedReason(h, 'raw-1');
    expect(failed.reason).toMatch(/^job_invalid: studyInstanceUid: /);
    expect(failed.attempts).toBe(1);
  });

  it('fails at once on a non-retryable AppError, retries a transient one up to the attempts and keeps the reason', async () => {
    const h = harness({ attempts: 3, backoffMs: 50 });
    await h.queue.enqueue(request({ inputHash: 'b'.repeat(64) }), 'bad-input');
    let flakyRuns = 0;
    h.worker(async ({ studyInstanceUid: _ }) => {
      throw new AppError('mask_empty', 'the mask has no voxels');
    });
    expect(await failedReason(h, 'bad-input')).toEqual({
      reason: 'mask_empty: the mask has no voxels',
      attempts: 1,
    });
    await h.workers[0]!.close(1000);
    h.workers.length = 0;
    await h.queue.enqueue(request({ inputHash: 'c'.repeat(64) }), 'flaky');
    h.worker(async () => {
      flakyRuns++;
      throw new AppError('pacs_unavailable', 'GET /system failed', { retryable: true });
    });
    await waitFor(
      async () => (await h.queue.queue.getJob('flaky'))?.finishedOn !== undefined,
      10_000,
      'flaky done',
    );
    const job = (await h.queue.queue.getJob('flaky'))!;
    expect(job.attemptsMade).toBe(3);
    expect(flakyRuns).toBe(3);
    expect(job.failedReason).toBe('pacs_unavailable: GET /system failed');
    expect(await h.queue.queue.getFailedCount()).toBe(2);
  });

  it('refuses to run a demo model unless demo mode is on', async () => {
    const h = harness();
    await h.queue.enqueue(request(), 'demo-1');
    const worker = new AnalysisWorker({
      connection: { url: services.redis!.url },
      queueName: h.queueName,
      prefix: h.prefix,
      concurrency: 1,
      lockDurationMs: 5000,
      analyze: neverCalled,
      pacsFor: (signal) => analysisPacs(h.dicomWeb, { shadowMode: false, writeStop: false }, signal),
      model: { isDemo: true, demoMode: false },
      logger: h.logger,
      metrics: h.metrics,
      studyKey: () => 'k',
    });
    worker.run();
    h.workers.push(worker);
    expect((await failedReason(h, 'demo-1')).reason).toMatch(/^model_is_demo: /);
  });

  it('shadow mode writes nothing to the PACS; the write stop refuses every write with writes_stopped', async () => {
    const h = harness();
    const study: GeneratedStudy = testStudy(21);
    await uploadStudy(h.rest, study, [1]);
    const uid = study.context.studyInstanceUid;
    const writeOne: AnalyzeStudy = async ({ pacs }) => ({
      writtenSopInstanceUids: await pacs.store([outputInstance(study, 'switch')], uid),
      stageDurationsMs: {},
      outOfRangeInputs: [],
    });
    const shadow = analysisPacs(h.dicomWeb, { shadowMode: true, writeStop: false });
    expect(
      (await writeOne({ studyInstanceUid: uid, pacs: shadow, signal: new AbortController().signal }))
        .writtenSopInstanceUids,
    ).toEqual([]);
    const stopped = analysisPacs(h.dicomWeb, { shadowMode: false, writeStop: true });
    await expect(
      writeOne({ studyInstanceUid: uid, pacs: stopped, signal: new AbortController().signal }),
    ).rejects.toMatchObject({
      code: 'writes_stopped',
    });
    await sleep(200);
    expect(await ownSeriesCount(h.dicomWeb, uid)).toBe(0);
    // The same analysis with the switches off does write (so the checks above can fail).
    const open = analysisPacs(h.dicomWeb, { shadowMode: false, writeStop: false });
    expect(
      (await writeOne({ studyInstanceUid: uid, pacs: open, signal: new AbortController().signal }))
        .writtenSopInstanceUids,
    ).toHaveLength(1);
    expect(await ownSeriesCount(h.dicomWeb, uid)).toBe(1);
  });

  it('graceful close: a running job is aborted after the grace period and retried, not lost', async () => {
    const h = harness({ attempts: 3, backoffMs: 50 });
    await h.queue.enqueue(request({ inputHash: 'd'.repeat(64) }), 'long');
    let started = false;
    const worker = h.worker(({ signal }) => {
      started = true;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    await waitFor(async () => started, 10_000, 'job started');
    await worker.close(300);
    h.workers.length = 0;
    const job = (await h.queue.queue.getJob('long'))!;
    expect(await job.getState()).toMatch(/^(delayed|waiting)$/);
    expect(job.failedReason).toMatch(/^analysis_interrupted: the analysis was interrupted by a shutdown/);
    h.worker(async () => ({
      writtenSopInstanceUids: [],
      stageDurationsMs: { total: 5 },
      outOfRangeInputs: ['glcm_Contrast'],
    }));
    await waitFor(
      async () =>
        (await job.getState()) === 'completed' ||
        (await h.queue.queue.getJob('long'))?.finishedOn !== undefined,
      10_000,
      'completed',
    );
    expect(await (await h.queue.queue.getJob('long'))!.getState()).toBe('completed');
    const metrics = await h.metrics.registry.metrics();
    expect(metrics).toContain('her2_out_of_range_inputs_total{feature="glcm_Contrast"} 1');
    expect(metrics).toContain('her2_stage_duration_seconds_count{stage="total"} 1');
  });
});
