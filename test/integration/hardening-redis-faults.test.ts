import { afterAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices, startRedis } from '../../src/local-services/index.js';
import type { GeneratedStudy } from '../../src/synth/study.js';
import { deterministicAnalysis, type RunCounter, uploadStudies } from './hardening-faults-support.js';
import { closeHarnesses, Harness, ownSeriesCount, sleep, waitFor } from './pipeline-harness.js';

/**
 * Redis faults mid-run, with AOF persistence as shipped (docker/redis.conf: appendonly yes,
 * appendfsync everysec, noeviction). Each test: 8 studies queued, a worker part-way through them,
 * then Redis goes away — gracefully (SIGTERM: Redis writes and fsyncs the AOF before exiting) or
 * with `kill -9` — and comes back on the same port and data folder. Then 2 more studies arrive.
 *
 * What everysec promises: Redis writes each change to the AOF (into the kernel) before it answers,
 * and fsyncs once a second. A graceful stop loses nothing; `kill -9` of the process loses at most
 * the write in flight (the kernel keeps the rest); a power loss or kernel crash — which a test
 * cannot produce — can lose up to about the last second of writes Redis had acknowledged: a job's
 * completion, a listener claim, the cursor. How that is covered:
 * job ids are derived from the study and its input hash, the listener's claims are idempotent
 * and its cursor is saved after the claims, so a lost cursor/claim only makes the listener read
 * the same changes again and re-add the same job id (a no-op when the job survived); a lost
 * completion makes BullMQ run the job again, and the outputs' UIDs are derived from the inputs,
 * so the second run replaces the same instances instead of adding a second result. Studies seen
 * but not yet claimed are found again by the listener's reconcile timer.
 *
 * Asserted: no study lost (every one ends with exactly one output series and a completed job),
 * the listener's cursor and processed-input claims survive (a fresh listener re-reading the
 * change log adds no job for an analysed study), and after a graceful restart every study was
 * analysed exactly once. After kill -9, re-runs are counted and printed (expected 0: a process
 * crash loses at most the write in flight, which then may be one job's completion).
 */

const started: LocalServices[] = [];
const harnesses: Harness[] = [];

afterAll(async () => {
  await closeHarnesses(harnesses);
  await Promise.all(started.map((s) => s.stop()));
});

async function restartRedis(h: Harness, mode: 'graceful' | 'kill'): Promise<void> {
  const redis = h.services.redis!;
  if (mode === 'kill') process.kill(redis.process.pid, 'SIGKILL');
  await redis.process.stop();
  await sleep(500);
  const again = await startRedis(h.services.tempDir, { appendOnly: true, port: redis.port });
  // whoever stops the services later stops the new process
  (h.services as { redis: unknown }).redis = again;
}

async function runFault(mode: 'graceful' | 'kill') {
  const services = await startLocalServices({ redis: { appendOnly: true }, orthanc: { stableAge: 1 } });
  started.push(services);
  const h = new Harness(services, {
    lockDurationMs: 3000,
    attempts: 6,
    backoffMs: 300,
    reconcileAfterMs: 3000,
  });
  harnesses.push(h);
  // the harness' own connection reconnects by itself; its failed attempts are expected here
  h.redis.on('error', () => {});
  const studies = new Map<string, GeneratedStudy>();
  const counter: RunCounter = { runs: new Map() };
  const listener = h.listener();
  await listener.pollOnce();
  await uploadStudies(h.rest, studies, 200, 8);
  await h.pollUntil(listener, async () => (await h.jobIds()).length === 8, 30_000);
  h.worker(deterministicAnalysis(studies, counter, 400));
  await waitFor(async () => (await h.queue.queue.getCompletedCount()) >= 3, 30_000, 'three studies done');
  const cursorBefore = await h.store.cursor();
  const completedBefore = await h.queue.queue.getCompletedCount();

  await restartRedis(h, mode);

  // The cursor and the claims came back from the AOF.
  const cursorAfter = await h.store.cursor();
  expect(cursorAfter).not.toBeNull();
  if (mode === 'graceful') expect(cursorAfter).toBe(cursorBefore);
  // A fresh listener (state only in Redis) re-reads the change log from its cursor and adds nothing.
  const fresh = h.listener();
  await fresh.pollOnce();
  expect(await h.jobIds()).toHaveLength(8);
  await uploadStudies(h.rest, studies, 208, 2);
  await h.pollUntil(fresh, async () => (await h.jobIds()).length === 10, 30_000);
  await waitFor(async () => (await h.queue.queue.getCompletedCount()) === 10, 60_000, 'all ten studies done');
  // One more look at the whole change log from the start: every input is already claimed.
  await h.store.saveCursor(0);
  await fresh.pollOnce();
  expect(await h.jobIds()).toHaveLength(10);

  const outputs = await Promise.all([...studies.keys()].map((uid) => ownSeriesCount(h.dicomWeb, uid)));
  const runs = [...studies.keys()].map((uid) => counter.runs.get(uid) ?? 0);
  const reruns = runs.reduce((s, r) => s + r, 0) - studies.size;
  console.log(
    `Redis ${mode === 'kill' ? 'kill -9' : 'graceful restart'} mid-run (AOF everysec): ${completedBefore} of 8 done before the fault, ` +
      `studies ${studies.size}, completed ${await h.queue.queue.getCompletedCount()}, lost 0, ` +
      `outputs per study [${[...new Set(outputs)].join(',')}], analysis re-runs ${reruns}`,
  );
  expect(outputs).toEqual(outputs.map(() => 1));
  expect(await h.queue.queue.getFailedCount()).toBe(0);
  return { runs };
}

describe('Redis faults mid-run with AOF persistence', () => {
  it('graceful restart: queued jobs, cursor and claims survive; every study analysed exactly once', async () => {
    const { runs } = await runFault('graceful');
    expect(runs).toEqual(runs.map(() => 1));
  });

  it('kill -9: no study lost, one output per study; re-runs only from the last second of writes', async () => {
    const { runs } = await runFault('kill');
    expect(runs.every((r) => r >= 1)).toBe(true);
  });
});
