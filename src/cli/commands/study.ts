import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../errors/index.js';
import { runningSettingsHash } from '../../model/extraction-settings.js';
import type { ModelsConfig } from '../../model/models-config.js';
import type { StudyMetrics } from '../../model/training/train-study.js';
import { parseParams } from '../../radiomics/index.js';
import { formatStudyTable } from '../../report/index.js';
import {
  CAO2025,
  GENERATOR_REVISION,
  HER2_EFFECTS,
  oracleAuc,
  peritumoralOracleAuc,
} from '../../synth/index.js';
import {
  type Command,
  type CommandIo,
  type ParsedArgs,
  requireString,
  wholeNumberOption,
} from '../command.js';
import { featuresCommand } from './features.js';
import { reportCommand } from './report.js';
import { synthCommand } from './synth.js';
import { readInputFile, trainFromFiles } from './train.js';

/** Written into the title and intended use of every model `her2 study` trains. */
export const SYNTHETIC_LABEL = 'SYNTHETIC DEMO — not for clinical use';

const SYNTHETIC_INTENDED_USE =
  `${SYNTHETIC_LABEL}. Trained on a synthetic cohort (her2 study / her2 synth cohort) whose HER-2 ` +
  'effects were planted by the generator; it demonstrates the software and predicts nothing about patients.';

/** Marks every model of a study run as synthetic, in its title and intended use. */
export function markSynthetic(config: ModelsConfig): ModelsConfig {
  return {
    ...config,
    synthetic: true,
    intendedUse: SYNTHETIC_INTENDED_USE,
    models: config.models.map((m) =>
      m.title.includes(SYNTHETIC_LABEL) ? m : { ...m, title: `${m.title} (${SYNTHETIC_LABEL})` },
    ),
  };
}

export interface SyntheticStudyOptions {
  readonly out: string;
  readonly seed: string;
  /** Patients in total; the design's proportions are kept (266 = the study). */
  readonly patients: number;
  readonly size: 'small' | 'clinical';
  /** Worker threads for generation and extraction. */
  readonly workers: number;
  readonly paramsFile: string;
  readonly configFile?: string | undefined;
}

export interface SyntheticStudyResult {
  readonly metrics: StudyMetrics;
  readonly runDir: string;
  /** Seconds per stage (cohort is 0 when an existing cohort was reused). */
  readonly seconds: { cohort: number; features: number; training: number; report: number };
  /** 0, or 1 when some patients failed (the models were trained without them). */
  readonly exitCode: number;
}

const seconds = (since: number) => (Date.now() - since) / 1000;

/**
 * Whether `dir` already holds the cohort of this seed, size and number of patients, drawn with the
 * generator's current revision and planted effects (a cohort from an earlier generator is drawn again).
 */
