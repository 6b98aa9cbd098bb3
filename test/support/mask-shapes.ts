import { indexToPhysical, type Mask, type Volume } from '../../src/volume/index.js';

/** Test shapes drawn in physical space on a real image grid (sphere, torus with a hole, two blobs). */
export type Shape = 'sphere' | 'torus' | 'two-blobs';

export function shapeMask(image: Volume, shape: Shape): Mask {
  const g = image.geometry;
  const [nx, ny, nz] = g.size;
  const centre = indexToPhysical(g, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
  const data = new Uint8Array(nx * ny * nz);
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, n++) {
        const p = indexToPhysical(g, i, j, k);
        const d = [p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]];
        let inside = false;
        if (shape === 'sphere') inside = Math.hypot(d[0]!, d[1]!, d[2]!) <= 20;
        else if (shape === 'torus') {
          // axis along the slice normal (z for axial images): a ring with a hole in every slice
          const radial = Math.hypot(d[0]!, d[1]!) - 18;
          inside = Math.hypot(radial, d[2]!) <= 8;
        } else {
          inside = Math.hypot(d[0]! - 15, d[1]!, d[2]!) <= 9 || Math.hypot(d[0]! + 17, d[1]! - 5, d[2]!) <= 7;
        }
        data[n] = inside ? 1 : 0;
      }
    }
  }
  return { geometry: g, data };
}
