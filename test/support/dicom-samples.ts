import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPart10 } from '../../src/dicom/part10.js';
import type { NamedDataset } from '../../src/dicom/series-volume.js';

/** The repository root (this file is test/support/dicom-samples.ts). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** shared/ sits beside the repository (CI clones the repo next to it). */
export const sharedDir = path.resolve(repoRoot, '../shared');
export const samplesDir = path.join(sharedDir, 'dicom-samples');

export function samplePath(relative: string): string {
  return path.join(samplesDir, relative);
}

export function readSampleBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(samplePath(relative)));
}

export function readSample(relative: string): NamedDataset {
  return { name: relative, dataset: readPart10(readSampleBytes(relative), relative).dataset };
}

/** Every `.dcm` or extension-less file (not LICENSE/README) in a sample folder that `accept`s its name, sorted. */
export function readSampleDir(
  relative: string,
  accept: (name: string) => boolean = () => true,
): NamedDataset[] {
  const dir = samplePath(relative);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.dcm') || !(n.includes('.') || /^(LICENSE|README)/.test(n)))
    .filter(accept)
    .sort();
  return names.map((n) => readSample(path.join(relative, n)));
}

export const samplesAvailable = existsSync(samplesDir);

/** expected.json of the samples. */
export function expectedSamples(): Record<string, Record<string, Record<string, unknown>>> {
  return JSON.parse(readFileSync(path.join(samplesDir, 'expected.json'), 'utf8'));
}
