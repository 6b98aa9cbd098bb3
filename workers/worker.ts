/**
 * The worker process: runs analysis jobs from the queue. SIGTERM stops taking jobs, gives the
 * running ones a grace period, aborts what is left (it is retried later) and closes Redis.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../src/errors/index.js';
import { analysisPacs } from '../src/pacs/index.js';
import type { AnalyzeStudy } from '../src/pipeline/index.js';
import { AnalysisWorker, type ModelGuard } from '../src/queue/index.js';
import { createOpsApp, PipelineMetrics } from '../src/server/index.js';
import { onShutdown, serveOps, startRuntime } from './runtime.js';

/** Grace period for a running analysis on shutdown before it is aborted and left for a retry. */
const SHUTDOWN_GRACE_MS = 30_000;

/**
 * Whether the model file flags itself as a demo: the artifact's `synthetic` field
 * (`src/model/artifact.ts`: trained on synthetic or demonstration data). Fails closed: a file that
 * does not say `"synthetic": false` counts as a demo. The full check of the file (format, id,
 * extraction settings) belongs to the analysis that loads it.
 */
async function readModelGuard(modelPath: string, demoMode: boolean): Promise<ModelGuard> {
  let model: { synthetic?: unknown };
  try {
    model = JSON.parse(await readFile(modelPath, 'utf8'));
  } catch (error) {
    throw new AppError('model_unreadable', 'HER2_MODEL_PATH does not name a readable JSON model file', {
      cause: error,
    });
  }
  return { isDemo: model.synthetic !== false, demoMode };
}

/**
 * The real analysis (recognition → radiomics → model → SR/SEG) is wired here once it is merged;
 * until then every job fails at once with this reason instead of producing anything that could
 * pass for a result.
 */
const analysisNotInstalled: AnalyzeStudy = async () => {
  throw new AppError('analysis_unavailable', 'this build contains no analysis; jobs cannot run');
};

const runtime = startRuntime('worker');
const { config, logger } = runtime;
const model = await readModelGuard(config.modelPath, config.demoMode);
const metrics = new PipelineMetrics();
const worker = new AnalysisWorker({
  connection: { url: config.redisUrl },
  queueName: config.analysisQueue,
  prefix: config.queuePrefix,
  concurrency: config.workerConcurrency,
  lockDurationMs: config.lockDurationMs,
  analyze: analysisNotInstalled,
  pacsFor: (signal) =>
    analysisPacs(runtime.dicomWeb, { shadowMode: config.shadowMode, writeStop: config.writeStop }, signal),
  model,
  logger,
  metrics,
  studyKey: runtime.studyKey,
});
const app = createOpsApp({
  readiness: { orthanc: () => runtime.rest.ping() },
  metrics,
  credentials: null,
  logger,
});
// The worker's own metrics (stage durations) on the next port; the listener serves the queue view.
const closeOps = await serveOps(app, config.opsPort === 0 ? 0 : config.opsPort + 1, logger);
worker.run();
logger.info('worker started', {
  concurrency: config.workerConcurrency,
  shadowMode: config.shadowMode,
  writeStop: config.writeStop,
  demoModel: model.isDemo,
});

onShutdown(logger, async () => {
  await worker.close(SHUTDOWN_GRACE_MS);
  await closeOps();
});
