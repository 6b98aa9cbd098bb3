import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../observability/index.js';
import { PipelineMetrics } from '../server/metrics.js';
import { createOpsApp } from '../server/ops-app.js';
import { buildPluginManifest, OPS_ENDPOINTS } from './plugin-manifest.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => JSON.parse(readFileSync(new URL(file, root), 'utf8'));

describe('plugin-manifest.json', () => {
  it('is exactly what the code describes (run `npm run manifest` after changing config, outputs or endpoints)', () => {
    const { version } = read('package.json');
    expect(read('plugin-manifest.json')).toEqual(JSON.parse(JSON.stringify(buildPluginManifest(version))));
  });

  it('lists endpoints the ops server really serves, each behind the stated authentication', async () => {
    const app = createOpsApp({
      readiness: { redis: async () => true },
      metrics: new PipelineMetrics({ getJobCounts: async () => ({}) }),
      credentials: { username: 'u', password: 'a long enough password' },
      reprocess: async () => ({ action: 'enqueued', jobId: 'analysis-x', supersedesJobId: null }),
      dashboard: { basePath: '/admin/queues', router: () => Router().get('/', (_q, r) => void r.send('ok')) },
      skipped: async () => ({}),
      webhook: { secret: 's'.repeat(32), onStableStudy: async () => ({}) },
      logger: createLogger({ write: () => {} }),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const endpoint of OPS_ENDPOINTS) {
        const path = endpoint.path.replace(':uid', '1.2.3');
        const response = await fetch(`${base}${path}`, { method: endpoint.method });
        const expected = endpoint.auth === 'none' ? 200 : 401;
        expect(response.status, `${endpoint.method} ${endpoint.path} without credentials`).toBe(expected);
      }
    } finally {
      server.close();
    }
  });
});
