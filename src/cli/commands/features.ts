import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSiteRulesFile } from '../../dicom/recognition/index.js';
import type { SiteRules } from '../../dicom/recognition/site-rules.js';
import { AppError, describeError } from '../../errors/index.js';
import { formatCsv } from '../../model/csv.js';
import {
  type FeatureDataset,
  parseFeatureColumnName,
  writeFeatureCsv,
} from '../../model/feature-table-csv.js';
import { createFeatureTable } from '../../model/selection/index.js';
import { type ExtractionParams, parseParams } from '../../radiomics/index.js';
import { siblingModule, startWorker } from '../../threads/index.js';
import { type Command, type CommandIo, type ParsedArgs, requireString } from '../command.js';
import { extractPatientFeatures, type ManifestEntry, readManifest } from './features-extraction.js';
import { readInputFile } from './train.js';

type Outcome = { line: number; row: Record<string, number> } | { line: number; error: string };

/** Runs `extractPatientFeatures` for each entry, on `workers` threads (0 = in this thread), in any order. */
async function extractAll(
  entries: readonly ManifestEntry[],
  params: ExtractionParams,
  rules: SiteRules | null,
  workers: number,
  onOutcome: (outcome: Outcome) => void,
): Promise<void> {
  if (workers === 0) {
    for (const entry of entries) {
      try {
        onOutcome({ line: entry.line, row: extractPatientFeatures(entry, params, rules) });
      } catch (error) {
        onOutcome({ line: entry.line, error: describeError(error) });
      }
    }
    return;
  }
  const queue = [...entries];
  const workerUrl = siblingModule(import.meta.url, 'features-worker');
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      const worker = startWorker(workerUrl);
      try {
        for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
          const current = entry;
          const outcome = await new Promise<Outcome>((resolve, reject) => {
            const onError = (error: Error) => reject(error);
            worker.once('error', onError);
            worker.once('message', (message: Outcome) => {
              worker.off('error', onError);
              resolve(message);
            });
            worker.postMessage({ entry: current, params, rules });
          });
          onOutcome(outcome);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
}

/** Rows already extracted by an interrupted run: one JSON object per line, keyed by manifest line. */
function readProgress(file: string): Map<string, Record<string, number>> {
  const done = new Map<string, Record<string, number>>();
  if (!existsSync(file)) return done;
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      const record = JSON.parse(text) as { patientId: string; row: Record<string, number | null> };
      done.set(
        record.patientId,
        Object.fromEntries(Object.entries(record.row).map(([k, v]) => [k, v ?? Number.NaN])),
      );
    } catch {
      // A line cut short by the interruption: that patient is extracted again.
    }
  }
  return done;
}

