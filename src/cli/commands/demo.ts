import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatSrTree, readContentTree, readDataset } from '../../dicom/sr/index.js';
import { AppError, describeError } from '../../errors/index.js';
import { checkHealth, freePort, type LocalServices, startLocalServices } from '../../local-services/index.js';
import { createLogger, studyKey } from '../../observability/index.js';
import type { AnalysisOutcome } from '../../pipeline/index.js';
import { OUTPUT_SERIES_DESCRIPTION_PREFIX } from '../../pipeline/index.js';
import { type LocalPipeline, loadAnalysisAssets, startLocalPipeline } from '../../queue/index.js';
import { type GeneratedStudy, generateStudy, maskObjects, type StudySize } from '../../synth/index.js';
import { drawPatient } from '../../synth/patient.js';
import { createRandom } from '../../synth/random.js';
import type { Command, CommandIo } from '../command.js';

/**
 * The README's demo: starts Redis and Orthanc (Debian packages, loopback, free ports, temporary
 * data), generates a synthetic HER-2-positive and a HER-2-negative study, uploads them with their
 * lesion masks, runs the listener and a worker in this process (demo mode: the demo model is
 * synthetic), waits for both results, prints each SR as text, and stops everything it started,
 * also on Ctrl-C.
 */

export const DEMO_SEED = 'her2-demo';
const CANDIDATES = 24;

/**
 * The demo's two patients: among the first candidates of the seed, the HER-2-positive one with the
 * strongest planted signal and the HER-2-negative one with the weakest (the generator's latent
 * scores, drawn before any image), so the demo shows a clear difference rather than a coin toss.
 */
export function demoPatients(seed = DEMO_SEED): { positive: number; negative: number } {
  const score = (index: number, her2: 'positive' | 'negative') => {
    const root = createRandom(`${seed}/patient/${index}`);
    const { latent } = drawPatient(root.fork('spec'), index, her2, 1);
    return latent.oedema + latent.vascular + latent.intratumoral;
  };
  const indices = Array.from({ length: CANDIDATES }, (_, i) => i);
  const best = (her2: 'positive' | 'negative', sign: number) =>
    indices.reduce((a, b) => (sign * score(b, her2) > sign * score(a, her2) ? b : a));
  const positive = best('positive', 1);
  const negative = best('negative', -1);
  // Two studies need two patients: when both labels pick one index, take the next best negative.
  return {
    positive,
    negative:
      negative !== positive
        ? negative
        : indices
            .filter((i) => i !== positive)
            .reduce((a, b) => (score(b, 'negative') < score(a, 'negative') ? b : a)),
  };
}

export function demoStudies(
  size: StudySize,
  seed = DEMO_SEED,
): { her2: 'positive' | 'negative'; study: GeneratedStudy }[] {
  const { positive, negative } = demoPatients(seed);
  return (
    [
      ['positive', positive],
      ['negative', negative],
    ] as const
  ).map(([her2, index]) => ({ her2, study: generateStudy({ seed, index, her2, centre: 1, size }) }));
}

/** Our SR in the study, read back from Orthanc, as text. */
async function srText(pipeline: LocalPipeline, studyInstanceUid: string): Promise<string> {
  const series = await pipeline.dicomWeb.searchSeries(studyInstanceUid);
  const sr = series.find(
    (s) => s.modality === 'SR' && s.seriesDescription.startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX),
  );
  if (!sr) return '(no SR found in the PACS)';
  for await (const bytes of pipeline.dicomWeb.retrieveSeries(studyInstanceUid, sr.seriesInstanceUid)) {
    const dataset = readDataset(bytes);
    if (dataset.SOPClassUID === '1.2.840.10008.5.1.4.1.1.88.34')
      return formatSrTree(readContentTree(dataset));
  }
  return '(the SR series holds no Comprehensive 3D SR)';
}

function waitForInterrupt(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the end-to-end demo on built-in synthetic data (starts and stops its own Redis and Orthanc)',
  usage: '[--model FILE] [--size small|clinical] [--keep-running] [--keep-data]',
  options: {
    model: { type: 'string', valueName: 'FILE', description: 'model file (default models/demo-model.json)' },
    size: {
      type: 'string',
      valueName: 'SIZE',
      description: 'synthetic study size: small (default) or clinical',
    },
    'keep-running': {
      type: 'boolean',
      description: 'after the results, keep the services and dashboard up until Ctrl-C',
    },
    'keep-data': { type: 'boolean', description: 'keep the temporary folder (service logs) after the demo' },
  },
  async run(args, io) {
    const keepData = args.values['keep-data'] === true;
    const size = (args.values.size ?? 'small') as string;
    if (size !== 'small' && size !== 'clinical') {
      throw new AppError('demo_size_invalid', '--size must be small or clinical');
    }
    const assets = await loadAnalysisAssets({
      modelPath: path.resolve(io.cwd, (args.values.model as string | undefined) ?? 'models/demo-model.json'),
      extractionParams: path.resolve(io.cwd, 'config/extraction.yaml'),
      siteRules: path.resolve(io.cwd, 'config/site-rules.default.yaml'),
    });
    // Ctrl-C stops the demo and everything it started (the finally blocks below).
    const interrupted = new AbortController();
    const onSigint = () => interrupted.abort();
    process.once('SIGINT', onSigint);
    io.stdout('Starting Redis and Orthanc on loopback (free ports, temporary data folder)...\n');
    let services: LocalServices | null = null;
    let pipeline: LocalPipeline | null = null;
    try {
      services = await startLocalServices({
        keepData,
        orthanc: { stableAge: 2 },
        progress: (line) => io.stdout(`  ${line}\n`),
      });
      const health = await checkHealth(services);
      if (health.redis?.ok !== true || health.orthanc?.ok !== true || !health.orthanc.dicomWebPlugin) {
        throw new AppError('demo_failed', `services not healthy (logs in ${services.tempDir})`);
      }
      return await runDemo(
        services,
        assets,
        size,
        io,
        interrupted.signal,
        args.values['keep-running'] === true,
        (p) => {
          pipeline = p;
        },
      );
    } finally {
      process.off('SIGINT', onSigint);
      await (pipeline as LocalPipeline | null)?.stop();
      if (services) {
        await services.stop();
        io.stdout(
          keepData ? `Stopped; data and logs kept in ${services.tempDir}\n` : 'Stopped Redis and Orthanc.\n',
        );
      }
    }
  },
};

