import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { siblingModule, startWorker } from './index.js';

const fixtures = path.resolve(import.meta.dirname, '../../test/fixtures');

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('startWorker', () => {
  it('runs a TypeScript module in a thread through the tsx loader, with its workerData', async () => {
    const url = pathToFileURL(path.join(fixtures, 'threads/echo-thread.ts'));
    const message = await firstMessage(startWorker(url, { n: 7 }));
    expect(message).toEqual({ received: { n: 7 }, kind: 'typescript' });
  });

  it('runs a JavaScript module directly', async () => {
    const url = pathToFileURL(path.join(fixtures, 'pipeline/busy-thread.mjs'));
    const message = await firstMessage(startWorker(url, { busyMs: 0, n: 4 }));
    expect(message).toEqual({ ok: true, value: { doubled: 8, spun: false } });
  });
});

describe('siblingModule', () => {
  it('keeps the extension of the calling module (.ts from sources, .js when built)', () => {
    expect(siblingModule('file:///app/src/cli/commands/synth.ts', '../synth-cohort-worker').href).toBe(
      'file:///app/src/cli/synth-cohort-worker.ts',
    );
    expect(siblingModule('file:///app/dist/cli/commands/synth.js', 'worker').href).toBe(
      'file:///app/dist/cli/commands/worker.js',
    );
  });
});
