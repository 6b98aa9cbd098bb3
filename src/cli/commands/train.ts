import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { AppError } from '../../errors/index.js';
import { formatModelFile } from '../../model/artifact.js';
import { readFeatureCsv } from '../../model/feature-table-csv.js';
import {
  formatResolvedConfig,
  type ModelsConfig,
  parseModelsConfig,
  parseModelsConfigYaml,
} from '../../model/models-config.js';
import { formatPredictionsCsv, type StudyRun, trainStudy } from '../../model/training/train-study.js';
import { parseParams } from '../../radiomics/index.js';
import { type Command, type CommandIo, type ParsedArgs, requireString } from '../command.js';

/** Reads a text file named on the command line, with an error naming the option and the reason. */
export async function readInputFile(io: CommandIo, file: string, option: string): Promise<string> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('input_unreadable', `cannot read --${option} ${file}: ${reason}`, { cause: error });
  }
}

/** The package version, written into every model file (read from the package.json beside src/ or dist/). */
export async function softwareVersion(): Promise<string> {
  let dir = path.dirname(new URL(import.meta.url).pathname);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'her2-radiomics' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/** Writes JSON with non-finite numbers as null (JSON has no NaN or ∞). */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Inputs of one training run (`her2 train`, and `her2 study` after its features step). */
export interface TrainRunInputs {
  readonly featuresFile: string;
  readonly outDir: string;
  readonly configFile?: string | undefined;
  readonly paramsFile?: string | undefined;
  /** Applied to the parsed configuration last (`her2 study` marks its models synthetic). */
  readonly adjust?: (config: ModelsConfig) => ModelsConfig;
}

/**
 * Reads the features table and the configuration, trains every model and writes the run folder:
 * `models/<name>.json`, `predictions.csv`, `metrics.json`, `funnel.json`, `config.resolved.yaml`.
 * Returns the run and the summary lines `her2 train` prints.
 */
export async function trainFromFiles(
  io: CommandIo,
  inputs: TrainRunInputs,
): Promise<{ run: StudyRun; lines: string[] }> {
  const { featuresFile, outDir, configFile, paramsFile } = inputs;
  let config =
    configFile === undefined
      ? parseModelsConfig({})
      : parseModelsConfigYaml(await readInputFile(io, configFile, 'config'), path.basename(configFile));
  if (paramsFile !== undefined) {
    const paramsText = await readInputFile(io, paramsFile, 'params');
    parseParams(paramsText, path.basename(paramsFile));
    const mapping = (YAML.parse(paramsText) ?? {}) as Record<string, unknown>;
    config = parseModelsConfig({ ...config, extraction: mapping });
  }
  if (inputs.adjust) config = inputs.adjust(config);
  const dataset = readFeatureCsv(
    await readInputFile(io, featuresFile, 'features'),
    path.basename(featuresFile),
  );
  const version = await softwareVersion();
  const run = trainStudy(dataset, config, version);

  await mkdir(path.join(outDir, 'models'), { recursive: true });
  for (const artifact of run.artifacts) {
    await writeFile(path.join(outDir, 'models', `${artifact.name}.json`), formatModelFile(artifact));
  }
  await writeFile(path.join(outDir, 'predictions.csv'), formatPredictionsCsv(dataset, run.models));
  await writeFile(path.join(outDir, 'metrics.json'), formatJson(run.metrics));
  await writeFile(path.join(outDir, 'funnel.json'), formatJson(run.funnel));
  await writeFile(path.join(outDir, 'config.resolved.yaml'), formatResolvedConfig(config));

  const lines = [`Trained ${run.models.length} models on ${dataset.patients.length} patients → ${outDir}`];
  for (const model of run.metrics.models) {
    const aucs = model.cohorts
      .map((c) => `${c.split} ${c.evaluation ? c.evaluation.auc.toFixed(3) : 'n/a'}`)
      .join(', ');
    lines.push(
      `  ${model.name.padEnd(16)} ${String(model.selectedFeatures.length).padStart(3)} features  AUC ${aucs}`,
    );
  }
  if (config.synthetic)
    lines.push('  (synthetic data: models are flagged synthetic and are not for clinical use)');
  return { run, lines };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'fit the study models (selection → random forest → threshold) and evaluate them per cohort',
  usage: '--features FEATURES.csv [--config MODELS.yaml] [--params PARAMS.yaml] --out RUN_DIR',
  options: {
    features: {
      type: 'string',
      description: 'features table: patient_id, study_instance_uid, centre, split, label, features…',
      valueName: 'FILE',
    },
    config: {
      type: 'string',
      description: 'models configuration (YAML); defaults = the eight study models',
      valueName: 'FILE',
    },
    params: {
      type: 'string',
      description:
        'PyRadiomics parameter file the features were extracted with (replaces the config\'s "extraction")',
      valueName: 'FILE',
    },
    out: { type: 'string', description: 'run folder to write (created if missing)', valueName: 'DIR' },
  },
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const { lines } = await trainFromFiles(io, {
      featuresFile: requireString(args, 'features', 'train'),
      outDir: path.resolve(io.cwd, requireString(args, 'out', 'train')),
      configFile: typeof args.values.config === 'string' ? args.values.config : undefined,
      paramsFile: typeof args.values.params === 'string' ? args.values.params : undefined,
    });
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
