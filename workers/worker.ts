/**
 * The worker process: runs analysis jobs from the queue (fetch by DICOMweb → analysis in a worker
 * thread → SEG, SR and companion stored by STOW-RS). SIGTERM stops taking jobs, gives the
 * running ones a grace period, aborts what is left (it is retried later) and closes Redis.
 */
import { inputLimitsOf } from '../src/config/index.js';
import { describeError } from '../src/errors/index.js';
import { analysisPacs, DicomWebClient, type ForwardDestination, PacsHttp } from '../src/pacs/index.js';
import { AnalysisWorker, createStudyAnalysis, loadAnalysisAssets } from '../src/queue/index.js';
import { createOpsApp, PipelineMetrics } from '../src/server/index.js';
import { onShutdown, serveOps, startRuntime } from './runtime.js';

/** Grace period for a running analysis on shutdown before it is aborted and left for a retry. */
const SHUTDOWN_GRACE_MS = 30_000;

const runtime = startRuntime('worker');
const { config, logger } = runtime;
// The model is checked once at start (format, identifier, the extraction settings it was trained
// with): a worker that cannot run its model refuses to start instead of failing every job.
let assets: Awaited<ReturnType<typeof loadAnalysisAssets>>;
try {
  assets = await loadAnalysisAssets(config);
} catch (error) {
  logger.error('worker cannot start: model, extraction settings or site rules refused', {
    error: describeError(error),
  });
  process.exit(2);
}
if (assets.model.artifact.synthetic && !config.demoMode) {
  logger.error(
    'worker cannot start: the model is a demo (trained on synthetic data); HER2_DEMO_MODE=true runs it outside clinical use',
    {
      modelId: assets.model.id,
    },
  );
  process.exit(2);
}
// Optional forwarding of the outputs to a DICOMweb peer (its own retries; then the job's).
const forwardTo: ForwardDestination[] = [];
if (config.forwardDicomWebUrl) {
  const url = new URL(config.forwardDicomWebUrl);
  forwardTo.push({
    name: url.host,
    client: new DicomWebClient(
      new PacsHttp({
        baseUrl: url.origin,
        username: config.forwardUsername ?? '',
        password: config.forwardPassword ?? '',
      }),
      url.pathname.replace(/\/$/, ''),
    ),
  });
}
const model = { isDemo: assets.model.artifact.synthetic, demoMode: config.demoMode };
const metrics = new PipelineMetrics();
const worker = new AnalysisWorker({
  connection: { url: config.redisUrl },
  queueName: config.analysisQueue,
  prefix: config.queuePrefix,
  concurrency: config.workerConcurrency,
  lockDurationMs: config.lockDurationMs,
  analyze: createStudyAnalysis({
    assets,
    demoMode: config.demoMode,
    inputLimits: inputLimitsOf(config),
    ...(config.centre === undefined ? {} : { centre: config.centre }),
    clock: () => Date.now(),
  }),
  pacsFor: (signal) =>
    analysisPacs(
      runtime.dicomWeb,
      { shadowMode: config.shadowMode, writeStop: config.writeStop },
      signal,
      forwardTo,
    ),
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
  modelId: assets.model.id,
  forwarding: forwardTo.map((d) => d.name),
});

onShutdown(logger, async () => {
  await worker.close(SHUTDOWN_GRACE_MS);
  await closeOps();
});
