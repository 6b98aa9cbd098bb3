import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { type NaturalDataset, writePart10 } from '../../src/dicom/part10-writer.js';
import type { LocalServices } from '../../src/local-services/index.js';
import { createLogger, type Logger, studyKey } from '../../src/observability/index.js';
import {
  analysisPacs,
  DicomWebClient,
  type ForwardDestination,
  OrthancRest,
  PacsHttp,
} from '../../src/pacs/index.js';
import {
  type AnalyzeStudy,
  basicQualifier,
  OUTPUT_MANUFACTURER,
  OUTPUT_SERIES_DESCRIPTION_PREFIX,
  StudyListener,
  type StudyQualifier,
} from '../../src/pipeline/index.js';
import { AnalysisQueue, AnalysisWorker, type ModelGuard, RedisListenerStore } from '../../src/queue/index.js';
import { PipelineMetrics } from '../../src/server/index.js';
import { patientStudyAttributes } from '../../src/synth/mr-writer.js';
import { derivedUid } from '../../src/synth/random.js';
import { CANARY, type GeneratedStudy, generateStudy } from '../../src/synth/study.js';
import { recordTestLog } from '../support/test-log.js';

/**
 * Pipeline plumbing against the real Redis and Orthanc of `startLocalServices`: each harness has
 * its own queue name and Redis namespace, so tests never see each other's jobs. The analysis is a
 * test stand-in that writes one trivial SR marked as ours (it is not, and must not pass for, the
 * real analysis).
 */

export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';

export interface HarnessOptions {
  reconcileAfterMs?: number;
  maxWaitMs?: number;
  attempts?: number;
  backoffMs?: number;
  lockDurationMs?: number;
  /** PACS tries per request (1 keeps fault tests quick). */
  pacsAttempts?: number;
  /** The listener's qualifier (default: the modality-only `basicQualifier` of the plumbing tests). */
  qualify?: StudyQualifier;
  /** What the worker's demo guard knows of the model (default: not a demo). */
  model?: ModelGuard;
  /** Destinations the outputs are forwarded to. */
  forwardTo?: ForwardDestination[];
}

export class Harness {
  readonly id = randomBytes(6).toString('hex');
  readonly queueName = `analysis-${this.id}`;
  readonly prefix = `t${this.id}`;
  readonly redis: Redis;
  readonly logLines: string[] = [];
  readonly logger: Logger;
  readonly metrics = new PipelineMetrics();
  readonly http: PacsHttp;
  readonly rest: OrthancRest;
  readonly dicomWeb: DicomWebClient;
  readonly store: RedisListenerStore;
  readonly queue: AnalysisQueue;
  readonly workers: AnalysisWorker[] = [];
  private listeners: StudyListener[] = [];
  private readonly salt = randomBytes(16).toString('hex');

  constructor(
    readonly services: LocalServices,
    readonly options: HarnessOptions = {},
  ) {
    const orthanc = services.orthanc!;
    this.redis = new Redis(services.redis!.url, { maxRetriesPerRequest: null });
    this.logger = createLogger({
      level: 'debug',
      write: (line) => {
        this.logLines.push(line);
        recordTestLog(line); // for the canary scan of the whole run
      },
    });
    this.http = new PacsHttp({
      baseUrl: orthanc.url,
      username: orthanc.credentials.username,
      password: orthanc.credentials.password,
      attempts: options.pacsAttempts ?? 3,
      backoffMs: 50,
      timeoutMs: 10_000,
    });
    this.rest = new OrthancRest(this.http);
    this.dicomWeb = new DicomWebClient(this.http);
    this.store = new RedisListenerStore(this.redis, this.prefix);
    this.queue = new AnalysisQueue({
      connection: { url: services.redis!.url },
      name: this.queueName,
      prefix: this.prefix,
      attempts: options.attempts ?? 3,
      backoffMs: options.backoffMs ?? 200,
    });
  }

