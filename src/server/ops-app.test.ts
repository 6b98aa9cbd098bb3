import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../observability/index.js';
import { constantTimeEqual, parseBasicAuth } from './basic-auth.js';
import { PipelineMetrics } from './metrics.js';
import { createOpsApp } from './ops-app.js';

const credentials = { username: 'it-staff', password: 'correct horse battery' };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const reprocessed: string[] = [];
const metrics = new PipelineMetrics({ getJobCounts: async () => ({ waiting: 2, failed: 1 }) });
let base = '';
let close = () => {};

beforeAll(async () => {
  const app = createOpsApp({
    readiness: { redis: async () => true, orthanc: async () => false, hung: () => new Promise(() => {}) },
    metrics,
    credentials,
    reprocess: async (uid) => {
      reprocessed.push(uid);
      return { action: 'enqueued', jobId: 'analysis-x', supersedesJobId: null };
    },
    dashboard: {
      basePath: '/admin/queues',
      router: () => {
        return Router().get('/', (_req, res) => void res.send('board'));
      },
    },
    skipped: async () => ({
      ab12: { reason: 'no_mr_series', missingRoles: [], at: '2026-11-28T20:00:00.000Z' },
    }),
    webhook: { secret: 'w'.repeat(32), onStableStudy: async () => ({ action: 'waiting' }) },
    logger: createLogger({ write: () => {} }),
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('ops server', () => {
  it('answers liveness, and readiness 503 naming the unreachable dependency', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'not_ready',
      checks: { redis: true, orthanc: false, hung: false },
    });
  });

  it('exposes Prometheus text with job counts by state and skip reasons', async () => {
    metrics.skipped('incomplete_after_max_wait');
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('her2_jobs{state="waiting"} 2');
    expect(text).toContain('her2_jobs{state="failed"} 1');
    expect(text).toContain('her2_studies_skipped_total{reason="incomplete_after_max_wait"} 1');
  });

  it('refuses the dashboard and reprocess without or with wrong credentials', async () => {
    for (const authorization of [
      undefined,
      basic('it-staff', 'wrong'),
      basic('other', credentials.password),
      'Bearer x',
    ]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const board = await fetch(`${base}/admin/queues/`, { headers });
      expect(board.status).toBe(401);
      expect(board.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect((await fetch(`${base}/skipped`, { headers })).status).toBe(401);
      const post = await fetch(`${base}/studies/1.2.3/reprocess`, { method: 'POST', headers });
      expect(post.status).toBe(401);
    }
    expect(reprocessed).toEqual([]);
  });

  it('serves them with the right credentials and validates the study UID', async () => {
    const authorization = basic(credentials.username, credentials.password);
    expect(await (await fetch(`${base}/admin/queues/`, { headers: { authorization } })).text()).toBe('board');
    const ok = await fetch(`${base}/studies/1.2.840.99.1/reprocess`, {
      method: 'POST',
      headers: { authorization },
    });
    expect(ok.status).toBe(202);
    expect(reprocessed).toEqual(['1.2.840.99.1']);
    expect(await (await fetch(`${base}/skipped`, { headers: { authorization } })).json()).toEqual({
      ab12: { reason: 'no_mr_series', missingRoles: [], at: '2026-11-28T20:00:00.000Z' },
    });
    const bad = await fetch(`${base}/studies/DROP%20TABLE/reprocess`, {
      method: 'POST',
      headers: { authorization },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses an oversized body and a webhook call without the bearer secret', async () => {
    const authorization = basic(credentials.username, credentials.password);
    const big = await fetch(`${base}/studies/1.2.3/reprocess`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(10_000) }),
    });
    expect(big.status).toBe(413);
    const hook = await fetch(`${base}/webhook/stable-study`, {
      method: 'POST',
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(hook.status).toBe(401);
  });
});

describe('basic auth helpers', () => {
  it('parses credentials with a colon in the password and compares exactly', () => {
    expect(parseBasicAuth(basic('a', 'b:c'))).toEqual({ username: 'a', password: 'b:c' });
    expect(parseBasicAuth('Basic !!')).toBeNull();
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
