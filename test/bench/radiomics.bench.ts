import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { extract } from '../../src/radiomics/extractor.js';
import { featureFamilies } from '../../src/radiomics/registry.js';
import { resolveParams } from '../../src/radiomics/settings.js';
import { createNoise } from '../../src/synth/noise.js';
import { createRandom } from '../../src/synth/random.js';
import { createVolume, IDENTITY, type Mask, type Volume } from '../../src/volume/index.js';
import { irregularBlob } from './shape.bench.js';

/**
 * `npm run bench -- radiomics`: median extraction time per feature class and in total for ROIs
 * of about 10 k, 100 k and 1 M voxels of a synthetic textured image (default settings: Original,
 * all classes, binWidth 25), and peak memory (max RSS) of a process that runs one class.
 */

const CLASSES = ['shape', 'firstorder', 'glcm', 'glrlm', 'glszm', 'gldm', 'ngtdm'] as const;
const SIZES = [10_000, 100_000, 1_000_000];

/** An MR-like image around the blob: smooth texture plus noise, int16 as scanners store it. */
export function benchCase(target: number): { image: Volume; mask: Mask; voxels: number } {
  const blob = irregularBlob(target);
  const pad = 4;
  const size: [number, number, number] = [
    blob.size[0] + 2 * pad,
    blob.size[1] + 2 * pad,
    blob.size[2] + 2 * pad,
  ];
  const geometry = { size, spacing: blob.spacing, origin: [0, 0, 0] as const, direction: IDENTITY };
  const random = createRandom(`bench/${target}`);
  const texture = createNoise(random, 4, 3);
  const image = new Int16Array(size[0] * size[1] * size[2]);
  const mask = new Uint8Array(image.length);
  let voxels = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++) {
        const n = x + size[0] * (y + size[1] * z);
        image[n] = Math.round(400 + 250 * texture.at(x * 0.7, y * 0.7, z * 1.5) + 30 * random.normal());
        const bx = x - pad;
        const by = y - pad;
        const bz = z - pad;
        if (bx < 0 || by < 0 || bz < 0 || bx >= blob.size[0] || by >= blob.size[1] || bz >= blob.size[2])
          continue;
        const inside = blob.mask[bx + blob.size[0] * (by + blob.size[1] * bz)]!;
        mask[n] = inside;
        voxels += inside;
      }
  return { image: createVolume(geometry, image), mask: createVolume(geometry, mask), voxels };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeExtraction(
  target: number,
  featureClass: string | null,
  repeats: number,
): { voxels: number; ms: number } {
  const { image, mask, voxels } = benchCase(target);
  const params = resolveParams({
    setting: { binWidth: 25, additionalInfo: false },
    ...(featureClass ? { featureClass: { [featureClass]: null } } : {}),
  });
  extract(image, mask, params, featureFamilies); // warm-up (JIT)
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    extract(image, mask, params, featureFamilies);
    times.push(performance.now() - t0);
  }
  return { voxels, ms: median(times) };
}

/** Runs one class once in this process and prints its max RSS (used through a child process). */
function peakMemoryChild(target: number, featureClass: string): void {
  timeExtraction(target, featureClass === 'all' ? null : featureClass, 1);
  console.log(JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function peakMemory(target: number, featureClass: string): number {
  // A fresh node process that runs only this file's child branch (never the caller's own argv).
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(target), featureClass],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!).maxRssMiB;
}

export function runRadiomicsBench(options: { sizes?: number[]; repeats?: number } = {}): void {
  const sizes = options.sizes ?? SIZES;
  console.log(
    'radiomics: default settings (Original, binWidth 25), single thread; median of repeats after warm-up',
  );
  console.log(
    ['ROI voxels', 'class', 'median ms', 'ms per 1k voxels', 'peak RSS MiB (own process)'].join(' | '),
  );
  for (const target of sizes) {
    const repeats = options.repeats ?? (target >= 1_000_000 ? 3 : 5);
    for (const featureClass of [...CLASSES, 'all'] as const) {
      const { voxels, ms } = timeExtraction(target, featureClass === 'all' ? null : featureClass, repeats);
      const rss = peakMemory(target, featureClass);
      console.log(
        [voxels, featureClass, ms.toFixed(1), ((1000 * ms) / voxels).toFixed(3), rss.toFixed(0)].join(' | '),
      );
    }
  }
}

const isEntryPoint = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isEntryPoint && process.argv[2] === '--child') peakMemoryChild(Number(process.argv[3]), process.argv[4]!);
