import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { describeError, isAppError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import type { AnalysisOutcome, AnalysisPacs, AnalyzeStudy } from '../pipeline/index.js';
import type { QueueConnection } from './analysis-queue.js';
import { describeIssues, JOB_SCHEMAS } from './job-schemas.js';

export interface WorkerMetrics {
  stageDuration(stage: string, seconds: number): void;
  outOfRangeInput(feature: string): void;
  jobFailed(kind: string): void;
}

/** What the worker knows about the model it runs (the demo guard). */
export interface ModelGuard {
  /** The model file says it was trained on synthetic data. */
  isDemo: boolean;
  /** HER2_DEMO_MODE: demo models may run. */
  demoMode: boolean;
}

export interface AnalysisWorkerOptions {
  connection: QueueConnection;
  queueName: string;
  prefix: string;
  concurrency: number;
  /** A job whose worker stops renewing its lock for this long is recovered by another worker. */
  lockDurationMs: number;
  /** How often stalled jobs are looked for. @defaultValue lockDurationMs / 2 */
  stalledIntervalMs?: number;
  analyze: AnalyzeStudy;
  /** The PACS of one job (reads, and writes behind the safety switches); `signal` aborts on shutdown. */
  pacsFor: (signal: AbortSignal) => AnalysisPacs;
  model: ModelGuard;
  logger: Logger;
  metrics: WorkerMetrics;
  studyKey: (studyInstanceUid: string) => string;
}

/**
 * Runs analysis jobs. Bad payloads, the demo guard and non-retryable `AppError`s fail a job at
 * once (`UnrecoverableError`); anything else is retried by BullMQ with exponential backoff up to
 * the job's attempts, and kept as failed with its reason after the last.
 *
 * CPU-heavy work must not block this event loop (lock renewal runs on it): `analyze` is expected
 * to run the radiomics off-thread (`runInThread`), and this processor only awaits it.
 */
export class AnalysisWorker {
  readonly worker: Worker;

  constructor(private readonly options: AnalysisWorkerOptions) {
    this.worker = new Worker(options.queueName, (job, _token, signal) => this.process(job, signal), {
      connection: { url: options.connection.url },
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(options.lockDurationMs / 2)),
      maxStalledCount: 2,
      autorun: false,
    });
    this.worker.on('failed', (job, error) => {
      const kind = errorKind(error);
      options.metrics.jobFailed(kind);
      options.logger.warn('analysis failed', {
        jobId: job?.id,
        attempt: job?.attemptsMade,
        final: job
          ? job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError
          : true,
        error: describeError(error),
      });
    });
    this.worker.on('error', (error) => options.logger.error('worker error', { error: error.message }));
  }

  /** Starts taking jobs. */
  run(): void {
    void this.worker.run();
  }

  private async process(job: Job, signal?: AbortSignal): Promise<AnalysisOutcome> {
    const { logger, metrics, model } = this.options;
    const parsed = JOB_SCHEMAS.analysis.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`job_invalid: ${describeIssues(parsed.error)}`);
    if (model.isDemo && !model.demoMode) {
      throw new UnrecoverableError(
        'model_is_demo: the model is flagged as a demo (synthetic training data); set HER2_DEMO_MODE=true to run it outside clinical use',
      );
    }
    const request = parsed.data;
    const studyKey = this.options.studyKey(request.studyInstanceUid);
    const abort = signal ?? new AbortController().signal;
    logger.info('analysis started', {
      jobId: job.id,
      studyKey,
      attempt: job.attemptsMade + 1,
      supersedesJobId: request.supersedesJobId,
    });
    let outcome: AnalysisOutcome;
    try {
      outcome = await this.options.analyze({
        studyInstanceUid: request.studyInstanceUid,
        pacs: this.options.pacsFor(abort),
        signal: abort,
      });
    } catch (error) {
      if (abort.aborted) {
        // Shutdown: released for another try, not failed for good.
        throw new Error('analysis_interrupted: the analysis was interrupted by a shutdown', { cause: error });
      }
      if (isAppError(error) && !error.retryable) throw new UnrecoverableError(describeError(error));
      // BullMQ keeps only the message as the failure reason: put the code in front of it.
      if (isAppError(error)) throw new Error(describeError(error), { cause: error });
      throw error;
    }
    for (const [stage, ms] of Object.entries(outcome.stageDurationsMs))
      metrics.stageDuration(stage, ms / 1000);
    for (const feature of outcome.outOfRangeInputs) metrics.outOfRangeInput(feature);
    logger.info('analysis completed', {
      jobId: job.id,
      studyKey,
      written: outcome.writtenSopInstanceUids.length,
      outOfRangeInputs: outcome.outOfRangeInputs.length,
    });
    return outcome;
  }

  /**
   * Graceful stop: takes no new jobs, waits up to `graceMs` for running ones, then aborts them
   * (they are retried later, by this or another worker) and closes the Redis connections.
   */
  async close(graceMs: number): Promise<void> {
    const closing = this.worker.close();
    const timer = setTimeout(() => this.worker.cancelAllJobs('shutdown'), graceMs);
    try {
      await closing;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The AppError code the processor put in front of the message, else `unexpected`. */
function errorKind(error: Error): string {
  return /^([a-z][a-z0-9_]*): /.exec(error.message)?.[1] ?? 'unexpected';
}
