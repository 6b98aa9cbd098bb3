import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runInThread } from './thread-runner.js';

const busy = pathToFileURL(path.resolve(import.meta.dirname, '../../test/fixtures/pipeline/busy-thread.mjs'));

describe('runInThread', () => {
  it('answers with the thread value while this event loop keeps running', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const value = await runInThread<{ doubled: number; spun: boolean }>(busy, { busyMs: 400, n: 21 });
    clearInterval(timer);
    expect(value).toEqual({ doubled: 42, spun: true });
    // Were the busy loop on this thread, no timer callback could have run before it ended.
    expect(ticks).toBeGreaterThan(0);
  });

  it('rebuilds the AppError the thread reported', async () => {
    await expect(runInThread(busy, { busyMs: 0, n: 1, fail: true })).rejects.toMatchObject({
      code: 'mask_empty',
      message: 'no voxels',
      retryable: false,
    });
  });

  it('terminates the thread when aborted, with a retryable error', async () => {
    const controller = new AbortController();
    const running = runInThread(busy, { busyMs: 5000, n: 1 }, controller.signal);
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ code: 'aborted', retryable: true });
  });
});
