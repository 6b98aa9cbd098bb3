import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runStudy } from '../../src/cli/commands/study.js';
import { parseCsvText } from '../../src/model/csv.js';
import { checkStudy, type LatentTruth, sampleOracleAuc } from '../../src/model/training/index.js';
import { formatStudyTable } from '../../src/report/index.js';
import { oracleAuc } from '../../src/synth/index.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** Label and latent scores of the patients of one split, from the cohort's manifest and ground truth. */
export async function latentTruth(cohortDir: string, split: string): Promise<LatentTruth[]> {
  const read = async (name: string) => {
    const csv = parseCsvText(await readFile(path.join(cohortDir, name), 'utf8'), name);
    return csv.rows.map((r) => Object.fromEntries(csv.header.map((h, j) => [h, r.cells[j]!])));
  };
  const splitOf = new Map((await read('manifest.csv')).map((r) => [r.patient_id, r.split]));
  return (await read('ground-truth.csv'))
    .filter((r) => splitOf.get(r.patient_id!) === split)
    .map((r) => ({
      label: r.label === '1' ? 1 : 0,
      latentOedema: Number(r.latent_oedema),
      latentVascular: Number(r.latent_vascular),
      latentIntratumoral: Number(r.latent_intratumoral),
    }));
}

/**
 * The three-seed check of issue #7: for each generator seed, the whole synthetic study (266 patients,
 * product extraction settings, eight models) and whether the all-sequence peritumoral model has the
 * highest external-test AUC and is consistent with the oracle ceiling on the same patients. Study
 * folders live in .tmp/study/seed-N, so a second run reuses cohorts and features.
 */
export async function runStudyBenchmark(seeds: readonly string[] = ['1', '2', '3']): Promise<void> {
  const io = {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (_t: string) => {},
    env: process.env,
    cwd: root,
  };
  const lines: string[] = [];
  for (const seed of seeds) {
    const out = path.join(root, '.tmp/study', `seed-${seed}`);
    console.log(`seed ${seed}: study in ${out} (cohort ~5 min and features ~1.5 min when not there yet)…`);
    const result = await runStudy(io, {
      out,
      seed,
      patients: 266,
      size: 'small',
      workers: os.availableParallelism(),
      paramsFile: path.join(root, 'config/extraction.yaml'),
    });
    const check = checkStudy(
      result.metrics,
      sampleOracleAuc(await latentTruth(path.join(out, 'cohort'), 'test')),
    );
    const s = result.seconds;
    console.log(`\n== seed ${seed} (${out})\n${formatStudyTable(result.metrics)}`);
    console.log(
      `time: cohort ${s.cohort.toFixed(0)} s, features ${s.features.toFixed(0)} s, training ${s.training.toFixed(0)} s, report ${s.report.toFixed(0)} s`,
    );
    lines.push(
      `seed ${seed}: all_peri external ${check.auc.toFixed(3)} (${check.ci[0].toFixed(3)}–${check.ci[1].toFixed(3)}), ` +
        `best other ${check.runnerUp.name} ${check.runnerUp.auc.toFixed(3)} → all_peri highest: ${check.highest ? 'yes' : 'NO'}; ` +
        `oracle on these patients ${check.oracle.toFixed(3)} → not above it: ${check.consistentWithOracle ? 'yes' : 'NO'}, ` +
        `oracle inside the CI: ${check.oracleInsideCi ? 'yes' : 'no'}`,
    );
  }
  console.log(`\nPopulation oracle AUC ${oracleAuc().toFixed(3)}`);
  for (const line of lines) console.log(line);
}
