// `npm run bench -- <name> [...]`: benchmarks print numbers; no test asserts on speed.
import { runAnalysisBench } from './analysis.bench.js';
import { runExtractionBench } from './filters.bench.js';
import { runForestBenchmark } from './forest.bench.js';
import { runLoadBench } from './load.bench.js';
import { runRadiomicsBench } from './radiomics.bench.js';
import { runShapeBench } from './shape.bench.js';
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
