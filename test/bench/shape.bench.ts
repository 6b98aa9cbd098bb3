import { computeShapeFeatures, type ShapeInput } from '../../src/radiomics/families/shape.js';

/**
 * Irregular blob of about `target` voxels: a ball whose radius is modulated by a smooth angular
 * pattern (deterministic, no PRNG), at a typical breast-MRI spacing.
 */
export function irregularBlob(target: number): ShapeInput {
  const spacing: [number, number, number] = [0.7, 0.7, 1.5];
  // volume ≈ 4/3 π r³ in voxel units (r scaled per axis by spacing)
  const r = Math.cbrt((3 * target) / (4 * Math.PI));
  const rx = r * Math.cbrt((spacing[1] * spacing[2]) / (spacing[0] * spacing[0])) * 1.0;
  const scale = [rx, rx * (spacing[0] / spacing[1]), (rx * spacing[0]) / spacing[2]];
  const size = scale.map((s) => Math.ceil(2.6 * s) + 2) as [number, number, number];
  const mask = new Uint8Array(size[0] * size[1] * size[2]);
  for (let z = 0; z < size[2]; z++)
    for (let y = 0; y < size[1]; y++)
      for (let x = 0; x < size[0]; x++) {
        const u = (x - size[0] / 2) / scale[0]!;
        const v = (y - size[1] / 2) / scale[1]!;
        const w = (z - size[2] / 2) / scale[2]!;
        const rho = Math.hypot(u, v, w);
        const bump = 1 + 0.18 * Math.sin(3 * Math.atan2(v, u)) * Math.cos(2 * Math.acos(w / (rho || 1)));
        mask[x + size[0] * (y + size[1] * z)] = rho <= bump ? 1 : 0;
      }
  return { size, spacing, mask };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of the full shape family on ~10k, 100k and 1M voxel ROIs; prints and returns them. */
export function runShapeBench(repeats = 5): { voxels: number; medianMs: number }[] {
  const rows: { voxels: number; medianMs: number }[] = [];
  for (const target of [10_000, 100_000, 1_000_000]) {
    const roi = irregularBlob(target);
    let voxels = 0;
    for (const m of roi.mask) voxels += m;
    const times: number[] = [];
    for (let k = 0; k < 3; k++) computeShapeFeatures(roi); // warm-up (JIT)
    for (let k = 0; k < repeats; k++) {
      const t0 = performance.now();
      computeShapeFeatures(roi);
      times.push(performance.now() - t0);
    }
    const medianMs = median(times);
    rows.push({ voxels, medianMs });
    console.log(
      `shape: ${voxels} voxels (${roi.size.join('×')} box): median ${medianMs.toFixed(1)} ms over ${repeats}`,
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) runShapeBench();