  /** A listener (a fresh one models a restarted listener process: state only in Redis). */
  listener(): StudyListener {
    const listener = new StudyListener({
      catalog: this.rest,
      store: this.store,
      enqueue: (request, jobId) => this.queue.enqueue(request, jobId),
      qualify: this.options.qualify ?? basicQualifier,
      clock: () => Date.now(),
      logger: this.logger.child({ component: 'listener' }),
      studyKey: (uid) => studyKey(this.salt, uid),
      metrics: this.metrics,
      settings: {
        pageSize: 50,
        reconcileAfterMs: this.options.reconcileAfterMs ?? 60_000,
        maxWaitMs: this.options.maxWaitMs ?? 60_000,
      },
    });
    this.listeners.push(listener);
    return listener;
  }

  worker(analyze: AnalyzeStudy, overrides: { lockDurationMs?: number } = {}): AnalysisWorker {
    const worker = new AnalysisWorker({
      connection: { url: this.services.redis!.url },
      queueName: this.queueName,
      prefix: this.prefix,
      concurrency: 1,
      lockDurationMs: overrides.lockDurationMs ?? this.options.lockDurationMs ?? 5000,
      stalledIntervalMs: 500,
      analyze,
      pacsFor: (signal) =>
        analysisPacs(this.dicomWeb, { shadowMode: false, writeStop: false }, signal, this.options.forwardTo),
      model: this.options.model ?? { isDemo: false, demoMode: false },
      logger: this.logger.child({ component: 'worker' }),
      metrics: this.metrics,
      studyKey: (uid) => studyKey(this.salt, uid),
    });
    worker.run();
    this.workers.push(worker);
    return worker;
  }

  /** Polls the listener until `done` holds (or throws after `timeoutMs`). */
  async pollUntil(listener: StudyListener, done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      await listener.pollOnce();
      if (await done()) return;
      await sleep(200);
    }
    throw new Error(`condition not reached within ${timeoutMs} ms`);
  }

  async jobIds(): Promise<string[]> {
    const jobs = await this.queue.queue.getJobs([
      'waiting',
      'active',
      'delayed',
      'completed',
      'failed',
      'prioritized',
    ]);
    return jobs.map((j) => j.id!).sort();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.close(true)));
    await this.queue.close();
    this.redis.disconnect();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor(
  done: () => Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await done()) return;
    await sleep(150);
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}

/** A small synthetic study (seeded) for pipeline tests. */
export function testStudy(index: number): GeneratedStudy {
  return generateStudy({ seed: 'pipeline-tests', index, her2: 'positive', centre: 1, size: 'small' });
}

/**
 * Closes the harnesses after checking that no captured log line of theirs carries the synthetic
 * patients' canary identifier (no patient identifier may reach a log).
 */
export async function closeHarnesses(harnesses: readonly Harness[]): Promise<void> {
  for (const h of harnesses) {
    expect(h.logLines.filter((l) => l.includes(CANARY))).toEqual([]);
    await h.close();
  }
}

/**
 * A minimal mask object of a reader's tool: a SEG header without segments (enough to qualify),
 * plus `extra` attributes (segments without pixel data make a mask that cannot be read).
 */
export function maskInstance(study: GeneratedStudy, variant: number, extra: NaturalDataset = {}): Buffer {
  const uid = (kind: string) => derivedUid('pipeline-mask', study.context.studyInstanceUid, variant, kind);
  return writePart10({
    ...patientStudyAttributes(study.context),
    SOPClassUID: SEGMENTATION_STORAGE,
    SOPInstanceUID: uid('sop'),
    SeriesInstanceUID: uid('series'),
    Modality: 'SEG',
    SeriesNumber: 300 + variant,
    InstanceNumber: 1,
    Manufacturer: 'ReaderTool',
    SeriesDescription: `lesion mask ${variant}`,
    ...extra,
  });
}

