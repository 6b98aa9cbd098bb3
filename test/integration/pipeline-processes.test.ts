import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { CANARY } from '../../src/synth/study.js';
import { Harness, sleep, testStudy, uploadStudy, waitFor } from './pipeline-harness.js';

/**
 * The real entry points as separate processes (`node --import tsx workers/*.ts`), configured only
 * through the environment: they start, serve the ops endpoints, move a study into the queue and
 * stop cleanly on SIGTERM.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
let services: LocalServices;
let harness: Harness;
const children: { child: ChildProcess; output: string[] }[] = [];

beforeAll(async () => {
  services = await startLocalServices({ orthanc: { stableAge: 1 } });
  harness = new Harness(services);
});
afterAll(async () => {
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
  await harness?.close();
  await services?.stop();
});

function start(script: string, env: Record<string, string>) {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  children.push({ child, output });
  return { child, output };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('listener and worker processes', () => {
  it('run from the environment, serve ops endpoints, hand a study to the worker and stop on SIGTERM', async () => {
    const orthanc = services.orthanc!;
    const opsPort = await freePort();
    const modelPath = path.join(services.tempDir, 'model.json');
    await writeFile(modelPath, JSON.stringify({ synthetic: false }));
    const env = {
      HER2_ORTHANC_URL: orthanc.url,
      HER2_ORTHANC_USERNAME: orthanc.credentials.username,
      HER2_ORTHANC_PASSWORD: orthanc.credentials.password,
      HER2_REDIS_URL: services.redis!.url,
      HER2_QUEUE_PREFIX: harness.prefix,
      HER2_ANALYSIS_QUEUE: harness.queueName,
      HER2_LISTENER_POLL_MS: '200',
      HER2_OPS_PORT: String(opsPort),
      HER2_OPS_USERNAME: 'it-staff',
      HER2_OPS_PASSWORD: 'a-long-ops-password',
      HER2_MODEL_PATH: modelPath,
      HER2_LOG_LEVEL: 'debug',
    };
    const listener = start('workers/listener.ts', env);
    const base = `http://127.0.0.1:${opsPort}`;
    await waitFor(
      async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200,
      30_000,
      'listener ready',
    );
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const authorization = `Basic ${Buffer.from('it-staff:a-long-ops-password').toString('base64')}`;
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization } })).status).toBe(200);

    await sleep(500); // the listener has set its cursor
    const study = testStudy(31);
    await uploadStudy(harness.rest, study, [1]);
    let workerOutput: string[] = [];
    const queue = new Queue(harness.queueName, {
      connection: { url: services.redis!.url },
      prefix: harness.prefix,
    });
    try {
      await waitFor(async () => (await queue.getJobCounts('waiting')).waiting === 1, 30_000, 'job enqueued');
      const worker = start('workers/worker.ts', { ...env, HER2_OPS_PORT: '0' });
      workerOutput = worker.output;
      // No analysis is wired into this build: the job must fail at once, with that reason.
      await waitFor(async () => (await queue.getFailedCount()) === 1, 30_000, 'job failed');
      const [failed] = await queue.getFailed();
      expect(failed!.failedReason).toMatch(/^analysis_unavailable: /);
      expect(failed!.attemptsMade).toBe(1);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('her2_jobs{state="failed"} 1');

      worker.child.kill('SIGTERM');
      listener.child.kill('SIGTERM');
      expect(await exited(worker.child)).toBe(0);
      expect(await exited(listener.child)).toBe(0);
    } finally {
      await queue.close();
    }
    const lines = [...listener.output, ...workerOutput].join('').split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes('"msg":"analysis enqueued"'))).toBe(true);
    expect(lines.filter((l) => l.includes(CANARY))).toEqual([]);
  });
});
