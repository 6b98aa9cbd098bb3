import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPREHENSIVE_3D_SR_STORAGE, readDataset } from '../../src/dicom/sr/index.js';
import { freePort, type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { OUTPUT_SERIES_DESCRIPTION_PREFIX } from '../../src/pipeline/index.js';
import { CANARY, generateStudy, maskObjects } from '../../src/synth/index.js';
import { Harness, processEnv, sleep, uploadFullStudy, waitFor } from './pipeline-harness.js';

/**
 * The real entry points as separate processes (`node --import tsx workers/*.ts`), configured only
 * through the environment: they start (or refuse to, on a demo model outside demo mode), serve the
 * ops endpoints, analyse a study with the real analysis even when the first worker is killed
 * mid-job, and stop cleanly on SIGTERM.
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
    env,
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
  it('a worker refuses to start with the demo model outside demo mode', async () => {
    const worker = start('workers/worker.ts', { ...baseEnv(), HER2_OPS_PORT: '0', HER2_DEMO_MODE: 'false' });
    expect(await exited(worker.child)).toBe(2);
    expect(worker.output.join('')).toContain('the model is a demo');
  }, 60_000);

  it('run from the environment, serve ops endpoints, analyse a study; a worker killed mid-job still gives exactly one SR', async () => {
    const opsPort = await freePort();
    const env = { ...baseEnv(), HER2_OPS_PORT: String(opsPort) };
    const listener = start('workers/listener.ts', env);
    const base = `http://127.0.0.1:${opsPort}`;
    await waitFor(
      async () => (await fetch(`${base}/readyz`).catch(() => null))?.status === 200,
      60_000,
      'listener ready',
    );
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const authorization = `Basic ${Buffer.from('it-staff:a-long-ops-password').toString('base64')}`;
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization } })).status).toBe(200);

    await sleep(500); // the listener has set its cursor
    const study = generateStudy({
      seed: 'pipeline-processes',
      index: 31,
      her2: 'positive',
      centre: 1,
      size: 'small',
    });
    await uploadFullStudy(harness.rest, study, maskObjects(study));
    const workerOutput: string[][] = [];
    const queue = new Queue(harness.queueName, {
      connection: { url: services.redis!.url },
      prefix: harness.prefix,
    });
    try {
      await waitFor(async () => (await queue.getJobCounts('waiting')).waiting === 1, 60_000, 'job enqueued');
      const doomed = start('workers/worker.ts', { ...env, HER2_OPS_PORT: '0' });
      workerOutput.push(doomed.output);
      await waitFor(async () => (await queue.getActiveCount()) === 1, 60_000, 'job active');
      await sleep(500);
      doomed.child.kill('SIGKILL');
      await exited(doomed.child);

      // Another worker recovers the job once the dead one's lock has expired.
      const worker = start('workers/worker.ts', { ...env, HER2_OPS_PORT: '0' });
      workerOutput.push(worker.output);
      await waitFor(async () => (await queue.getCompletedCount()) === 1, 120_000, 'job completed');
      expect(await queue.getFailedCount()).toBe(0);
      const own = (await harness.dicomWeb.searchSeries(study.context.studyInstanceUid)).filter((s) =>
        s.seriesDescription.startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX),
      );
      let reports = 0;
      for (const series of own.filter((s) => s.modality === 'SR')) {
        for await (const bytes of harness.dicomWeb.retrieveSeries(
          study.context.studyInstanceUid,
          series.seriesInstanceUid,
        ))
          if (readDataset(bytes).SOPClassUID === COMPREHENSIVE_3D_SR_STORAGE) reports++;
      }
      expect(reports).toBe(1);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('her2_jobs{state="completed"} 1');

      worker.child.kill('SIGTERM');
      listener.child.kill('SIGTERM');
      expect(await exited(worker.child)).toBe(0);
      expect(await exited(listener.child)).toBe(0);
    } finally {
      await queue.close();
    }
    const lines = [...listener.output, ...workerOutput.flat()].join('').split('\n').filter(Boolean);
    expect(lines.some((l) => l.includes('"msg":"analysis enqueued"'))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"analysis completed"'))).toBe(true);
    expect(lines.filter((l) => l.includes(CANARY))).toEqual([]);
  }, 300_000);
});

function baseEnv(): Record<string, string> {
  return processEnv(services, harness, {
    HER2_LISTENER_POLL_MS: '200',
    HER2_OPS_USERNAME: 'it-staff',
    HER2_OPS_PASSWORD: 'a-long-ops-password',
    HER2_LOCK_DURATION_MS: '3000',
    HER2_LOG_LEVEL: 'debug',
  });
}
