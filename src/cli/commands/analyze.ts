import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeStudyFiles } from '../../analysis/index.js';
import { readSiteRulesFile } from '../../dicom/recognition/index.js';
import { AppError } from '../../errors/index.js';
import { loadModel, runningSettingsHash } from '../../model/index.js';
import { parseParams } from '../../radiomics/index.js';
import type { Command } from '../command.js';
import { readFolderFiles } from '../read-folder.js';

/**
 * `her2 analyze DIR --out OUTDIR`: the PACS analysis on a folder of DICOM files, without PACS or
 * queue. Writes the SEG per source series, the TID 1500 SR and the PDF companion to OUTDIR,
 * prints the SR as readable text and a one-line result.
 */

/** The product folder (config/, models/, package.json), from source (src/cli/commands) or dist/. */
function productRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = ['../../..', '../../../..'].map((up) => path.resolve(here, up));
  return candidates.find((dir) => existsSync(path.join(dir, 'config/extraction.yaml'))) ?? candidates[0]!;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('file_unreadable', `cannot read ${what} ${file}`, { cause });
  }
}

function contentDateTime(value: unknown): Date {
  if (typeof value !== 'string') return new Date();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new AppError(
      'usage',
      `--content-time "${value}" is not an ISO date-time (e.g. 2026-01-02T03:04:05Z)`,
    );
  }
  return date;
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'analyse a folder of DICOM files offline: SEG, TID 1500 SR and PDF companion to a folder',
  usage:
    'DIR --out OUTDIR [--model FILE.json] [--params FILE.yaml] [--rules FILE.yaml] [--demo] [--centre ID]',
  positionals: true,
  options: {
    out: {
      type: 'string',
      valueName: 'OUTDIR',
      description: 'folder for the SEG, SR and PDF files (created)',
    },
    model: {
      type: 'string',
      valueName: 'FILE',
      description: 'model file (default: models/demo-model.json of the product)',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'extraction settings the model must match (default: config/extraction.yaml)',
    },
    rules: {
      type: 'string',
      valueName: 'FILE',
      description: 'site rules file (default: config/site-rules.default.yaml)',
    },
    demo: { type: 'boolean', description: 'allow a model trained on synthetic data (demo mode)' },
    centre: {
      type: 'string',
      valueName: 'ID',
      description: "the study's centre as in the training table (read only by a ComBat-harmonised model)",
    },
    'content-time': {
      type: 'string',
      valueName: 'ISO',
      description: 'content date/time of the outputs (default: now); fixed → byte-identical outputs',
    },
  },
  async run(args, io) {
    const [dir, ...rest] = args.positionals;
    if (dir === undefined || rest.length > 0)
      throw new AppError('usage', 'give exactly one folder (see: her2 analyze --help)');
    if (typeof args.values.out !== 'string' || args.values.out === '')
      throw new AppError('usage', '--out is required (see: her2 analyze --help)');
    const root = productRoot();
    const option = (name: string, fallback: string) =>
      typeof args.values[name] === 'string'
        ? path.resolve(io.cwd, args.values[name])
        : path.join(root, fallback);
    const paramsFile = option('params', 'config/extraction.yaml');
    const params = parseParams(await readText(paramsFile, 'extraction settings'), path.basename(paramsFile));
    const model = await loadModel(option('model', 'models/demo-model.json'), runningSettingsHash(params));
    const rules = await readSiteRulesFile(
      typeof args.values.rules === 'string' ? path.resolve(io.cwd, args.values.rules) : undefined,
    );
    const pkg = JSON.parse(await readText(path.join(root, 'package.json'), 'package file')) as {
      name: string;
      version: string;
    };
    const files = await readFolderFiles(path.resolve(io.cwd, dir));
    const analysis = analyzeStudyFiles(files, {
      model,
      rules,
      software: { name: pkg.name, version: pkg.version },
      demoMode: args.values.demo === true,
      contentDateTime: contentDateTime(args.values['content-time']),
      ...(typeof args.values.centre === 'string' ? { centre: args.values.centre } : {}),
    });
    const out = path.resolve(io.cwd, args.values.out);
    await mkdir(out, { recursive: true });
    for (const output of analysis.outputs) await writeFile(path.join(out, output.fileName), output.bytes);

    io.stdout(`${analysis.srText}\n`);
    for (const problem of analysis.problems) io.stderr(`her2 analyze: note: ${problem}\n`);
    const { prediction } = analysis;
    const flags = prediction.outOfRange.length
      ? `, ${prediction.outOfRange.length} feature(s) outside the training range`
      : '';
    io.stdout(
      `HER-2 ${prediction.status} (probability ${prediction.probability.toFixed(3)}, threshold ${prediction.threshold.toFixed(3)}${flags}; ${prediction.synthetic ? 'DEMO model, ' : ''}research use only) — ${analysis.outputs.length} files in ${out}\n`,
    );
    return 0;
  },
};
