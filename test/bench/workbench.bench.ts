import { performance } from 'node:perf_hooks';
import { cpuUsage } from 'node:process';
import { createXoshiro128 } from '../../src/model/forest/index.js';
import { parseModelsConfig } from '../../src/model/models-config.js';
import {
  fitSelectionFunnel,
  selectFeatures,
  selectRows,
  stratifiedFoldIds,
} from '../../src/model/selection/index.js';
import { candidateColumns, trainStudy } from '../../src/model/training/index.js';
import { syntheticFeatureDataset } from '../support/synthetic-features.js';

/** What the workbench benchmark measured. */
export interface WorkbenchBenchResult {
  readonly featuresPerGroup: number;
  readonly trainingRows: number;
  /** Candidate columns per model, in model order. */
  readonly candidates: readonly number[];
  /** Wall time of the eight selection funnels alone, ms. */
  readonly selectionMs: number;
  /** Wall and CPU time of the whole `trainStudy` (selection, 8 × 500-tree forests, OOB, importance, evaluation, DeLong), ms. */
  readonly totalWallMs: number;
  readonly totalCpuMs: number;
}

/**
 * The study's training on the cao2025 cohort plan (140 training rows of 266): the eight default
 * models (500 trees each, balanced, √p) on a synthetic table with `featuresPerGroup` columns per
 * sequence × region (so single-sequence models see that many candidates, all-sequence models three
 * times as many). Target: under 30 s for the whole study.
 */
export function runWorkbenchBenchmark(featuresPerGroup = 200): WorkbenchBenchResult {
  const dataset = syntheticFeatureDataset({
    seed: 2026,
    featuresPerGroup,
    informativePerGroup: 5,
    effect: 0.8,
  });
  const config = parseModelsConfig({});
  const trainRows = dataset.patients.flatMap((p, i) => (p.split === 'train' ? [i] : []));
  const labels = Uint8Array.from(trainRows, (i) => dataset.patients[i]!.label);
  const candidates = config.models.map((m) => candidateColumns(m, dataset.features.featureNames).length);

  const selectionStart = performance.now();
  for (const model of config.models) {
    const table = selectRows(
      selectFeatures(dataset.features, candidateColumns(model, dataset.features.featureNames)),
      trainRows,
    );
    const rng = createXoshiro128(1);
    fitSelectionFunnel(table, labels, {
      foldIds: stratifiedFoldIds(labels, config.folds, () => rng.nextFloat()),
    });
  }
  const selectionMs = performance.now() - selectionStart;

  const cpuStart = cpuUsage();
  const start = performance.now();
  const run = trainStudy(dataset, config, 'bench');
  const totalWallMs = performance.now() - start;
  const cpu = cpuUsage(cpuStart);
  const totalCpuMs = (cpu.user + cpu.system) / 1000;

  const result = {
    featuresPerGroup,
    trainingRows: trainRows.length,
    candidates,
    selectionMs,
    totalWallMs,
    totalCpuMs,
  };
  console.log(
    `workbench: ${trainRows.length} training rows, candidates per model ${candidates.join('/')}; ` +
      `8 selection funnels ${(selectionMs / 1000).toFixed(2)} s; whole study (selection + 8 × 500 trees + OOB + ` +
      `importance + evaluation + DeLong) ${(totalWallMs / 1000).toFixed(1)} s wall, ${(totalCpuMs / 1000).toFixed(1)} s CPU`,
  );
  for (const model of run.metrics.models) {
    console.log(`  ${model.name.padEnd(10)} selected ${String(model.selectedFeatures.length).padStart(3)}`);
  }
  return result;
}
