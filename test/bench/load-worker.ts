/**
 * One worker process of the load benchmark and test (`node --import tsx test/bench/load-worker.ts`):
 * an AnalysisWorker on the given queue whose analysis is small but real work — decode the T2 series
 * of a synthetic study and stack it into a volume — plus a per-study run count in Redis so the
 * caller can check each study ran exactly once. On SIGTERM it closes gracefully and prints one
 * JSON line with its job count and peak RSS.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { readInstances } from '../../src/dicom/part10.js';
import { seriesVolumes } from '../../src/dicom/series-volume.js';
import { createLogger } from '../../src/observability/index.js';
import type { AnalysisPacs, AnalyzeStudy } from '../../src/pipeline/index.js';
import { AnalysisWorker } from '../../src/queue/index.js';
import { PipelineMetrics } from '../../src/server/index.js';
import { generateStudy } from '../../src/synth/index.js';

const { LOAD_REDIS_URL, LOAD_QUEUE, LOAD_PREFIX, LOAD_CONCURRENCY } = process.env;
if (!LOAD_REDIS_URL || !LOAD_QUEUE || !LOAD_PREFIX)
  throw new Error('LOAD_REDIS_URL, LOAD_QUEUE, LOAD_PREFIX needed');

const study = generateStudy({ seed: 'load', index: 0, her2: 'negative', centre: 1, size: 'small' });
const t2 = study.series
  .find((s) => s.key === 't2')!
  .instances.map((i, n) => ({ name: `t2/${n}.dcm`, bytes: new Uint8Array(i.bytes) }));
const redis = new Redis(LOAD_REDIS_URL, { maxRetriesPerRequest: null });
const runsKey = `${LOAD_PREFIX}:load:runs`;
let jobs = 0;

const analyze: AnalyzeStudy = async ({ studyInstanceUid }) => {
  const started = performance.now();
  const [volume] = seriesVolumes(readInstances(t2));
  let sum = 0;
  for (const v of volume!.volume.data) sum += v;
  if (!Number.isFinite(sum)) throw new Error('load: bad volume');
  await redis.hincrby(runsKey, studyInstanceUid, 1);
  jobs++;
  return {
    writtenSopInstanceUids: [],
    stageDurationsMs: { volume: performance.now() - started },
    outOfRangeInputs: [],
  };
};

const worker = new AnalysisWorker({
  connection: { url: LOAD_REDIS_URL },
  queueName: LOAD_QUEUE,
  prefix: LOAD_PREFIX,
  concurrency: Number(LOAD_CONCURRENCY ?? '1'),
  lockDurationMs: 30_000,
  analyze,
  pacsFor: () => ({}) as AnalysisPacs,
  model: { isDemo: false, demoMode: false },
  logger: createLogger({ level: 'warn', write: (line) => process.stderr.write(line) }),
  metrics: new PipelineMetrics(),
  studyKey: (uid) => createHash('sha256').update(uid).digest('hex').slice(0, 12),
});
worker.run();
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);

process.once('SIGTERM', () => {
  void worker.close(5000).then(() => {
    // maxRSS is in KiB (getrusage)
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ done: true, pid: process.pid, jobs, peakRssMb })}\n`);
    redis.disconnect();
    process.exit(0);
  });
});
