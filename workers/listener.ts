/**
 * The listener process: follows Orthanc's change log and enqueues analyses; also serves the ops
 * server (health, metrics, dashboard, reprocess) and, when a secret is set, the webhook of the
 * optional Lua push (`orthanc-config/her2-push.lua`).
 */
import { Redis } from 'ioredis';
import { describeError } from '../src/errors/index.js';
import { DicomWebSeriesHeaders } from '../src/pacs/index.js';
import { StudyListener, siteRulesQualifier } from '../src/pipeline/index.js';
import { AnalysisQueue, loadAnalysisAssets, modelSequences, RedisListenerStore } from '../src/queue/index.js';
import { bullBoardDashboard, createOpsApp, PipelineMetrics } from '../src/server/index.js';
import { onShutdown, serveOps, startRuntime } from './runtime.js';

const runtime = startRuntime('listener');
const { config, logger } = runtime;
// The site rules decide what qualifies; the model says which sequences it reads.
let assets: Awaited<ReturnType<typeof loadAnalysisAssets>>;
try {
  assets = await loadAnalysisAssets(config);
} catch (error) {
  logger.error('listener cannot start: model, extraction settings or site rules refused', {
    error: describeError(error),
  });
  process.exit(2);
}
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
// While Redis is away ioredis reconnects by itself; without a listener each failed attempt is
// printed to stderr as an "Unhandled error event" instead of reaching the log.
redis.on('error', (error) => logger.warn('redis unavailable, reconnecting', { error: error.message }));
const queue = new AnalysisQueue({
  connection: { url: config.redisUrl },
  name: config.analysisQueue,
  prefix: config.queuePrefix,
  attempts: config.jobAttempts,
  backoffMs: config.jobBackoffMs,
});
const metrics = new PipelineMetrics(queue.queue);
const store = new RedisListenerStore(redis, config.queuePrefix);
const listener = new StudyListener({
  catalog: runtime.rest,
  store,
  enqueue: (request, jobId) => queue.enqueue(request, jobId),
  qualify: siteRulesQualifier({
    rules: assets.rules,
    requiredSequences: modelSequences(assets.model),
    headers: new DicomWebSeriesHeaders(runtime.dicomWeb),
  }),
  clock: () => Date.now(),
  logger,
  studyKey: runtime.studyKey,
  metrics,
  settings: {
    pageSize: 100,
    reconcileAfterMs: config.reconcileAfterSeconds * 1000,
    maxWaitMs: config.studyMaxWaitSeconds * 1000,
  },
});

const credentials =
  config.opsUsername && config.opsPassword
    ? { username: config.opsUsername, password: config.opsPassword }
    : null;
const app = createOpsApp({
  readiness: {
    redis: async () => (await redis.ping()) === 'PONG',
    orthanc: () => runtime.rest.ping(),
  },
  metrics,
  credentials,
  reprocess: (uid) => listener.reprocess(uid),
  dashboard: bullBoardDashboard([queue.queue]),
  skipped: () => store.skipRecords(),
  ...(config.webhookSecret
    ? {
        webhook: {
          secret: config.webhookSecret,
          onStableStudy: (id: string) => listener.evaluate(id, 'webhook'),
        },
      }
    : {}),
  logger,
});
const closeOps = await serveOps(app, config.opsPort, logger);
const stop = new AbortController();
const running = listener.run(stop.signal, config.listenerPollMs);
logger.info('listener started', { queue: config.analysisQueue, shadowMode: config.shadowMode });

onShutdown(logger, async () => {
  stop.abort();
  await running;
  await closeOps();
  await queue.close();
  redis.disconnect();
});
