import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices, startOrthanc } from '../../src/local-services/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import { deterministicAnalysis, type RunCounter, uploadStudies } from './hardening-faults-support.js';
import { closeHarnesses, Harness, ownSeriesCount, sleep, waitFor } from './pipeline-harness.js';

/**
 * Orthanc restarted mid-run: 4 studies queued with a worker part-way through them, 3 more just
 * arrived and not yet stable, then Orthanc is killed (`kill -9`) and started again on the same data. Orthanc keeps
 * not-yet-stable studies in memory only, so those 3 never get their StableStudy; jobs running
 * during the outage fail with pacs_unavailable and retry. Asserted: no study lost — all 7
 * completed, each with exactly one output series, no failed job.
 */

let services: LocalServices;
let h: Harness;

afterAll(async () => {
  if (h) await closeHarnesses([h]);
  await services?.stop();
});

describe('Orthanc restarted mid-run', () => {
  it('no study lost: queued, running and not-yet-stable studies all end with one output', async () => {
    services = await startLocalServices({ orthanc: { stableAge: 6 } });
    h = new Harness(services, { attempts: 10, backoffMs: 300, pacsAttempts: 1, reconcileAfterMs: 8000 });
    const studies = new Map<string, GeneratedStudy>();
    const counter: RunCounter = { runs: new Map() };
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudies(h.rest, studies, 300, 4);
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 4, 30_000);
    await uploadStudies(h.rest, studies, 304, 3);
    await listener.pollOnce(); // sees NewStudy/NewSeries of the 3, not yet stable
    h.worker(deterministicAnalysis(studies, counter, 500));
    await waitFor(async () => (await h.queue.queue.getCompletedCount()) >= 1, 30_000, 'first study done');

    // A crash, not a clean stop: Orthanc's in-memory stability tracking is gone.
    const orthanc = h.services.orthanc!;
    process.kill(orthanc.process.pid, 'SIGKILL');
    await orthanc.process.stop();
    await sleep(1500);
    const again = await startOrthanc(join(h.services.tempDir, 'orthanc'), {
      stableAge: 6,
      reuse: { httpPort: orthanc.httpPort, dicomPort: orthanc.dicomPort, credentials: orthanc.credentials },
    });
    (h.services as { orthanc: unknown }).orthanc = again;

    await h.pollUntil(listener, async () => (await h.queue.queue.getCompletedCount()) === 7, 90_000);
    const outputs = await Promise.all([...studies.keys()].map((uid) => ownSeriesCount(h.dicomWeb, uid)));
    const jobs = await h.queue.queue.getJobs(['completed']);
    const triggers = jobs.map((j) => j.data.trigger as string).sort();
    console.log(
      `Orthanc restart mid-run: studies ${studies.size}, completed ${jobs.length}, lost 0, triggers ${triggers.join(',')}, ` +
        `outputs per study [${[...new Set(outputs)].join(',')}], pacs_unavailable in log ${h.logLines.some((l) => l.includes('pacs_unavailable'))}`,
    );
    expect(outputs).toEqual(outputs.map(() => 1));
    expect(await h.jobIds()).toHaveLength(7);
    expect(await h.queue.queue.getFailedCount()).toBe(0);
    // the outage was seen by the running jobs, and the studies whose StableStudy died with
    // Orthanc's memory were found by the listener's own reconcile timer
    expect(h.logLines.some((l) => l.includes('pacs_unavailable'))).toBe(true);
    expect(triggers).toContain('reconcile');
  });
});
