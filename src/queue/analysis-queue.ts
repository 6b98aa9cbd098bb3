import { Queue } from 'bullmq';
import { AppError } from '../errors/index.js';
import type { AnalysisRequest } from '../pipeline/index.js';
import { describeIssues, JOB_SCHEMAS } from './job-schemas.js';

/** Where BullMQ connects: a Redis URL (each queue/worker opens its own connections). */
export interface QueueConnection {
  url: string;
}

export interface AnalysisQueueOptions {
  connection: QueueConnection;
  /** Queue name (letters, digits, - and _). */
  name: string;
  /** Redis key prefix of the queue. */
  prefix: string;
  /** Tries per job, first included. */
  attempts: number;
  /** First retry delay; doubles each try. */
  backoffMs: number;
}

/** Completed jobs kept for the dashboard; failed jobs are kept until someone removes them. */
const KEEP_COMPLETED = { age: 14 * 24 * 3600, count: 5000 };

export class AnalysisQueue {
  readonly queue: Queue;

  constructor(private readonly options: AnalysisQueueOptions) {
    this.queue = new Queue(options.name, {
      connection: { url: options.connection.url },
      prefix: options.prefix,
    });
  }

  /**
   * Adds an analysis under `jobId`. The payload is parsed first (bad input never reaches Redis);
   * an id that already exists is left as it is (BullMQ ignores duplicates).
   */
  async enqueue(request: AnalysisRequest, jobId: string): Promise<void> {
    const parsed = JOB_SCHEMAS.analysis.safeParse(request);
    if (!parsed.success) {
      throw new AppError('job_invalid', `analysis job ${jobId} is invalid: ${describeIssues(parsed.error)}`);
    }
    if (jobId.includes(':')) throw new AppError('job_id_invalid', 'job ids must not contain ":"');
    await this.queue.add('analysis', parsed.data, {
      jobId,
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: KEEP_COMPLETED,
      removeOnFail: false,
    });
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
