import { startLocalServices } from '../../src/local-services/index.js';
import { describeLoad, runLoad } from './load-run.js';

/**
 * `npm run bench -- load`: 200 queued tiny studies drained by 2 worker processes against a local
 * Redis (AOF on, as shipped). Prints throughput, runs per study and peak RSS per worker.
 */
export async function runLoadBench(studies = 200, workers = 2): Promise<void> {
  const services = await startLocalServices({ orthanc: false, redis: { appendOnly: true } });
  try {
    console.log(describeLoad(await runLoad(services.redis!, studies, workers)));
  } finally {
    await services.stop();
  }
}
