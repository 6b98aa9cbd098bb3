import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type GeneratedStudy,
  generateStudy,
  groundTruth,
  maskObjects,
  type StudyGroundTruth,
  type StudyOptions,
} from '../synth/index.js';

/** A folder name that sorts and reads well: "003-Ax_T2_FRFSE". */
function seriesFolder(seriesNumber: number, description: string): string {
  return `${String(seriesNumber).padStart(3, '0')}-${description.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '')}`;
}

/**
 * Generates one synthetic study and writes it under `dir`: one folder per series (one file per
 * instance), the masks under `masks/`, and `ground-truth.json`.
 */
export async function writeSyntheticStudy(options: StudyOptions, dir: string): Promise<StudyGroundTruth> {
  const study: GeneratedStudy = generateStudy(options);
  const masks = maskObjects(study);
  for (const series of study.series) {
    const folder = join(dir, seriesFolder(series.seriesNumber, series.description));
    await mkdir(folder, { recursive: true });
    for (const [n, instance] of series.instances.entries()) {
      await writeFile(join(folder, `IM${String(n + 1).padStart(4, '0')}.dcm`), instance.bytes);
    }
  }
  await mkdir(join(dir, 'masks'), { recursive: true });
  for (const mask of masks) await writeFile(join(dir, 'masks', mask.fileName), mask.bytes);
  const truth = groundTruth(study, masks);
  await writeFile(join(dir, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}
