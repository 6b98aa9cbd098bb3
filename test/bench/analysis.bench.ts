import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildTestArtifact,
  EXTRACTION_YAML,
  type TestColumn,
} from '../../src/analysis/test-model.fixture.js';
import { formatModelFile, type ModelArtifact, runningSettingsHash } from '../../src/model/index.js';
import { FEATURE_CLASSES, parseParams } from '../../src/radiomics/index.js';
import { generateStudy, maskObjects } from '../../src/synth/index.js';

/**
 * `npm run bench -- analysis`: the study analysis on a clinical-size synthetic study (generator
 * defaults at size 'clinical'), time per stage and peak RSS, each run in its own process. Two
 * models: the shipped demo model, and one reading a feature of every class on every sequence ×
 * region (the most work a model can ask for with the product settings).
 */

/** One feature of every class the product settings enable, on every sequence × region. */
function everyClassColumns(): TestColumn[] {
  const names: Record<string, string> = {
    shape: 'Sphericity',
    firstorder: 'Mean',
    glcm: 'Contrast',
    glrlm: 'RunEntropy',
    glszm: 'ZoneEntropy',
    gldm: 'DependenceEntropy',
    ngtdm: 'Busyness',
  };
  return ['t2', 'dwi', 'dce'].flatMap((sequence) =>
    ['intra', 'peri'].flatMap((region) =>
      FEATURE_CLASSES.filter((c) => c in names).map((c) => ({
        column: `${sequence}_${region}_original_${c}_${names[c]}`,
        centre: 1,
        spread: 1,
      })),
    ),
  );
}

export function runAnalysisBench(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'her2-bench-analysis-'));
  try {
    let start = performance.now();
    const study = generateStudy({ seed: 1, index: 1, her2: 'positive', centre: 1, size: 'clinical' });
    const studyDir = path.join(dir, 'study');
    for (const s of study.series) {
      mkdirSync(path.join(studyDir, String(s.seriesNumber)), { recursive: true });
      s.instances.forEach((instance, n) => {
        writeFileSync(path.join(studyDir, String(s.seriesNumber), `${n}.dcm`), instance.bytes);
      });
    }
    mkdirSync(path.join(studyDir, 'masks'));
    for (const m of maskObjects(study)) writeFileSync(path.join(studyDir, 'masks', m.fileName), m.bytes);
    console.log(
      `clinical-size synthetic study: ${study.series.length} series, ${study.patient.lesions.length} lesion(s), generated in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    for (const s of study.series)
      console.log(`  ${s.description}: ${s.geometry.size.join('×')} voxels, ${s.instances.length} instances`);

    const hash = runningSettingsHash(parseParams(readFileSync(EXTRACTION_YAML, 'utf8')));
    const withHash = (artifact: ModelArtifact) => ({
      ...artifact,
      extraction: { ...artifact.extraction, settingsHash: hash },
    });
    const demoFile = path.resolve(import.meta.dirname, '../../models/demo-model.json');
    const models: Record<string, string> = {
      ...(existsSync(demoFile)
        ? { 'shipped demo model (models/demo-model.json)': readFileSync(demoFile, 'utf8') }
        : {}),
      'every class, every sequence × region': formatModelFile(
        withHash(buildTestArtifact(8, everyClassColumns())),
      ),
    };
    for (const [label, text] of Object.entries(models)) {
      const file = path.join(dir, 'model.json');
      writeFileSync(file, text);
      start = performance.now();
      const output = execFileSync(
        process.execPath,
        ['--import', 'tsx', path.resolve(import.meta.dirname, 'analysis-run.ts'), studyDir, file, hash],
        { encoding: 'utf8', maxBuffer: 1 << 24, cwd: path.resolve(import.meta.dirname, '../..') },
      );
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as {
        files: number;
        inputMiB: number;
        readFilesMs: number;
        stages: Record<string, number>;
        totalMs: number;
        maxRssMiB: number;
        outputs: string[];
      };
      console.log(`\nmodel: ${label}`);
      console.log(
        `  input: ${result.files} files, ${result.inputMiB.toFixed(1)} MiB; reading them ${result.readFilesMs.toFixed(0)} ms`,
      );
      for (const [stage, ms] of Object.entries(result.stages))
        console.log(`  ${stage.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms`);
      console.log(
        `  total      ${result.totalMs.toFixed(0).padStart(7)} ms in the analysis process (${((performance.now() - start) / 1000).toFixed(1)} s with process start)`,
      );
      console.log(`  peak RSS   ${result.maxRssMiB.toFixed(0).padStart(7)} MiB`);
      console.log(`  outputs:   ${result.outputs.join(', ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
