import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Job } from 'bullmq';
import { startLocalServices } from '../../src/local-services/index.js';
import { createLogger, studyKey } from '../../src/observability/index.js';
import { PacsHttp } from '../../src/pacs/index.js';
import type { AnalysisOutcome } from '../../src/pipeline/index.js';
import { loadAnalysisAssets, startLocalPipeline } from '../../src/queue/index.js';
import { generateStudy, maskObjects } from '../../src/synth/index.js';
import { processEnv } from '../integration/pipeline-harness.js';
import { compareRetrieval } from './retrieval.bench.js';

/**
 * The pipeline on a clinical-size synthetic study (T2W 486×286×30, DCE 5 phases, DWI, ADC; about
 * 65 MB): time from Orthanc's StableStudy to the SR stored, per stage; the worker process' peak
 * RSS (VmHWM, threads included); then studies per hour with 1 and 2 worker processes on a handful
 * of re-analyses of that study. Workers are real `workers/worker.ts` processes; the listener runs
 * here. Target: under 30 s per study.
 */

const repoRoot = path.resolve(import.meta.dirname, '../..');
const STUDIES = Number(process.env.HER2_BENCH_STUDIES ?? 4);

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Orthanc change dates ("20261128T234900") in ms since the epoch, local time as Orthanc writes them. */
function orthancDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})/.exec(text)!;
  return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!).getTime();
}

export async function runPipelineBenchmark(): Promise<void> {
  const assets = await loadAnalysisAssets({
    modelPath: path.join(repoRoot, 'models/demo-model.json'),
    extractionParams: path.join(repoRoot, 'config/extraction.yaml'),
    siteRules: path.join(repoRoot, 'config/site-rules.default.yaml'),
  });
  console.log('Generating one clinical-size synthetic study...');
  let t = performance.now();
  const study = generateStudy({
    seed: 'pipeline-bench',
    index: 1,
    her2: 'positive',
    centre: 1,
    size: 'clinical',
  });
  const masks = maskObjects(study);
  const files = [
    ...study.series.flatMap((s) => s.instances.map((i) => i.bytes)),
    ...masks.map((m) => m.bytes),
  ];
  const bytes = files.reduce((a, b) => a + b.byteLength, 0);
  console.log(
    `  ${files.length} instances, ${(bytes / 1e6).toFixed(1)} MB, generated in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const services = await startLocalServices({ orthanc: { stableAge: 2 } });
  const orthanc = services.orthanc!;
  const children: ChildProcess[] = [];
  const pipeline = await startLocalPipeline({
    redisUrl: services.redis!.url,
    orthanc: { url: orthanc.url, ...orthanc.credentials },
    assets,
    demoMode: true,
    logger: createLogger({ level: 'warn', write: () => {} }),
    prefix: 'bench',
    queueName: 'bench-analysis',
    workers: 0,
    listenerPollMs: 200,
    studyKey: (uid) => studyKey('bench-salt-bench-salt', uid),
  });
  const startWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/worker.ts'], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: processEnv(
        services,
        { prefix: 'bench', queueName: 'bench-analysis' },
        { HER2_OPS_PORT: '0', HER2_LOG_LEVEL: 'warn' },
      ),
    });
    children.push(child);
    return child;
  };
  const stopWorkers = async () => {
    await Promise.all(
      children.splice(0).map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  };
  const finished = async (n: number) => {
    for (;;) {
      if ((await pipeline.queue.queue.getFailedCount()) > 0) {
        const [failed] = await pipeline.queue.queue.getFailed();
        throw new Error(`analysis failed: ${failed!.failedReason}`);
      }
      if ((await pipeline.queue.queue.getCompletedCount()) >= n) return;
      await sleep(200);
    }
  };
  try {
    // 1. One study through the whole pipeline, one worker.
    const worker = startWorker();
    await sleep(3000); // worker and listener up
    t = performance.now();
    for (const f of files) await pipeline.rest.uploadInstance(f);
    console.log(
      `Uploaded in ${((performance.now() - t) / 1000).toFixed(1)} s; waiting for StableStudy and the analysis...`,
    );
    await finished(1);
    const [job] = (await pipeline.queue.queue.getCompleted()) as Job[];
    const outcome = job!.returnvalue as AnalysisOutcome;
    const http = new PacsHttp({ baseUrl: orthanc.url, ...orthanc.credentials });
    const changes = await http.json<{ Changes: { ChangeType: string; Date: string }[] }>(
      '/changes?limit=10000',
    );
    const stable = changes.Changes.find((c) => c.ChangeType === 'StableStudy')!;
    const stableAt = orthancDate(stable.Date);
    console.log('\nOne clinical-size study, 1 worker:');
    console.log(
      `  StableStudy → enqueued        ${((job!.timestamp - stableAt) / 1000).toFixed(1)} s (Orthanc dates have 1 s resolution)`,
    );
    console.log(
      `  enqueued → worker started     ${((job!.processedOn! - job!.timestamp) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  worker started → SR stored    ${((job!.finishedOn! - job!.processedOn!) / 1000).toFixed(1)} s`,
    );
    console.log(
      `  StableStudy → SR stored       ${((job!.finishedOn! - stableAt) / 1000).toFixed(1)} s (target < 30 s)`,
    );
    const stages = Object.entries(outcome.stageDurationsMs).sort((a, b) => b[1] - a[1]);
    for (const [stage, ms] of stages) console.log(`    ${stage.padEnd(12)} ${(ms / 1000).toFixed(2)} s`);
    console.log(`  dominant stage: ${stages[0]![0]}`);
    console.log(`  worker peak RSS (VmHWM): ${peakRssMb(worker.pid!).toFixed(0)} MB (budget 2048 MB)`);
    console.log(
      `  probability ${outcome.result?.probability.toFixed(3)}, ${outcome.result?.inputFiles} instances read`,
    );

    // Retrieval alone: our streaming reader against dicomweb-client on the largest series.
    const largest = [...study.series].sort(
      (a, b) =>
        b.instances.reduce((n, i) => n + i.bytes.byteLength, 0) -
        a.instances.reduce((n, i) => n + i.bytes.byteLength, 0),
    )[0]!;
    await compareRetrieval(
      { url: orthanc.url, ...orthanc.credentials },
      study.context.studyInstanceUid,
      largest.seriesInstanceUid,
    );

    // 2. Throughput: the same study re-analysed STUDIES times, with 1 then 2 worker processes.
    for (const workers of [1, 2]) {
      await stopWorkers();
      await pipeline.queue.queue.drain();
      await pipeline.queue.queue.clean(0, 1000, 'completed');
      for (let i = 0; i < workers; i++) startWorker();
      await sleep(3000);
      const start = Date.now();
      for (let i = 0; i < STUDIES; i++) {
        await pipeline.listener.reprocess(study.context.studyInstanceUid);
        await sleep(2); // distinct reprocess ids
      }
      await finished(STUDIES);
      const wall = (Date.now() - start) / 1000;
      const peaks = children.map((c) => peakRssMb(c.pid!).toFixed(0)).join(', ');
      console.log(
        `\n${workers} worker process(es): ${STUDIES} analyses in ${wall.toFixed(1)} s → ${((STUDIES / wall) * 3600).toFixed(0)} studies/hour (peak RSS ${peaks} MB)`,
      );
    }
  } finally {
    await stopWorkers();
    await pipeline.stop();
    await services.stop();
  }
}
