import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillOrthancTemplate,
  freePort,
  type LocalOrthanc,
  type LocalServices,
  ORTHANC_TEST_TEMPLATE,
  orthancSystem,
  startLocalServices,
  startProcess,
  waitUntilReady,
} from '../../src/local-services/index.js';
import { createOpsApp } from '../../src/server/index.js';
import { CANARY } from '../../src/synth/study.js';
import { Harness, testStudy, uploadStudy, waitFor } from './pipeline-harness.js';

/**
 * The optional push path: Orthanc runs `orthanc-config/her2-push.lua`, whose OnStableStudy posts
 * to the listener's webhook with the bearer secret; the study is enqueued without any poll.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const secret = randomBytes(24).toString('base64url');
let redisOnly: LocalServices;
let services: LocalServices;
let orthanc: LocalOrthanc;
let harness: Harness;
let closeServer = () => {};

beforeAll(async () => {
  redisOnly = await startLocalServices({ orthanc: false });
  const webhookPort = await freePort();
  const dataDir = path.join(redisOnly.tempDir, 'orthanc');
  await mkdir(path.join(dataDir, 'storage'), { recursive: true });
  await mkdir(path.join(dataDir, 'index'), { recursive: true });
  const httpPort = await freePort();
  const credentials = { username: 'her2test', password: randomBytes(18).toString('base64url') };
  const template = JSON.parse(await readFile(ORTHANC_TEST_TEMPLATE, 'utf8')) as Record<string, unknown>;
  const config = fillOrthancTemplate(template, {
    dataDir,
    httpPort,
    dicomPort: null,
    credentials,
    stableAge: 1,
  });
  // The settings as Lua globals in a script loaded first (vitest's workers cannot hand an
  // environment to Orthanc; the shipped script reads either).
  const settings = path.join(dataDir, 'her2-push-settings.lua');
  await writeFile(
    settings,
    `HER2_WEBHOOK_URL = 'http://127.0.0.1:${webhookPort}/webhook/stable-study'\nHER2_WEBHOOK_SECRET = '${secret}'\n`,
    { mode: 0o600 },
  );
  config.LuaScripts = [settings, path.join(repoRoot, 'orthanc-config', 'her2-push.lua')];
  const configFile = path.join(dataDir, 'orthanc.json');
  await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
  const proc = startProcess('Orthanc', 'Orthanc', [configFile], path.join(dataDir, 'orthanc.log'));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitUntilReady(proc, async () => Boolean(await orthancSystem(url, credentials)), 30_000);
  orthanc = { url, httpPort, dicomPort: null, credentials, configFile, process: proc };
  services = { ...redisOnly, orthanc, stop: async () => {} };
  harness = new Harness(services);
  const listener = harness.listener();
  const app = createOpsApp({
    readiness: {},
    metrics: harness.metrics,
    credentials: null,
    webhook: { secret, onStableStudy: (id) => listener.evaluate(id, 'webhook') },
    logger: harness.logger,
  });
  const server = app.listen(webhookPort, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  expect((server.address() as AddressInfo).port).toBe(webhookPort);
  closeServer = () => server.close();
});

afterAll(async () => {
  closeServer();
  await harness?.close();
  await orthanc?.process.stop();
  await redisOnly?.stop();
});

describe('Orthanc Lua push', () => {
  it('OnStableStudy reaches the webhook with the secret and the study is enqueued without polling', async () => {
    const study = testStudy(51);
    await uploadStudy(harness.rest, study, [1]);
    await waitFor(async () => (await harness.jobIds()).length === 1, 20_000, 'job from the push');
    const [job] = await harness.queue.queue.getJobs(['waiting']);
    expect(job?.data.trigger).toBe('webhook');
    expect(harness.logLines.filter((l) => l.includes(CANARY))).toEqual([]);
  });
});
