// Child process of `npm run bench -- analysis`: one analysis of a study folder, so the peak RSS it
// reports is the analysis' own (as in a worker), not the study generator's.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeStudyFiles } from '../../src/analysis/index.js';
import { readFolderFiles } from '../../src/cli/read-folder.js';
import { readSiteRulesFile } from '../../src/dicom/recognition/index.js';
import { parseModelFile } from '../../src/model/index.js';

const [dir, modelFile, settingsHash] = process.argv.slice(2) as [string, string, string];
const start = performance.now();
const files = await readFolderFiles(dir);
const readMs = performance.now() - start;
const model = parseModelFile(JSON.parse(readFileSync(modelFile, 'utf8')), settingsHash);
const analysis = analyzeStudyFiles(files, {
  model,
  rules: await readSiteRulesFile(),
  software: { name: 'her2-radiomics', version: 'bench' },
  demoMode: true,
  contentDateTime: new Date(Date.UTC(2026, 0, 1)),
  now: () => performance.now(),
});
process.stdout.write(
  `${JSON.stringify({
    files: files.length,
    inputMiB: files.reduce((a, f) => a + f.bytes.length, 0) / 2 ** 20,
    readFilesMs: readMs,
    stages: analysis.stageDurationsMs,
    totalMs: performance.now() - start,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    lesions: analysis.srText.match(/HER-2 prediction/g)?.length ?? 0,
    outputs: analysis.outputs.map((o) => `${o.fileName} ${(o.bytes.length / 1024).toFixed(0)} KiB`),
  })}\n`,
);