async function cohortIsReusable(dir: string, options: SyntheticStudyOptions): Promise<boolean> {
  try {
    const design = JSON.parse(await readFile(path.join(dir, 'design.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await readFile(path.join(dir, 'manifest.csv'), 'utf8');
    const patients = design.patients ?? CAO2025.centre1 + CAO2025.centre2;
    return (
      design.seed === options.seed &&
      design.size === options.size &&
      patients === options.patients &&
      design.generatorRevision === GENERATOR_REVISION &&
      JSON.stringify(design.effects) === JSON.stringify(HER2_EFFECTS)
    );
  } catch {
    return false;
  }
}

/**
 * The study reproduced on synthetic data: cohort (`her2 synth cohort`) → features (`her2 features`,
 * resumable; the file name carries the settings hash so other settings never reuse stale rows) →
 * the configured models (`her2 train`, every model flagged synthetic) → `her2 report`. Each stage
 * is the sub-command itself, so the study runs exactly what a researcher would run by hand.
 */
export async function runStudy(io: CommandIo, options: SyntheticStudyOptions): Promise<SyntheticStudyResult> {
  const { out } = options;
  const cohortDir = path.join(out, 'cohort');
  const workers = String(options.workers);
  let exitCode = 0;

  let started = Date.now();
  let cohortSeconds = 0;
  if (await cohortIsReusable(cohortDir, options)) {
    io.stderr(`her2 study: reusing the synthetic cohort in ${cohortDir}\n`);
  } else {
    const code = await synthCommand.run(
      {
        positionals: ['cohort'],
        values: {
          out: cohortDir,
          seed: options.seed,
          size: options.size,
          patients: String(options.patients),
          workers,
        },
      },
      io,
    );
    if (code !== 0) exitCode = 1;
    cohortSeconds = seconds(started);
  }

  const paramsText = await readInputFile(io, options.paramsFile, 'params');
  const settingsHash = runningSettingsHash(parseParams(paramsText, path.basename(options.paramsFile)));
  const featuresFile = path.join(out, `features-${settingsHash.slice(0, 12)}.csv`);
  started = Date.now();
  const featuresCode = await featuresCommand.run(
    {
      positionals: [],
      values: {
        cohort: path.join(cohortDir, 'manifest.csv'),
        params: options.paramsFile,
        out: featuresFile,
        workers,
      },
    },
    io,
  );
  if (featuresCode !== 0) exitCode = 1;
  const featuresSeconds = seconds(started);

  const runDir = path.join(out, 'run');
  started = Date.now();
  const { run, lines } = await trainFromFiles(io, {
    featuresFile,
    outDir: runDir,
    configFile: options.configFile,
    paramsFile: options.paramsFile,
    adjust: markSynthetic,
  });
  io.stderr(`${lines.join('\n')}\n`);
  const trainingSeconds = seconds(started);

  started = Date.now();
  await reportCommand.run({ positionals: [], values: { run: runDir } }, io);
  const reportSeconds = seconds(started);

  return {
    metrics: run.metrics,
    runDir,
    seconds: {
      cohort: cohortSeconds,
      features: featuresSeconds,
      training: trainingSeconds,
      report: reportSeconds,
    },
    exitCode,
  };
}

/** `NAME=FILE` pairs of --export. */
function exportsOf(args: ParsedArgs): { model: string; file: string }[] {
  const raw = args.values.export;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.map((value) => {
    const match = typeof value === 'string' ? /^([a-z0-9_]+)=(.+)$/.exec(value) : null;
    if (!match) throw new AppError('usage', `--export must be MODEL=FILE, found ${String(value)}`);
    return { model: match[1]!, file: match[2]! };
  });
}

export const studyCommand: Command = {
  name: 'study',
  summary:
    'the study reproduced on synthetic data: cohort → features → eight models → evaluation → report; prints the paper-style table',
  usage:
    '--out DIR [--seed N] [--patients N] [--size small|clinical] [--params FILE.yaml] [--config MODELS.yaml] [--workers N] [--export MODEL=FILE]…',
  options: {
    out: {
      type: 'string',
      valueName: 'DIR',
      description: 'study folder (cohort/, features-*.csv, run/); rerun to resume',
    },
    seed: { type: 'string', valueName: 'N', description: 'generator seed (default 1)' },
    patients: {
      type: 'string',
      valueName: 'N',
      description: 'patients in total, the design scaled (default 266: 140 train / 59 validation / 67 test)',
    },
    size: {
      type: 'string',
      valueName: 'SIZE',
      description: 'synthetic study size: small (default) or clinical',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'extraction settings (default config/extraction.yaml, the product settings)',
    },
    config: {
      type: 'string',
      valueName: 'FILE',
      description: 'models configuration (default: the eight study models)',
    },
    workers: { type: 'string', valueName: 'N', description: 'worker threads (default: one per core)' },
    export: {
      type: 'string',
      multiple: true,
      valueName: 'MODEL=FILE',
      description: 'copy a trained model file, e.g. all_peri=models/demo-model.json',
    },
  },
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const size = args.values.size ?? 'small';
    if (size !== 'small' && size !== 'clinical')
      throw new AppError('usage', `--size must be small or clinical, found ${String(size)}`);
    const exports = exportsOf(args);
    const options: SyntheticStudyOptions = {
      out: path.resolve(io.cwd, requireString(args, 'out', 'study')),
      seed: args.values.seed === undefined ? '1' : String(args.values.seed),
      patients: wholeNumberOption(args, 'patients', CAO2025.centre1 + CAO2025.centre2, 6),
      size,
      workers: wholeNumberOption(args, 'workers', os.availableParallelism(), 1),
      paramsFile: path.resolve(
        io.cwd,
        typeof args.values.params === 'string' ? args.values.params : 'config/extraction.yaml',
      ),
      configFile:
        typeof args.values.config === 'string' ? path.resolve(io.cwd, args.values.config) : undefined,
    };
    const result = await runStudy(io, options);
    for (const { model, file } of exports) {
      const source = path.join(result.runDir, 'models', `${model}.json`);
      const target = path.resolve(io.cwd, file);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await copyFile(source, target);
      } catch (error) {
        throw new AppError('study_model_missing', `--export ${model}: the run has no model "${model}"`, {
          cause: error,
        });
      }
      io.stderr(`her2 study: model ${model} → ${target}\n`);
    }
    const table = formatStudyTable(result.metrics);
    const s = result.seconds;
    const summary =
      `Synthetic study, seed ${options.seed}, ${options.patients} patients (${SYNTHETIC_LABEL})\n` +
      `${table}\n` +
      `Generator oracle AUC (every latent score known exactly): ${oracleAuc().toFixed(3)}; ` +
      `peritumoral scores only: ${peritumoralOracleAuc().toFixed(3)}\n` +
      `Time: cohort ${s.cohort.toFixed(1)} s, features ${s.features.toFixed(1)} s, training ${s.training.toFixed(1)} s, report ${s.report.toFixed(1)} s\n` +
      `Report: ${path.join(result.runDir, 'report', 'index.html')}\n`;
    await writeFile(path.join(options.out, 'table.txt'), summary);
    io.stdout(summary);
    return result.exitCode;
  },
};
