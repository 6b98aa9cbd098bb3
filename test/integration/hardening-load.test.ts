import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { describeLoad, runLoad } from '../bench/load-run.js';

/**
 * The load benchmark scaled for CI: 40 queued studies, 2 worker processes, real Redis with AOF.
 * Every study completes exactly once (`npm run bench -- load` runs the full 200).
 */
let services: LocalServices;
beforeAll(async () => {
  services = await startLocalServices({ orthanc: false, redis: { appendOnly: true } });
});
afterAll(async () => {
  await services?.stop();
});

describe('load: queued studies drained by two worker processes', () => {
  it('40 studies complete, each exactly once, across both worker processes', async () => {
    const result = await runLoad(services.redis!, 40, 2);
    console.log(describeLoad(result));
    expect(result.completed).toBe(40);
    expect(result.failed).toBe(0);
    expect(result.runHistogram).toEqual({ 1: 40 });
    expect(result.perWorker.map((w) => w.jobs).reduce((a, b) => a + b, 0)).toBe(40);
    // how the 40 split between the two processes depends on scheduling; it is printed, not asserted
  });
});