/** The test stand-in's output: a Basic Text SR carrying our output marker, in a new series. */
export function outputInstance(study: GeneratedStudy, tag: string): Buffer {
  const uid = (kind: string) => derivedUid('pipeline-output', study.context.studyInstanceUid, tag, kind);
  return writePart10({
    ...patientStudyAttributes(study.context),
    SOPClassUID: BASIC_TEXT_SR,
    SOPInstanceUID: uid('sop'),
    SeriesInstanceUID: uid('series'),
    Modality: 'SR',
    SeriesNumber: 900,
    InstanceNumber: 1,
    Manufacturer: OUTPUT_MANUFACTURER,
    SeriesDescription: `${OUTPUT_SERIES_DESCRIPTION_PREFIX} plumbing test`,
    ValueType: 'CONTAINER',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
  });
}

/** Uploads the T2W series (the smallest useful input) and, when given, mask variants. */
export async function uploadStudy(
  rest: OrthancRest,
  study: GeneratedStudy,
  maskVariants: number[],
): Promise<void> {
  const t2 = study.series.find((s) => s.key === 't2')!;
  for (const instance of t2.instances) await rest.uploadInstance(instance.bytes);
  for (const v of maskVariants) await rest.uploadInstance(maskInstance(study, v));
}

/** A stand-in analysis: reads the series list, writes one SR per job (tag = attempt counter). */
export function plumbingAnalysis(studies: Map<string, GeneratedStudy>, counter = { runs: 0 }): AnalyzeStudy {
  return async ({ studyInstanceUid, pacs }) => {
    const series = await pacs.searchSeries(studyInstanceUid);
    const study = studies.get(studyInstanceUid);
    if (!study) throw new Error('unknown study in plumbing test');
    if (series.length === 0) throw new Error('study has no series in plumbing test');
    counter.runs++;
    // A fresh UID per run: a duplicate analysis shows up as a second output series.
    const written = await pacs.store([outputInstance(study, `run-${counter.runs}`)], studyInstanceUid);
    return { writtenSopInstanceUids: written, stageDurationsMs: { plumbing: 1 }, outOfRangeInputs: [] };
  };
}

/** Series of the study marked as ours, via QIDO-RS. */
export async function ownSeriesCount(dicomWeb: DicomWebClient, studyInstanceUid: string): Promise<number> {
  const series = await dicomWeb.searchSeries(studyInstanceUid);
  return series.filter((s) => s.seriesDescription.startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX)).length;
}

/** Uploads every image series and the given mask objects of a generated study. */
export async function uploadFullStudy(
  rest: OrthancRest,
  study: GeneratedStudy,
  masks: readonly { bytes: Uint8Array }[],
): Promise<void> {
  for (const series of study.series)
    for (const instance of series.instances) await rest.uploadInstance(instance.bytes);
  for (const mask of masks) await rest.uploadInstance(mask.bytes);
}

/**
 * The environment of a listener or worker process (`workers/*.ts`) against the local servers:
 * their addresses and credentials, the queue's prefix and name, the shipped demo model in demo
 * mode, and nothing inherited but PATH and HOME. `extra` adds or overrides settings.
 */
export function processEnv(
  services: LocalServices,
  queue: { prefix: string; queueName: string },
  extra: Record<string, string> = {},
): Record<string, string> {
  const orthanc = services.orthanc!;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    HER2_ORTHANC_URL: orthanc.url,
    HER2_ORTHANC_USERNAME: orthanc.credentials.username,
    HER2_ORTHANC_PASSWORD: orthanc.credentials.password,
    HER2_REDIS_URL: services.redis!.url,
    HER2_QUEUE_PREFIX: queue.prefix,
    HER2_ANALYSIS_QUEUE: queue.queueName,
    HER2_MODEL_PATH: path.resolve(import.meta.dirname, '../../models/demo-model.json'),
    HER2_DEMO_MODE: 'true',
    ...extra,
  };
}
