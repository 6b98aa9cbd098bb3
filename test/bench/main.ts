// `npm run bench -- <name> [...]`: benchmarks print numbers; no test asserts on speed.
import { runAnalysisBench } from './analysis.bench.js';
import { runExtractionBench } from './filters.bench.js';
import { runForestBenchmark } from './forest.bench.js';
import { runLoadBench } from './load.bench.js';
import { runPipelineBenchmark } from './pipeline.bench.js';
import { runRadiomicsBench } from './radiomics.bench.js';
import { runShapeBench } from './shape.bench.js';
import { runStudyBenchmark } from './study.bench.js';
import { runWorkbenchBenchmark } from './workbench.bench.js';

const benches: Record<string, { description: string; run: () => unknown }> = {
  radiomics: {
    description:
      'feature extraction per class, 10k/100k/1M-voxel ROIs, time and peak memory; then Original + LoG (3 sigmas) + Wavelet on 100k voxels',
    run: () => {
      runRadiomicsBench();
      runExtractionBench();
    },
  },
  shape: {
    description: 'the shape family alone (marching cubes, hull-based diameters)',
    run: () => runShapeBench(),
  },
  forest: {
    description: 'eight random forests of 500 trees on a 140-patient table',
    run: () => runForestBenchmark(),
  },
  pipeline: {
    description:
      'a clinical-size synthetic study through Orthanc, listener and worker processes: StableStudy → SR stored per stage, worker peak RSS, studies/hour with 1 and 2 workers',
    run: () => runPipelineBenchmark(),
  },
  load: {
    description:
      '200 queued tiny studies, 2 worker processes, local Redis with AOF: throughput, exactly-once, peak RSS per worker',
    run: () => runLoadBench(),
  },
  analysis: {
    description:
      'the study analysis (SEG, SR, PDF) on a clinical-size synthetic study: time per stage and peak RSS',
    run: () => runAnalysisBench(),
  },
  study: {
    description:
      'the synthetic study over generator seeds 1–3 (266 patients each; STUDY_SEEDS=1,2,3,4 for others): per-seed tables, whether all_peri wins the external test',
    run: () => runStudyBenchmark((process.env.STUDY_SEEDS ?? '1,2,3').split(',')),
  },
  workbench: {
    description:
      'the study training: selection + eight 500-tree models on 140 training rows (200/600 columns)',
    run: () => runWorkbenchBenchmark(),
  },
};

const names = process.argv.slice(2);
if (names.length === 0 || names.some((n) => !(n in benches))) {
  console.log('Usage: npm run bench -- <name> [...]\n');
  for (const [name, b] of Object.entries(benches)) console.log(`  ${name.padEnd(12)}${b.description}`);
  process.exit(names.length === 0 ? 0 : 2);
}
for (const name of names) await benches[name]!.run();
