import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { maskObjects } from '../../src/synth/index.js';
import { CANARY } from '../../src/synth/study.js';
import { recordTestLog } from '../support/test-log.js';
import { Harness, processEnv, testStudy, uploadFullStudy, waitFor } from './pipeline-harness.js';

/**
 * The operations endpoints of the real listener process (`workers/listener.ts`, configured only
 * by its environment): the queue dashboard, the skip list and the reprocess endpoint refuse calls
 * without credentials and with a wrong user or password; the webhook refuses calls without or
 * with a wrong bearer secret; authentication is checked before a body is read, and an oversized
 * body from an authenticated caller is refused with 413. No secret and no canary identifier
 * appears in the process' log.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const USER = 'it-staff';
const PASSWORD = 'correct-horse-battery-staple';
const WEBHOOK_SECRET = 'a-webhook-secret-of-sufficient-length';
let services: LocalServices;
let harness: Harness;
let child: ChildProcess;
const output: string[] = [];
let base: string;

beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
  harness = new Harness(services);
  const opsPort = await freePort();
  // The listener checks the model at start (format, extraction settings): the shipped demo model.
  child = spawn(process.execPath, ['--import', 'tsx', 'workers/listener.ts'], {
    cwd: repoRoot,
    env: processEnv(services, harness, {
      HER2_LISTENER_POLL_MS: '200',
      HER2_OPS_PORT: String(opsPort),
      HER2_OPS_USERNAME: USER,
      HER2_OPS_PASSWORD: PASSWORD,
      HER2_WEBHOOK_SECRET: WEBHOOK_SECRET,
      HER2_LOG_LEVEL: 'debug',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  base = `http://127.0.0.1:${opsPort}`;
  await waitFor(
    async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200,
    30_000,
    'listener ready',
  );
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  for (const line of output.join('').split('\n').filter(Boolean)) recordTestLog(line);
  await harness?.close();
  await services?.stop();
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const STUDY = '1.2.826.0.1.3680043.8.498.1';

describe('operations endpoints of the listener process', () => {
  it('dashboard, skip list and reprocess refuse missing, wrong-user and wrong-password calls', async () => {
    const wrong = [
      undefined,
      basic('intruder', PASSWORD),
      basic(USER, 'wrong-password-123'),
      `Bearer ${PASSWORD}`,
      'Basic !!!',
    ];
    const calls: [string, string][] = [
      ['GET', '/admin/queues'],
      ['GET', '/admin/queues/api/queues'],
      ['GET', '/skipped'],
      ['POST', `/studies/${STUDY}/reprocess`],
    ];
    const statuses: string[] = [];
    for (const [method, url] of calls) {
      for (const authorization of wrong) {
        const response = await fetch(`${base}${url}`, {
          method,
          headers: authorization ? { authorization } : {},
        });
        statuses.push(`${method} ${url} ${authorization?.slice(0, 6) ?? 'none'}: ${response.status}`);
        expect(response.status, `${method} ${url} with ${authorization ?? 'no credentials'}`).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      }
    }
    console.log(`security: ${statuses.length} unauthenticated or wrong-secret calls, all 401`);
    const good = { authorization: basic(USER, PASSWORD) };
    expect((await fetch(`${base}/admin/queues`, { headers: good })).status).toBe(200);
    expect((await fetch(`${base}/skipped`, { headers: good })).status).toBe(200);
  });

  it('the webhook refuses missing and wrong bearer secrets, and Basic credentials', async () => {
    const body = JSON.stringify({ studyId: 'a'.repeat(8) + '-'.repeat(1) + 'b'.repeat(35) });
    for (const authorization of [
      undefined,
      'Bearer wrong-secret-wrong-secret-wrong',
      `Bearer ${WEBHOOK_SECRET}x`,
      basic(USER, PASSWORD),
      WEBHOOK_SECRET,
    ]) {
      const response = await fetch(`${base}/webhook/stable-study`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      expect(response.status, `webhook with ${authorization ?? 'no secret'}`).toBe(401);
    }
  });

  it('oversized bodies: 401 before reading without credentials, 413 with them', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(64 * 1024) });
    const json = { 'content-type': 'application/json' };
    const unauthenticated = await fetch(`${base}/studies/${STUDY}/reprocess`, {
      method: 'POST',
      headers: json,
      body: big,
    });
    expect(unauthenticated.status).toBe(401);
    const reprocess = await fetch(`${base}/studies/${STUDY}/reprocess`, {
      method: 'POST',
      headers: { ...json, authorization: basic(USER, PASSWORD) },
      body: big,
    });
    expect(reprocess.status).toBe(413);
    expect(await reprocess.json()).toEqual({ error: 'body_too_large' });
    const webhook = await fetch(`${base}/webhook/stable-study`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${WEBHOOK_SECRET}` },
      body: big,
    });
    expect(webhook.status).toBe(413);
    expect((await fetch(`${base}/healthz`)).headers.get('x-powered-by')).toBeNull();
  });

  it('the log carries neither the secrets nor the canary identifiers of a study it handled', async () => {
    const study = testStudy(41);
    // A whole study with its readers' masks: the listener's site-rules qualifier needs every sequence.
    await uploadFullStudy(harness.rest, study, maskObjects(study));
    await waitFor(async () => (await harness.jobIds()).length === 1, 30_000, 'study enqueued');
    const reprocess = await fetch(`${base}/studies/${study.context.studyInstanceUid}/reprocess`, {
      method: 'POST',
      headers: { authorization: basic(USER, PASSWORD) },
    });
    expect(reprocess.status).toBe(202);
    const log = output.join('');
    expect(log).toContain('"level"');
    for (const secret of [
      PASSWORD,
      WEBHOOK_SECRET,
      services.orthanc!.credentials.password,
      CANARY,
      study.context.studyInstanceUid,
    ]) {
      expect(log.includes(secret), 'a secret or identifier in the listener log').toBe(false);
    }
  });
});