async function runDemo(
  services: LocalServices,
  assets: Awaited<ReturnType<typeof loadAnalysisAssets>>,
  size: StudySize,
  io: CommandIo,
  interrupted: AbortSignal,
  keepRunning: boolean,
  started: (pipeline: LocalPipeline) => void,
): Promise<number> {
  const orthanc = services.orthanc!;
  const credentials = { username: 'demo', password: randomBytes(12).toString('base64url') };
  const opsPort = await freePort();
  const salt = randomBytes(16).toString('hex');
  const logLines: string[] = [];
  const pipeline = await startLocalPipeline({
    redisUrl: services.redis!.url,
    orthanc: { url: orthanc.url, ...orthanc.credentials },
    assets,
    demoMode: true,
    logger: createLogger({ level: 'info', write: (line) => logLines.push(line) }),
    prefix: 'her2demo',
    queueName: 'her2-analysis',
    ops: { port: opsPort, credentials },
    studyKey: (uid) => studyKey(salt, uid),
  });
  started(pipeline);
  io.stdout(
    `Model: ${assets.model.artifact.title} (${assets.model.id.slice(0, 12)}…; synthetic demo model, demo mode on)\n`,
  );

  io.stdout(`Generating a HER-2-positive and a HER-2-negative synthetic study (${size})...\n`);
  const studies = demoStudies(size);
  // The listener starts from the newest change: wait for its first poll before uploading.
  await new Promise((r) => setTimeout(r, 1000));
  for (const { her2, study } of studies) {
    const masks = maskObjects(study);
    for (const series of study.series)
      for (const i of series.instances) await pipeline.rest.uploadInstance(i.bytes);
    for (const m of masks) await pipeline.rest.uploadInstance(m.bytes);
    io.stdout(`  uploaded the HER-2-${her2} study (${study.series.length} series, ${masks.length} masks)\n`);
  }

  io.stdout('Waiting for Orthanc to call the studies stable and the worker to analyse them...\n');
  const outcomes = new Map<string, AnalysisOutcome>();
  const deadline = Date.now() + (size === 'clinical' ? 15 : 5) * 60_000;
  while (outcomes.size < studies.length) {
    if (interrupted.aborted) throw new AppError('demo_interrupted', 'interrupted (Ctrl-C)');
    if (Date.now() > deadline) throw new AppError('demo_timeout', 'the studies were not analysed in time');
    const failed = await pipeline.queue.queue.getFailed();
    if (failed.length > 0) {
      throw new AppError('demo_failed', `an analysis failed: ${failed[0]!.failedReason}`);
    }
    for (const job of await pipeline.queue.queue.getCompleted()) {
      outcomes.set(job.data.studyInstanceUid, job.returnvalue as AnalysisOutcome);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  for (const { her2, study } of studies) {
    const outcome = outcomes.get(study.context.studyInstanceUid)!;
    io.stdout(`\n=== Synthetic HER-2-${her2} study: result SR in the PACS ===\n`);
    io.stdout(`${await srText(pipeline, study.context.studyInstanceUid)}\n`);
    const stages = Object.entries(outcome.stageDurationsMs)
      .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)} s`)
      .join(', ');
    io.stdout(`Stages: ${stages}\n`);
  }
  io.stdout('\n=== Summary ===\n');
  for (const { her2, study } of studies) {
    const result = outcomes.get(study.context.studyInstanceUid)!.result;
    io.stdout(
      `  truth HER-2-${her2.padEnd(8)} → estimated probability ${result?.probability.toFixed(3)} (${result?.status})\n`,
    );
  }
  io.stdout(
    `\nQueue dashboard: http://127.0.0.1:${opsPort}/admin/queues (HTTP Basic; user "${credentials.username}", password "${credentials.password}", generated for this run)\n`,
  );
  io.stdout(
    `Orthanc: ${orthanc.url} (user "${orthanc.credentials.username}", password "${orthanc.credentials.password}", generated for this run)\n`,
  );
  if (!keepRunning) io.stdout('(both stop with the demo; run with --keep-running to look at them)\n');
  if (keepRunning) {
    io.stdout('Running until Ctrl-C...\n');
    await waitForInterrupt(interrupted);
  }
  const problems = logLines.filter((l) => l.includes('"level":"error"'));
  if (problems.length > 0)
    io.stderr(`${problems.length} error line(s) were logged: ${describeError(problems[0])}\n`);
  return 0;
}