/** The features table of the extracted patients, columns in the order of the first patient's row. */
function toDataset(
  entries: readonly ManifestEntry[],
  rows: Map<string, Record<string, number>>,
): FeatureDataset {
  const included = entries.filter((e) => rows.has(e.patient.patientId));
  const names: string[] = [];
  const seen = new Set<string>();
  for (const entry of included) {
    for (const name of Object.keys(rows.get(entry.patient.patientId)!)) {
      if (!seen.has(name) && parseFeatureColumnName(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const columns = names.map((name) =>
    Float64Array.from(included, (e) => rows.get(e.patient.patientId)![name] ?? Number.NaN),
  );
  return { patients: included.map((e) => e.patient), features: createFeatureTable(names, columns) };
}

export const featuresCommand: Command = {
  name: 'features',
  summary: 'extract the features table of a cohort (t2/dwi/dce × intratumoral/3 mm peritumoral), resumable',
  usage: '--cohort MANIFEST.csv [--params FILE.yaml] --out FEATURES.csv [--workers N]',
  options: {
    cohort: {
      type: 'string',
      description: 'patient_id, study_instance_uid, centre, split, label, {t2,dwi,dce}_{image,mask}',
      valueName: 'FILE',
    },
    params: {
      type: 'string',
      description: 'PyRadiomics parameter file (YAML); default PyRadiomics settings',
      valueName: 'FILE',
    },
    out: { type: 'string', description: 'features table to write', valueName: 'FILE' },
    workers: { type: 'string', description: 'worker threads (0 = none); default: CPUs − 1', valueName: 'N' },
    rules: {
      type: 'string',
      valueName: 'FILE',
      description:
        'site rules for DICOM study folders (manifest column `folder`); default config/site-rules.default.yaml',
    },
  },
  async run(args: ParsedArgs, io: CommandIo): Promise<number> {
    const manifestFile = path.resolve(io.cwd, requireString(args, 'cohort', 'features'));
    const outFile = path.resolve(io.cwd, requireString(args, 'out', 'features'));
    const paramsFile = typeof args.values.params === 'string' ? args.values.params : undefined;
    const params = parseParams(
      paramsFile === undefined ? '' : await readInputFile(io, paramsFile, 'params'),
      paramsFile === undefined ? 'defaults' : path.basename(paramsFile),
    );
    for (const warning of params.warnings) io.stderr(`her2 features: warning: ${warning}\n`);
    const workersText = typeof args.values.workers === 'string' ? args.values.workers : undefined;
    const workers =
      workersText === undefined ? Math.max(0, os.availableParallelism() - 1) : Number(workersText);
    if (!Number.isInteger(workers) || workers < 0) {
      throw new AppError('usage', `--workers must be a whole number ≥ 0, found '${workersText}'`);
    }
    const manifestDir = path.dirname(manifestFile);
    const entries = readManifest(
      await readInputFile(io, manifestFile, 'cohort'),
      path.basename(manifestFile),
      (f) => path.resolve(manifestDir, f),
    );
    const progressFile = `${outFile}.progress.jsonl`;
    const done = readProgress(progressFile);
    const todo = entries.filter((e) => !done.has(e.patient.patientId));
    if (done.size > 0)
      io.stderr(`her2 features: resuming, ${done.size} of ${entries.length} patients already extracted\n`);
    const failures: { line: number; error: string }[] = [];
    let finished = entries.length - todo.length;
    const byLine = new Map(entries.map((e) => [e.line, e]));
    // DICOM study folders need the site rules to find the series and the lesion masks.
    const rules = entries.some((e) => e.folder !== null)
      ? await readSiteRulesFile(
          typeof args.values.rules === 'string' ? path.resolve(io.cwd, args.values.rules) : undefined,
        )
      : null;
    await extractAll(todo, params, rules, workers, (outcome) => {
      finished++;
      const entry = byLine.get(outcome.line)!;
      if ('error' in outcome) {
        failures.push(outcome);
        io.stderr(
          `her2 features: [${finished}/${entries.length}] manifest line ${outcome.line} failed: ${outcome.error}\n`,
        );
        return;
      }
      done.set(entry.patient.patientId, outcome.row);
      const json = JSON.stringify({ patientId: entry.patient.patientId, row: outcome.row }, (_k, v) =>
        typeof v === 'number' && !Number.isFinite(v) ? null : v,
      );
      appendFileSync(progressFile, `${json}\n`);
      io.stderr(`her2 features: [${finished}/${entries.length}] manifest line ${outcome.line} done\n`);
    });
    writeFileSync(outFile, writeFeatureCsv(toDataset(entries, done)));
    const failuresFile = `${outFile}.failures.csv`;
    if (failures.length > 0) {
      failures.sort((a, b) => a.line - b.line);
      writeFileSync(
        failuresFile,
        formatCsv(
          ['manifest_line', 'error'],
          failures.map((f) => [f.line, f.error]),
        ),
      );
    }
    io.stdout(
      `Features of ${done.size} of ${entries.length} patients → ${outFile}` +
        (failures.length > 0
          ? `; ${failures.length} failed (see ${failuresFile}; run again to retry them)`
          : '') +
        '\n',
    );
    return failures.length > 0 ? 1 : 0;
  },
};
