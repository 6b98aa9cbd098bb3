import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { DicomWebClient, PacsHttp } from '../../src/pacs/index.js';
import { CANARY, type GeneratedStudy } from '../../src/synth/study.js';
import { Harness, ownSeriesCount, plumbingAnalysis, testStudy, uploadStudy } from './pipeline-harness.js';

/**
 * Forwarding of the outputs to a second Orthanc by DICOMweb: stored there after the source PACS;
 * a peer that is down leaves the job failed with a forward_failed reason after its retries.
 */

let services: LocalServices;
let peer: LocalServices;
let harness: Harness;
let peerClient: DicomWebClient;

beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
  peer = await startLocalServices({ redis: false });
  const orthanc = peer.orthanc!;
  peerClient = new DicomWebClient(
    new PacsHttp({
      baseUrl: orthanc.url,
      ...orthanc.credentials,
      attempts: 1,
      backoffMs: 50,
      timeoutMs: 5000,
    }),
  );
  harness = new Harness(services, {
    attempts: 2,
    backoffMs: 100,
    forwardTo: [{ name: 'peer-orthanc', client: peerClient }],
  });
}, 120_000);

afterAll(async () => {
  expect(harness.logLines.filter((l) => l.includes(CANARY))).toEqual([]);
  await harness?.close();
  await peer?.stop();
  await services?.stop();
});

describe('forwarding of the outputs', () => {
  it('stores the outputs at the peer too; with the peer down the job ends failed with forward_failed', async () => {
    const first = testStudy(41);
    const second = testStudy(42);
    const studies = new Map<string, GeneratedStudy>([
      [first.context.studyInstanceUid, first],
      [second.context.studyInstanceUid, second],
    ]);
    const listener = harness.listener();
    await listener.pollOnce();
    harness.worker(plumbingAnalysis(studies));
    await uploadStudy(harness.rest, first, [1]);
    await harness.pollUntil(
      listener,
      async () => (await harness.queue.queue.getCompletedCount()) === 1,
      30_000,
    );
    expect(await ownSeriesCount(peerClient, first.context.studyInstanceUid)).toBe(1);

    await peer.orthanc!.process.stop();
    await uploadStudy(harness.rest, second, [1]);
    await harness.pollUntil(listener, async () => (await harness.queue.queue.getFailedCount()) === 1, 30_000);
    const [failed] = await harness.queue.queue.getFailed();
    expect(failed!.attemptsMade).toBe(2);
    expect(failed!.failedReason).toMatch(
      /^forward_failed: stored in the PACS, but forwarding to peer-orthanc failed: /,
    );
    // Stored in the source PACS all the same.
    expect(await ownSeriesCount(harness.dicomWeb, second.context.studyInstanceUid)).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
