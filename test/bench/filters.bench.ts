import {
  applyImageType,
  cropForFilter,
  type FilterSettings,
  imageTypePadding,
} from '../../src/radiomics/filters/index.js';
import { extract, featureFamilies, parseParams } from '../../src/radiomics/index.js';
import { boundingBox, IDENTITY, type Mask, type Vec3, type Volume } from '../../src/volume/index.js';

/**
 * Synthetic textured breast-MRI-like image (0.7×0.7×1.5 mm) with an ellipsoidal ROI of about
 * `target` voxels in its middle. Deterministic (no PRNG): sums of sines plus a hashed texture.
 */
export function texturedImageWithRoi(target: number): { image: Volume<Float32Array>; mask: Mask } {
  const spacing: Vec3 = [0.7, 0.7, 1.5];
  const r = Math.cbrt((3 * target) / (4 * Math.PI)); // ball radius in "voxel-volume" units
  const radii = [r * Math.cbrt(1.5 / 0.7) ** 0, r, r].map((v, d) => (d === 2 ? (v * 0.7) / 1.5 : v));
  // keep voxel count ≈ target: scale x,y up so that rx·ry·rz = r³
  const k = Math.sqrt((r * r * r) / (radii[0]! * radii[1]! * radii[2]!));
  const rx = radii[0]! * k;
  const ry = radii[1]! * k;
  const rz = radii[2]!;
  const size: Vec3 = [Math.ceil(2 * rx) + 120, Math.ceil(2 * ry) + 120, Math.ceil(2 * rz) + 50];
  const n = size[0] * size[1] * size[2];
  const data = new Float32Array(n);
  const mask = new Uint8Array(n);
  let p = 0;
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++, p++) {
        const hash = ((x * 73856093) ^ (y * 19349663) ^ (z * 83492791)) >>> 0;
        data[p] = 300 + 80 * Math.sin(x / 4) * Math.cos(y / 5) + 40 * Math.sin(z / 2) + (hash % 61) - 30;
        const u = (x - size[0] / 2) / rx;
        const v = (y - size[1] / 2) / ry;
        const w = (z - size[2] / 2) / rz;
        mask[p] = u * u + v * v + w * w <= 1 ? 1 : 0;
      }
  const geometry = { size, spacing, origin: [0, 0, 0] as Vec3, direction: IDENTITY };
  return { image: { geometry, data }, mask: { geometry, data: mask } };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** One run: crop with each image type's padding, filter, and read the ROI voxels of every image. */
function runOnce(image: Volume<Float32Array>, mask: Mask, types: [string, FilterSettings][]): number {
  const box = boundingBox(mask, 1)!;
  let images = 0;
  let checksum = 0;
  for (const [type, settings] of types) {
    const padding = imageTypePadding(type, settings, image.geometry.spacing);
    const { volume, offset } = cropForFilter(image, box, padding);
    const cropSize = volume.geometry.size;
    for (const filtered of applyImageType(volume, type, settings).images) {
      images++;
      // gather ROI values as the extractor will
      for (let z = box.lo[2]; z <= box.hi[2]; z++)
        for (let y = box.lo[1]; y <= box.hi[1]; y++)
          for (let x = box.lo[0]; x <= box.hi[0]; x++) {
            if (mask.data[x + mask.geometry.size[0] * (y + mask.geometry.size[1] * z)] !== 1) continue;
            checksum +=
              filtered.volume.data[
                x - offset[0] + cropSize[0] * (y - offset[1] + cropSize[1] * (z - offset[2]))
              ]!;
          }
    }
  }
  if (!Number.isFinite(checksum)) throw new Error('non-finite filter output');
  return images;
}

/**
 * "Original + LoG (3 sigmas) + Wavelet" on a ~100k-voxel ROI: median wall time and peak RSS.
 * Original needs no filtering, so until the extractor is wired in this times the derived images
 * (crop with padding, filter, gather ROI values). Prints and returns the numbers.
 */
export function runFiltersBench(repeats = 3): {
  roiVoxels: number;
  images: number;
  medianMs: number;
  medianCpuMs: number;
  peakRssMiB: number;
} {
  const { image, mask } = texturedImageWithRoi(100_000);
  let roiVoxels = 0;
  for (const m of mask.data) roiVoxels += m;
  const types: [string, FilterSettings][] = [
    // one crop per sigma, as the extractor does
    ['LoG', { sigma: [1] }],
    ['LoG', { sigma: [2] }],
    ['LoG', { sigma: [3] }],
    ['Wavelet', { wavelet: 'coif1', level: 1 }],
  ];
  runOnce(image, mask, types); // warm-up (JIT)
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let images = 0;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    images = runOnce(image, mask, types);
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  const medianMs = median(times);
  // CPU time too: on a shared machine wall time mostly measures the neighbours' load.
  const medianCpuMs = median(cpuTimes);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `filters: ROI ${roiVoxels} voxels in ${image.geometry.size.join('×')} image, LoG σ 1/2/3 mm + Wavelet coif1 ` +
      `(${images} images): median ${medianMs.toFixed(0)} ms wall, ${medianCpuMs.toFixed(0)} ms CPU over ${repeats}, ` +
      `peak RSS ${peakRssMiB.toFixed(0)} MiB\n`,
  );
  return { roiVoxels, images, medianMs, medianCpuMs, peakRssMiB };
}

/**
 * The full extraction "Original + LoG (σ 1, 2, 3 mm) + Wavelet (coif1)" with PyRadiomics' default
 * feature classes on the same ~100k-voxel ROI: median wall and CPU time, peak RSS.
 */
export function runExtractionBench(repeats = 3): {
  features: number;
  medianMs: number;
  medianCpuMs: number;
  peakRssMiB: number;
} {
  const { image, mask } = texturedImageWithRoi(100_000);
  const params = parseParams(
    'imageType: {Original: {}, LoG: {sigma: [1.0, 2.0, 3.0]}, Wavelet: {}}\nsetting: {binWidth: 25}',
  );
  let features = Object.keys(extract(image, mask, params, featureFamilies)).length; // warm-up
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    features = Object.keys(extract(image, mask, params, featureFamilies)).length;
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  const medianMs = median(times);
  const medianCpuMs = median(cpuTimes);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `extract Original + LoG×3 + Wavelet (${features} keys, default classes): median ${medianMs.toFixed(0)} ms wall, ` +
      `${medianCpuMs.toFixed(0)} ms CPU over ${repeats}, peak RSS ${peakRssMiB.toFixed(0)} MiB\n`,
  );
  return { features, medianMs, medianCpuMs, peakRssMiB };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runFiltersBench();
  runExtractionBench();
}
