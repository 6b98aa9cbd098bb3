import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import {
  closeHarnesses,
  Harness,
  maskInstance,
  outputInstance,
  ownSeriesCount,
  plumbingAnalysis,
  sleep,
  testStudy,
  uploadStudy,
  waitFor,
} from './pipeline-harness.js';

let services: LocalServices;
const harnesses: Harness[] = [];

beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
});
afterAll(async () => {
  await closeHarnesses(harnesses);
  await services?.stop();
});

function harness(options: ConstructorParameters<typeof Harness>[1] = {}): Harness {
  const h = new Harness(services, options);
  harnesses.push(h);
  return h;
}

async function completed(h: Harness): Promise<number> {
  return h.queue.queue.getCompletedCount();
}

describe('listener → queue → worker against real Orthanc and Redis', () => {
  it('a study with images and a mask gives exactly one job and one output; our output does not start a second', async () => {
    const h = harness();
    const study = testStudy(1);
    const studies = new Map<string, GeneratedStudy>([[study.context.studyInstanceUid, study]]);
    const listener = h.listener();
    await listener.pollOnce(); // sets the cursor to "now"
    await uploadStudy(h.rest, study, [1]);
    await h.pollUntil(listener, async () => (await h.jobIds()).length > 0);
    expect(await h.jobIds()).toHaveLength(1);
    expect((await h.jobIds())[0]).not.toContain(':');

    h.worker(plumbingAnalysis(studies));
    await waitFor(async () => (await completed(h)) === 1, 20_000, 'job completed');
    expect(await ownSeriesCount(h.dicomWeb, study.context.studyInstanceUid)).toBe(1);

    // Our SR re-stabilises the study; wait well past StableAge and read every change.
    await sleep(2500);
    await listener.pollOnce();
    await sleep(500);
    expect(await h.jobIds()).toHaveLength(1);
    expect(await completed(h)).toBe(1);
    expect(await ownSeriesCount(h.dicomWeb, study.context.studyInstanceUid)).toBe(1);
    const metrics = await h.metrics.registry.metrics();
    expect(metrics).toMatch(/her2_studies_ignored_total\{reason="already_analysed"\} [1-9]/);
  });

  it('a study uploaded while the listener was down is found from the saved cursor, once', async () => {
    const h = harness();
    const first = h.listener();
    await first.pollOnce();
    const studyA = testStudy(2);
    const studyB = testStudy(3);
    await uploadStudy(h.rest, studyA, [1]);
    await h.pollUntil(first, async () => (await h.jobIds()).length === 1);
    // "Restart": the first listener is gone; B arrives and stabilises before the new one starts.
    await uploadStudy(h.rest, studyB, [1]);
    await sleep(2500);
    const restarted = h.listener();
    await h.pollUntil(restarted, async () => (await h.jobIds()).length >= 2);
    await sleep(2000);
    await restarted.pollOnce();
    expect(await h.jobIds()).toHaveLength(2);
  });

  it('a study without masks waits, then is skipped with its reason (record, metric, log)', async () => {
    const h = harness({ maxWaitMs: 2500 });
    const study = testStudy(4);
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudy(h.rest, study, []);
    await h.pollUntil(
      listener,
      async () => (await h.store.skipRecord(study.context.studyInstanceUid)) !== null,
    );
    const record = await h.store.skipRecord(study.context.studyInstanceUid);
    expect(record).toMatchObject({ reason: 'incomplete_after_max_wait', missingRoles: ['mask'] });
    expect(await h.jobIds()).toEqual([]);
    expect(await h.metrics.registry.metrics()).toContain(
      'her2_studies_skipped_total{reason="incomplete_after_max_wait"} 1',
    );
    expect(h.logLines.some((l) => l.includes('"msg":"study skipped"'))).toBe(true);
  });

  it('a new mask on an analysed study starts a new analysis that supersedes the first', async () => {
    const h = harness();
    const study = testStudy(5);
    const listener = h.listener();
    await listener.pollOnce();
    await uploadStudy(h.rest, study, [1]);
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 1);
    const [firstId] = await h.jobIds();
    await h.rest.uploadInstance(outputInstance(study, 'earlier-result'));
    await h.rest.uploadInstance(maskInstance(study, 2));
    await h.pollUntil(listener, async () => (await h.jobIds()).length === 2);
    const jobs = await h.queue.queue.getJobs(['waiting', 'delayed']);
    const second = jobs.find((j) => j.id !== firstId)!;
    expect(second.data.supersedesJobId).toBe(firstId);
    expect(second.data.trigger).toBe('stable');
  });
});
