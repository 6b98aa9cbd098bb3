import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../../errors/index.js';
import {
  CAO2025,
  type CohortMember,
  GENERATOR_REVISION,
  HER2_EFFECTS,
  oracleAuc,
  peritumoralOracleAuc,
  planCohort,
  type StudyGroundTruth,
  type StudyOptions,
  type StudySize,
  scaleDesign,
} from '../../synth/index.js';
import { siblingModule, startWorker } from '../../threads/index.js';
import type { Command, CommandIo, ParsedArgs } from '../command.js';
import { requireString, wholeNumberOption } from '../command.js';
import { writeSyntheticStudy } from '../synth-files.js';

function choice<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = args.values[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new AppError('usage', `--${name} must be one of ${allowed.join(', ')}, found ${String(value)}`);
  }
  return value as T;
}

async function runStudy(args: ParsedArgs, io: CommandIo): Promise<number> {
  const out = resolve(io.cwd, requireString(args, 'out', 'synth'));
  const options: StudyOptions = {
    seed: args.values.seed === undefined ? 1 : String(args.values.seed),
    index: wholeNumberOption(args, 'index', 1, 1),
    her2: choice(args, 'her2', ['positive', 'negative'] as const, 'positive'),
    centre: Number(choice(args, 'centre', ['1', '2'] as const, '1')) as 1 | 2,
    size: choice(args, 'size', ['small', 'clinical'] as const, 'small'),
  };
  const truth = await writeSyntheticStudy(options, out);
  io.stdout(
    `Wrote a synthetic HER-2 ${truth.her2} study (centre ${truth.centre}, ${options.size}) to ${out}: ` +
      `${truth.series.length} series, ${truth.masks.length} mask objects, ground-truth.json\n`,
  );
  return 0;
}

function csvRow(values: (string | number)[]): string {
  return values
    .map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v)))
    .join(',');
}

