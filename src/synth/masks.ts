import type { Geometry } from '../volume/index.js';
import { createNoise } from './noise.js';
import type { Random } from './random.js';
import type { Scene } from './scene.js';

/**
 * A reader's manual mask of each lesion on one grid. Manual outlines differ between sequences and
 * readers: each (sequence, reader) pair gets its own bias (a slightly generous or tight outline)
 * and a smooth wobble of the border, so masks disagree by about a voxel, as real ones do.
 */
export interface ReaderStyle {
  /** Outline offset from the true surface (mm; positive = generous). */
  biasMm: number;
  /** Amplitude of the border wobble (mm). */
  wobbleMm: number;
}

export function drawReaderStyle(random: Random): ReaderStyle {
  return { biasMm: random.uniform(-0.4, 0.8), wobbleMm: random.uniform(0.3, 0.9) };
}

/** One binary mask per lesion (1 inside), sampled at voxel centres. */
export function drawLesionMasks(
  scene: Scene,
  grid: Geometry,
  style: ReaderStyle,
  random: Random,
): Uint8Array[] {
  const wobble = createNoise(random, 5, 2, 0.5);
  const [nx, ny, nz] = grid.size;
  const masks = scene.patient.lesions.map(() => new Uint8Array(nx * ny * nz));
  let n = 0;
  for (let k = 0; k < nz; k++) {
    const z = grid.origin[2] + k * grid.spacing[2];
    for (let j = 0; j < ny; j++) {
      const y = grid.origin[1] + j * grid.spacing[1];
      for (let i = 0; i < nx; i++, n++) {
        const x = grid.origin[0] + i * grid.spacing[0];
        const { distance, lesion } = scene.lesionDistance(x, y, z);
        if (lesion < 0) continue;
        if (distance < style.biasMm + style.wobbleMm * wobble.at(x, y, z)) masks[lesion]![n] = 1;
      }
    }
  }
  return masks;
}
