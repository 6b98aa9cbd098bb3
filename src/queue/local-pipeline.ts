import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import type { Logger } from '../observability/index.js';
import { analysisPacs, DicomWebClient, DicomWebSeriesHeaders, OrthancRest, PacsHttp } from '../pacs/index.js';
import { type AnalyzeStudy, StudyListener, siteRulesQualifier } from '../pipeline/index.js';
import { bullBoardDashboard, createOpsApp, PipelineMetrics } from '../server/index.js';
import { type AnalysisAssets, modelSequences } from './analysis-assets.js';
import { AnalysisQueue } from './analysis-queue.js';
import { AnalysisWorker } from './analysis-worker.js';
import { RedisListenerStore } from './redis-listener-store.js';
import { createStudyAnalysis, type StudyAnalysisOptions } from './study-analysis.js';

/**
 * Listener, queue and worker(s) in one process, on a given Redis and Orthanc: what `her2 demo` and
 * the pipeline benchmark run. Production runs them as separate processes (`workers/*.ts`); the
 * parts are the same objects.
 */
export interface LocalPipelineOptions {
  redisUrl: string;
  orthanc: { url: string; username: string; password: string };
  assets: AnalysisAssets;
  /** HER2_DEMO_MODE for these workers (the demo's synthetic model needs it). */
  demoMode: boolean;
  logger: Logger;
  prefix: string;
  queueName: string;
  /** Worker objects, each with concurrency 1. @defaultValue 1 */
  workers?: number;
  listenerPollMs?: number;
  /** Start the listener's poll loop (false: the caller enqueues jobs itself). @defaultValue true */
  listen?: boolean;
  /** Serve the ops app (dashboard behind these credentials) on this port. */
  ops?: { port: number; credentials: { username: string; password: string } };
  studyKey: (studyInstanceUid: string) => string;
  onAnalysis?: StudyAnalysisOptions['onAnalysis'];
  /** Replaces the real analysis (tests of the plumbing only). */
  analyze?: AnalyzeStudy;
}

export interface LocalPipeline {
  readonly queue: AnalysisQueue;
  readonly store: RedisListenerStore;
  readonly listener: StudyListener;
  readonly metrics: PipelineMetrics;
  readonly rest: OrthancRest;
  readonly dicomWeb: DicomWebClient;
  stop(): Promise<void>;
}

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  const { logger } = options;
  const http = new PacsHttp({
    baseUrl: options.orthanc.url,
    username: options.orthanc.username,
    password: options.orthanc.password,
  });
  const rest = new OrthancRest(http);
  const dicomWeb = new DicomWebClient(http);
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queue = new AnalysisQueue({
    connection: { url: options.redisUrl },
    name: options.queueName,
    prefix: options.prefix,
    attempts: 3,
    backoffMs: 1000,
  });
  const metrics = new PipelineMetrics(queue.queue);
  const store = new RedisListenerStore(redis, options.prefix);
  const listener = new StudyListener({
    catalog: rest,
    store,
    enqueue: (request, jobId) => queue.enqueue(request, jobId),
    qualify: siteRulesQualifier({
      rules: options.assets.rules,
      requiredSequences: modelSequences(options.assets.model),
      headers: new DicomWebSeriesHeaders(dicomWeb),
    }),
    clock: () => Date.now(),
    logger: logger.child({ component: 'listener' }),
    studyKey: options.studyKey,
    metrics,
    settings: { pageSize: 100, reconcileAfterMs: 60_000, maxWaitMs: 3_600_000 },
  });
  const analyze =
    options.analyze ??
    createStudyAnalysis({
      assets: options.assets,
      demoMode: options.demoMode,
      clock: () => Date.now(),
      ...(options.onAnalysis ? { onAnalysis: options.onAnalysis } : {}),
    });
  const workers = Array.from({ length: options.workers ?? 1 }, () => {
    const worker = new AnalysisWorker({
      connection: { url: options.redisUrl },
      queueName: options.queueName,
      prefix: options.prefix,
      concurrency: 1,
      lockDurationMs: 60_000,
      analyze,
      pacsFor: (signal) => analysisPacs(dicomWeb, { shadowMode: false, writeStop: false }, signal),
      model: { isDemo: options.assets.model.artifact.synthetic, demoMode: options.demoMode },
      logger: logger.child({ component: 'worker' }),
      metrics,
      studyKey: options.studyKey,
    });
    worker.run();
    return worker;
  });
  const stopListening = new AbortController();
  const listening =
    options.listen === false
      ? Promise.resolve()
      : listener.run(stopListening.signal, options.listenerPollMs ?? 500);
  let server: Server | null = null;
  if (options.ops) {
    const app = createOpsApp({
      readiness: { redis: async () => (await redis.ping()) === 'PONG', orthanc: () => rest.ping() },
      metrics,
      credentials: options.ops.credentials,
      reprocess: (uid) => listener.reprocess(uid),
      dashboard: bullBoardDashboard([queue.queue]),
      skipped: () => store.skipRecords(),
      logger,
    });
    const started = createServer(app);
    await new Promise<void>((resolve) => started.listen(options.ops!.port, '127.0.0.1', resolve));
    server = started;
  }
  return {
    queue,
    store,
    listener,
    metrics,
    rest,
    dicomWeb,
    async stop() {
      stopListening.abort();
      await listening;
      await Promise.all(workers.map((w) => w.close(5_000)));
      await queue.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      redis.disconnect();
    },
  };
}
