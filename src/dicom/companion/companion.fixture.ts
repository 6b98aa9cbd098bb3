import type { GeneratedStudy } from '../../synth/study.js';
import { createVolume, type Mask, type Volume } from '../../volume/index.js';
import { readDataset } from '../sr/reader.js';

/**
 * Test support: the DCE volume of a synthetic study decoded from its DICOM instances (so the
 * picture comes from real Part-10 bytes), reader 1's lesion mask on it, and a 3 mm ring drawn
 * here by brute-force physical distance (the project's ring lives in src/volume on another branch).
 */

export function dceVolumeAndMasks(study: GeneratedStudy): { image: Volume; tumour: Mask; ring: Mask } {
  const mask = study.masks.find((m) => m.sequence === 'dce' && m.reader === 1)!;
  const series =
    study.series.find((s) => s.seriesInstanceUid === mask.seriesInstanceUid) ??
    study.series.find((s) => s.description.endsWith('ph2'))!;
  const geometry = mask.geometry;
  const [nx, ny, nz] = geometry.size;
  const data = new Float64Array(nx * ny * nz);
  const byUid = new Map(series.instances.map((i) => [i.sopInstanceUid, i]));
  series.sliceSopInstanceUids.forEach((uid, z) => {
    const ds = readDataset(byUid.get(uid)!.bytes);
    const raw = ds.PixelData as ArrayBuffer[];
    const pixels = new Uint16Array(raw[0]!);
    for (let i = 0; i < nx * ny; i++) data[z * nx * ny + i] = pixels[i]!;
  });
  const tumourData = mask.lesions[0]!;
  const ringData = new Uint8Array(tumourData.length);
  const [sx, sy, sz] = geometry.spacing;
  const rx = Math.ceil(3 / sx);
  const ry = Math.ceil(3 / sy);
  const rz = Math.ceil(3 / sz);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = (z * ny + y) * nx + x;
        if (tumourData[i]) continue;
        search: for (let dz = -rz; dz <= rz; dz++)
          for (let dy = -ry; dy <= ry; dy++)
            for (let dx = -rx; dx <= rx; dx++) {
              const X = x + dx;
              const Y = y + dy;
              const Z = z + dz;
              if (X < 0 || Y < 0 || Z < 0 || X >= nx || Y >= ny || Z >= nz) continue;
              if (!tumourData[(Z * ny + Y) * nx + X]) continue;
              if ((dx * sx) ** 2 + (dy * sy) ** 2 + (dz * sz) ** 2 <= 9) {
                ringData[i] = 1;
                break search;
              }
            }
      }
  return {
    image: createVolume(geometry, data),
    tumour: createVolume(geometry, tumourData),
    ring: createVolume(geometry, ringData),
  };
}
