import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ListenerMetrics } from '../pipeline/index.js';
import type { WorkerMetrics } from '../queue/index.js';

/** Something that can count the queue's jobs by state (a BullMQ `Queue`). */
export interface JobCounter {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused', 'prioritized'];

/**
 * The Prometheus metrics of the pipeline, in their own registry (no global state). Labels are
 * codes and stage names only, never study identifiers.
 */
export class PipelineMetrics implements ListenerMetrics, WorkerMetrics {
  readonly registry = new Registry();
  private readonly enqueuedTotal: Counter<'trigger' | 'superseding'>;
  private readonly skippedTotal: Counter<'reason'>;
  private readonly ignoredTotal: Counter<'reason'>;
  private readonly errorsTotal: Counter<'kind'>;
  private readonly stageSeconds: Histogram<'stage'>;
  private readonly outOfRangeTotal: Counter<'feature'>;

  constructor(queue?: JobCounter) {
    const registers = [this.registry];
    this.enqueuedTotal = new Counter({
      name: 'her2_studies_enqueued_total',
      help: 'Studies sent for analysis, by trigger and whether they supersede an earlier analysis',
      labelNames: ['trigger', 'superseding'],
      registers,
    });
    this.skippedTotal = new Counter({
      name: 'her2_studies_skipped_total',
      help: 'Studies not analysed, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.ignoredTotal = new Counter({
      name: 'her2_studies_ignored_total',
      help: 'Stable studies that needed no new job (own outputs, input already analysed, study gone)',
      labelNames: ['reason'],
      registers,
    });
    this.errorsTotal = new Counter({
      name: 'her2_errors_total',
      help: 'Errors by kind (AppError code)',
      labelNames: ['kind'],
      registers,
    });
    this.stageSeconds = new Histogram({
      name: 'her2_stage_duration_seconds',
      help: 'Duration of analysis stages',
      labelNames: ['stage'],
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.outOfRangeTotal = new Counter({
      name: 'her2_out_of_range_inputs_total',
      help: 'Model inputs outside the range seen in training, by feature',
      labelNames: ['feature'],
      registers,
    });
    if (queue) {
      new Gauge({
        name: 'her2_jobs',
        help: 'Analysis jobs by state',
        labelNames: ['state'],
        registers,
        async collect() {
          const counts = await queue.getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
        },
      });
    }
  }

  enqueued(trigger: string, superseding: boolean): void {
    this.enqueuedTotal.inc({ trigger, superseding: String(superseding) });
  }
  skipped(reason: string): void {
    this.skippedTotal.inc({ reason });
  }
  ignored(reason: string): void {
    this.ignoredTotal.inc({ reason });
  }
  error(kind: string): void {
    this.errorsTotal.inc({ kind });
  }
  jobFailed(kind: string): void {
    this.errorsTotal.inc({ kind });
  }
  stageDuration(stage: string, seconds: number): void {
    this.stageSeconds.observe({ stage }, seconds);
  }
  outOfRangeInput(feature: string): void {
    this.outOfRangeTotal.inc({ feature });
  }
}
