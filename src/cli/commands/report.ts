import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors/index.js';
import {
  buildReport,
  parseMetricsJson,
  parsePredictionsCsv,
  type RunData,
  svgToPng,
} from '../../report/index.js';
import { type Command, type CommandIo, type ParsedArgs, requireString } from '../command.js';
import { readInputFile } from './train.js';

/** Reads the files `her2 train` wrote into a run folder. */
export async function readRunFolder(io: CommandIo, runDir: string): Promise<RunData> {
  const file = (name: string) => path.join(runDir, name);
  const metrics = parseMetricsJson(await readInputFile(io, file('metrics.json'), 'run'), 'metrics.json');
  const predictions = parsePredictionsCsv(
    await readInputFile(io, file('predictions.csv'), 'run'),
    'predictions.csv',
  );
  let funnel: RunData['funnel'];
  try {
    funnel = JSON.parse(await readInputFile(io, file('funnel.json'), 'run')) as RunData['funnel'];
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('run_file_invalid', 'funnel.json is not valid JSON.', { cause: error });
  }
  const configYaml = await readInputFile(io, file('config.resolved.yaml'), 'run');
  return { metrics, predictions, funnel, configYaml };
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'HTML report with figures (SVG and PNG) of a training run',
  usage: '--run RUN_DIR',
  options: {
    run: { type: 'string', description: 'run folder written by her2 train', valueName: 'DIR' },
  },
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const runDir = path.resolve(io.cwd, requireString(args, 'run', 'report'));
    const data = await readRunFolder(io, runDir);
    const report = await buildReport(data);
    const outDir = path.join(runDir, 'report');
    await mkdir(outDir, { recursive: true });
    await writeFile(path.join(outDir, 'index.html'), report.html);
    for (const figure of report.figures) {
      await writeFile(path.join(outDir, `${figure.name}.svg`), figure.svg);
      await writeFile(path.join(outDir, `${figure.name}.png`), svgToPng(figure.svg));
    }
    io.stdout(
      `Report: ${path.join(outDir, 'index.html')} (${report.figures.length} figures as SVG and PNG)\n`,
    );
    return 0;
  },
};