/** Generates the members in worker threads (one per core by default), in any order. */
async function generateAll(
  tasks: { member: CohortMember; options: StudyOptions; dir: string }[],
  workers: number,
  progress: (done: number, failed: string[]) => void,
): Promise<{ truths: Map<number, StudyGroundTruth>; failures: string[] }> {
  const truths = new Map<number, StudyGroundTruth>();
  const failures: string[] = [];
  const queue = [...tasks];
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, () =>
    startWorker(siblingModule(import.meta.url, '../synth-cohort-worker')),
  );
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((done, fail) => {
            let current: (typeof tasks)[0] | undefined;
            const next = () => {
              current = queue.shift();
              if (current === undefined) return done();
              worker.postMessage({ options: current.options, dir: current.dir });
            };
            worker.on('message', (message: { ok: boolean; truth?: StudyGroundTruth; error?: string }) => {
              if (message.ok) truths.set(current!.member.index, message.truth!);
              else failures.push(`patient ${current!.member.index}: ${message.error}`);
              progress(truths.size + failures.length, failures);
              next();
            });
            worker.on('error', fail);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { truths, failures };
}

async function runCohort(args: ParsedArgs, io: CommandIo): Promise<number> {
  const out = resolve(io.cwd, requireString(args, 'out', 'synth'));
  const design = choice(args, 'design', ['cao2025'] as const, 'cao2025');
  const seed = args.values.seed === undefined ? '1' : String(args.values.seed);
  const size: StudySize = choice(args, 'size', ['small', 'clinical'] as const, 'small');
  const prevalence =
    args.values.prevalence === undefined ? CAO2025.prevalence : Number(args.values.prevalence);
  const patients = wholeNumberOption(args, 'patients', CAO2025.centre1 + CAO2025.centre2, 1);
  let cohortDesign: typeof CAO2025;
  try {
    cohortDesign = scaleDesign({ ...CAO2025, prevalence }, patients);
  } catch (error) {
    throw new AppError('usage', `--patients: ${(error as Error).message}`);
  }
  const members = planCohort(cohortDesign, seed);
  const limit = wholeNumberOption(args, 'limit', members.length, 1);
  const workers = wholeNumberOption(args, 'workers', Math.max(1, cpus().length), 1);
  const chosen = members.slice(0, limit);
  await mkdir(out, { recursive: true });
  const started = Date.now();
  const tasks = chosen.map((member) => ({
    member,
    dir: join(out, `P${String(member.index).padStart(4, '0')}`),
    options: { seed, index: member.index, her2: member.her2, centre: member.centre, size },
  }));
  const { truths, failures } = await generateAll(tasks, workers, (done) => {
    if (done % 10 === 0 || done === tasks.length) io.stderr(`  ${done}/${tasks.length} studies\n`);
  });
  const manifest = [csvRow(['patient_id', 'study_instance_uid', 'folder', 'centre', 'split', 'label'])];
  const truthRows = [
    csvRow([
      'patient_id',
      'label',
      'latent_oedema',
      'latent_vascular',
      'latent_intratumoral',
      'lesion_count',
      'lesion_radius_mm',
      'dce_lesion_voxels',
    ]),
  ];
  for (const task of tasks) {
    const truth = truths.get(task.member.index);
    if (!truth) continue;
    const folder = `P${String(task.member.index).padStart(4, '0')}`;
    const label = truth.her2 === 'positive' ? 1 : 0;
    manifest.push(
      csvRow([truth.patientId, truth.studyInstanceUid, folder, task.member.centre, task.member.split, label]),
    );
    const dce = truth.masks.find((m) => m.sequence === 'dce' && m.reader === 1);
    truthRows.push(
      csvRow([
        truth.patientId,
        label,
        truth.latent.oedema,
        truth.latent.vascular,
        truth.latent.intratumoral,
        truth.lesions.length,
        truth.lesions[0]!.radiusMm,
        dce?.lesionVoxels[0] ?? 0,
      ]),
    );
  }
  await writeFile(join(out, 'manifest.csv'), `${manifest.join('\n')}\n`);
  await writeFile(join(out, 'ground-truth.csv'), `${truthRows.join('\n')}\n`);
  await writeFile(
    join(out, 'design.json'),
    `${JSON.stringify({ design, seed, size, prevalence, patients, generatorRevision: GENERATOR_REVISION, effects: HER2_EFFECTS, oracleAuc: oracleAuc(), peritumoralOracleAuc: peritumoralOracleAuc() }, null, 2)}\n`,
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.stdout(
    `Wrote ${truths.size} synthetic studies (${design}, seed ${seed}, ${size}) to ${out} in ${seconds} s: manifest.csv, ground-truth.csv, design.json\n`,
  );
  for (const failure of failures) io.stderr(`failed: ${failure}\n`);
  return failures.length === 0 ? 0 : 1;
}

export const synthCommand: Command = {
  name: 'synth',
  summary:
    'generate synthetic breast MRI studies (DICOM, with masks and ground truth): one study or a cohort',
  usage:
    'study --out DIR [--her2 positive|negative] [--centre 1|2] [--seed N] [--index N] [--size small|clinical]\n' +
    '       her2 synth cohort --out DIR [--design cao2025] [--seed N] [--size small|clinical] [--prevalence P] [--patients N] [--workers N] [--limit N]',
  positionals: true,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'output folder' },
    her2: { type: 'string', valueName: 'STATUS', description: 'study: positive (default) or negative' },
    centre: {
      type: 'string',
      valueName: 'N',
      description: 'study: 1 (GE-like, default) or 2 (Siemens-like)',
    },
    seed: {
      type: 'string',
      valueName: 'N',
      description: 'seed; the same seed gives byte-identical files (default 1)',
    },
    index: {
      type: 'string',
      valueName: 'N',
      description: 'study: patient number within the seed (default 1)',
    },
    size: { type: 'string', valueName: 'SIZE', description: 'small (fast tests, default) or clinical' },
    design: { type: 'string', valueName: 'NAME', description: 'cohort: design (cao2025: 266 patients)' },
    prevalence: {
      type: 'string',
      valueName: 'P',
      description: 'cohort: HER-2-positive fraction (default 0.3)',
    },
    workers: {
      type: 'string',
      valueName: 'N',
      description: 'cohort: worker threads (default: one per core)',
    },
    patients: {
      type: 'string',
      valueName: 'N',
      description: 'cohort: the design scaled to N patients, same proportions (default 266)',
    },
    limit: { type: 'string', valueName: 'N', description: 'cohort: only the first N patients of the design' },
  },
  async run(args, io) {
    const [sub, ...rest] = args.positionals;
    if (rest.length > 0)
      throw new AppError('usage', `unexpected argument ${rest[0]} (see: her2 synth --help)`);
    if (sub === 'study') return runStudy(args, io);
    if (sub === 'cohort') return runCohort(args, io);
    throw new AppError('usage', `her2 synth needs 'study' or 'cohort' (see: her2 synth --help)`);
  },
};
