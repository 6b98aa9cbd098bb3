import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  basicAuthHeader,
  checkHealth,
  type LocalServices,
  startLocalServices,
} from '../../src/local-services/index.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local services harness (real redis-server and Orthanc from Debian)', () => {
  const started: LocalServices[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it('runs two sets side by side on different ports and folders, then stops them by pid', async () => {
    const [a, b] = await Promise.all([startLocalServices(), startLocalServices()]);
    started.push(a, b);
    expect(a.redis!.port).not.toBe(b.redis!.port);
    expect(a.orthanc!.httpPort).not.toBe(b.orthanc!.httpPort);
    expect(a.tempDir).not.toBe(b.tempDir);

    for (const s of [a, b]) {
      const health = await checkHealth(s);
      expect(health.redis).toEqual({ ok: true });
      expect(health.orthanc?.ok).toBe(true);
      expect(health.orthanc?.version).toMatch(/^1\.\d+/);
      expect(health.orthanc?.dicomWebPlugin).toBe(true);
    }

    const pids = [a, b].flatMap((s) => [s.redis!.process.pid, s.orthanc!.process.pid]);
    await Promise.all([a.stop(), b.stop()]);
    started.length = 0;
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(existsSync(a.tempDir)).toBe(false);
    expect(existsSync(b.tempDir)).toBe(false);
  });

  it('keeps Orthanc behind authentication and serves DICOMweb to the generated user', async () => {
    const s = await startLocalServices({ redis: false });
    started.push(s);
    const { url, credentials } = s.orthanc!;
    const anonymous = await fetch(`${url}/system`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${url}/system`, {
      headers: { authorization: basicAuthHeader({ username: credentials.username, password: 'wrong' }) },
    });
    expect(wrong.status).toBe(401);
    const qido = await fetch(`${url}/dicom-web/studies`, {
      headers: { authorization: basicAuthHeader(credentials), accept: 'application/dicom+json' },
    });
    expect(qido.status).toBe(200);
    expect(await qido.json()).toEqual([]);
  });
});
