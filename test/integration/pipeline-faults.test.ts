import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices, startOrthanc } from '../../src/local-services/index.js';
import type { AnalyzeStudy } from '../../src/pipeline/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import {
  closeHarnesses,
  Harness,
  ownSeriesCount,
  plumbingAnalysis,
  sleep,
  testStudy,
  uploadStudy,
  waitFor,
} from './pipeline-harness.js';

/**
 * Faults: a worker that dies mid-job, Orthanc down while jobs run, Orthanc restarted before it
 * reported a study stable. Each test owns its Orthanc (they stop and restart it).
 */

const started: LocalServices[] = [];
const harnesses: Harness[] = [];

afterAll(async () => {
  await closeHarnesses(harnesses);
  await Promise.all(started.map((s) => s.stop()));
});

async function setup(stableAge: number, options: ConstructorParameters<typeof Harness>[1]) {
  const services = await startLocalServices({ orthanc: { stableAge } });
  started.push(services);
  const h = new Harness(services, options);
  harnesses.push(h);
  return h;
}

/** Stops the harness' Orthanc and returns a function that starts it again on the same port and data. */
async function stopOrthanc(h: Harness): Promise<() => Promise<void>> {
  const orthanc = h.services.orthanc!;
  await orthanc.process.stop();
  return async () => {
    const again = await startOrthanc(join(h.services.tempDir, 'orthanc'), {
      stableAge: 1,
      reuse: { httpPort: orthanc.httpPort, dicomPort: orthanc.dicomPort, credentials: orthanc.credentials },
    });
    // Whoever stops the services later stops the new process.
    (h.services as { orthanc: unknown }).orthanc = again;
  };
}

describe('pipeline faults against real Orthanc and Redis', () => {
  it('a worker that dies mid-job: the job is recovered by another worker, exactly one output', async () => {
    const h = await setup(1, { lockDurationMs: 2000 });
    const study = testStudy(11);
    const studies = new Map<string, GeneratedStudy>([[study.context.studyInstanceUid, study]]);
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudy(h.rest, study, [1]);
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 1);

    let started = false;
    // A worker that takes the job and hangs (as if its process froze or was killed)...
    const hanging: AnalyzeStudy = () => {
      started = true;
      return new Promise(() => {});
    };
    const doomed = h.worker(hanging);
    await waitFor(async () => started, 10_000, 'hanging worker took the job');
    // ...then dies without releasing it: no lock renewal, no completion.
    await doomed.worker.close(true);
    const counter = { runs: 0 };
    h.worker(plumbingAnalysis(studies, counter), { lockDurationMs: 2000 });
    await waitFor(async () => (await h.queue.queue.getCompletedCount()) === 1, 30_000, 'job recovered');
    expect(counter.runs).toBe(1);
    expect(await ownSeriesCount(h.dicomWeb, study.context.studyInstanceUid)).toBe(1);
  });

  it('Orthanc down while a job runs: the job retries with backoff and succeeds once it is back', async () => {
    const h = await setup(1, { attempts: 8, backoffMs: 500, pacsAttempts: 1 });
    const study = testStudy(12);
    const studies = new Map<string, GeneratedStudy>([[study.context.studyInstanceUid, study]]);
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudy(h.rest, study, [1]);
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 1);

    const restart = await stopOrthanc(h);
    h.worker(plumbingAnalysis(studies));
    const [jobId] = await h.jobIds();
    await waitFor(
      async () => ((await h.queue.queue.getJob(jobId!))?.attemptsMade ?? 0) >= 2,
      20_000,
      'two failed tries',
    );
    expect(await h.queue.queue.getCompletedCount()).toBe(0);
    await restart();
    await waitFor(async () => (await h.queue.queue.getCompletedCount()) === 1, 30_000, 'job completed');
    expect(await ownSeriesCount(h.dicomWeb, study.context.studyInstanceUid)).toBe(1);
    expect(h.logLines.some((l) => l.includes('pacs_unavailable'))).toBe(true);
  });

  it('Orthanc restarted before StableStudy: reconciliation still enqueues the study', async () => {
    // StableAge 60 s: within the test Orthanc never reports the study stable, before or after the restart.
    const h = await setup(60, { reconcileAfterMs: 2000 });
    const study = testStudy(13);
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudy(h.rest, study, [1]);
    const restart = await stopOrthanc(h);
    await restart();
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 1, 20_000);
    const [job] = await h.queue.queue.getJobs(['waiting']);
    expect(job?.data.trigger).toBe('reconcile');
    await sleep(500);
    await listener.pollOnce();
    expect(await h.jobIds()).toHaveLength(1);
  });
});
