import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStudyInputs } from '../../src/analysis/study-inputs.js';
import { readSiteRulesFile } from '../../src/dicom/recognition/index.js';
import type { NamedBytes } from '../../src/dicom/study-inventory.js';
import { AppError } from '../../src/errors/index.js';
import { type LocalServices, startLocalServices } from '../../src/local-services/index.js';
import { createLogger } from '../../src/observability/index.js';
import type { AnalysisPacs, AnalyzeStudy } from '../../src/pipeline/index.js';
import { AnalysisQueue, AnalysisWorker } from '../../src/queue/index.js';
import { PipelineMetrics } from '../../src/server/index.js';
import { derivedUid } from '../../src/synth/random.js';
import { baseStudy, brokenCases } from '../hardening/broken-corpus.js';
import { problemCodes } from '../hardening/outcome.js';
import { recordTestLog } from '../support/test-log.js';
import { waitFor } from './pipeline-harness.js';

/**
 * Broken input through the queue worker (real Redis): a study whose objects the readers refuse
 * ends as a failed job at its first try, with the reader's code in front of the failure reason
 * and in the error metric — never retried, never a worker crash — while a good study next to it
 * completes. The analysis here is a stand-in built on the entry point the real one uses
 * (loadStudyInputs): it fails with the first problem code it finds.
 */

let services: LocalServices;
const queues: AnalysisQueue[] = [];
const workers: AnalysisWorker[] = [];

beforeAll(async () => {
  services = await startLocalServices({ orthanc: false });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.worker.close(true)));
  await Promise.all(queues.map((q) => q.close()));
  await services?.stop();
});

describe('broken input through the queue worker', () => {
  it('each broken study fails at once with its code; the good one completes; the worker keeps running', async () => {
    const base = baseStudy();
    const rules = await readSiteRulesFile();
    const good = [...base.t2, base.rtstruct, ...base.adc, base.seg];
    const picked = [
      'Pixel Data length 0xFFFFFFF0',
      'NumberOfFrames 10 000 000',
      'Rows length 4 instead of 2',
      'RTSTRUCT self-intersecting contour (bow tie)',
      'SEG NumberOfFrames smaller than its per-frame items',
    ];
    const cases = brokenCases(base).filter((c) => picked.includes(c.name));
    expect(cases).toHaveLength(picked.length);
    const studies = new Map<string, { files: readonly NamedBytes[]; expected: readonly string[] }>();
    const uid = (n: number) => derivedUid('hardening-bad-input', n);
    cases.forEach((c, n) => {
      studies.set(uid(n), {
        files:
          c.entry === 'part10'
            ? [...good.filter((f) => f.name !== c.broken.name.split('#')[0]), c.broken]
            : c.files,
        expected: c.codes,
      });
    });
    studies.set(uid(99), { files: good, expected: [] });

    const analyze: AnalyzeStudy = async ({ studyInstanceUid }) => {
      const study = studies.get(studyInstanceUid)!;
      const inputs = loadStudyInputs(study.files, rules);
      const [code] = problemCodes(inputs.problems);
      if (code !== undefined) throw new AppError(code, `study input refused: ${inputs.problems.join('; ')}`);
      return { writtenSopInstanceUids: [], stageDurationsMs: { inputs: 1 }, outOfRangeInputs: [] };
    };
    const id = randomBytes(6).toString('hex');
    const logLines: string[] = [];
    const queue = new AnalysisQueue({
      connection: { url: services.redis!.url },
      name: `bad-input-${id}`,
      prefix: `t${id}`,
      attempts: 3,
      backoffMs: 100,
    });
    queues.push(queue);
    const metrics = new PipelineMetrics();
    const worker = new AnalysisWorker({
      connection: { url: services.redis!.url },
      queueName: `bad-input-${id}`,
      prefix: `t${id}`,
      concurrency: 1,
      lockDurationMs: 10_000,
      analyze,
      pacsFor: () => ({}) as AnalysisPacs,
      model: { isDemo: false, demoMode: false },
      logger: createLogger({
        level: 'debug',
        write: (line) => {
          logLines.push(line);
          recordTestLog(line);
        },
      }),
      metrics,
      studyKey: (s) => createHash('sha256').update(s).digest('hex').slice(0, 12),
    });
    workers.push(worker);
    worker.run();
    for (const [studyInstanceUid] of studies) {
      await queue.enqueue(
        {
          studyInstanceUid,
          pacsStudyId: `p-${studyInstanceUid.slice(-8)}`,
          inputHash: createHash('sha256').update(studyInstanceUid).digest('hex'),
          inputInstanceCount: 1,
          trigger: 'stable',
          supersedesJobId: null,
          requestedAt: new Date(0).toISOString(),
        },
        `job-${studyInstanceUid.replaceAll('.', '-')}`,
      );
    }
    await waitFor(
      async () =>
        (await queue.queue.getFailedCount()) + (await queue.queue.getCompletedCount()) === studies.size,
      60_000,
      'every job finished',
    );
    expect(await queue.queue.getCompletedCount()).toBe(1);
    const failed = await queue.queue.getFailed();
    const rows = failed.map((job) => {
      const study = studies.get(job.data.studyInstanceUid)!;
      const code = /^([a-z][a-z0-9_]*): /.exec(job.failedReason)?.[1];
      return { code, expected: study.expected.includes(code ?? ''), attempts: job.attemptsMade };
    });
    console.log(
      `bad input through the worker: ${failed.length} failed jobs, codes ${rows.map((r) => r.code).join(', ')}`,
    );
    expect(rows).toHaveLength(cases.length);
    for (const r of rows) expect(r).toEqual({ code: r.code, expected: true, attempts: 1 });
    const text = await metrics.registry.metrics();
    for (const r of rows) expect(text).toContain(`kind="${r.code}"`);
    expect(worker.worker.isRunning()).toBe(true);
  });
});
