import { AppError } from '../../errors/index.js';
import type { Mask, Volume } from '../../volume/index.js';
import type { GrayImage } from './pdf-writer.js';

/**
 * The picture for the companion: the axial slice where the tumour is largest, cropped around the
 * tumour and its ring with a margin, windowed to the 1st-99th percentile of the crop, and the
 * outlines of the tumour and of the ring as pixel-edge segments (exact boundaries, no smoothing).
 */

export interface LesionSnapshot {
  readonly image: GrayImage;
  /** In-plane voxel size (x, y) in mm, so the picture keeps its aspect ratio. */
  readonly pixelSpacing: readonly [number, number];
  /** Slice index (z) shown. */
  readonly slice: number;
  /** Pixel edges between inside and outside, in image pixel units, origin top-left: [x1, y1, x2, y2]. */
  readonly tumourOutline: [number, number, number, number][];
  readonly ringOutline: [number, number, number, number][];
}

function sameGrid(a: Volume, b: Volume, what: string): void {
  const [ax, ay, az] = a.geometry.size;
  const [bx, by, bz] = b.geometry.size;
  if (ax !== bx || ay !== by || az !== bz) {
    throw new AppError('snapshot_grid_mismatch', `${what} is ${bx}x${by}x${bz}, the image ${ax}x${ay}x${az}`);
  }
}

function edges(
  inside: (x: number, y: number) => boolean,
  x0: number,
  y0: number,
  w: number,
  h: number,
): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inside(x0 + x, y0 + y)) continue;
      if (!inside(x0 + x - 1, y0 + y)) out.push([x, y, x, y + 1]);
      if (!inside(x0 + x + 1, y0 + y)) out.push([x + 1, y, x + 1, y + 1]);
      if (!inside(x0 + x, y0 + y - 1)) out.push([x, y, x + 1, y]);
      if (!inside(x0 + x, y0 + y + 1)) out.push([x, y + 1, x + 1, y + 1]);
    }
  }
  return out;
}

export function lesionSnapshot(image: Volume, tumour: Mask, ring: Mask, margin = 8): LesionSnapshot {
  sameGrid(image, tumour, 'tumour mask');
  sameGrid(image, ring, 'ring mask');
  const [nx, ny, nz] = image.geometry.size;
  const plane = nx * ny;
  let best = -1;
  let bestCount = 0;
  for (let z = 0; z < nz; z++) {
    let count = 0;
    for (let i = z * plane; i < (z + 1) * plane; i++) if (tumour.data[i]) count++;
    if (count > bestCount) {
      bestCount = count;
      best = z;
    }
  }
  if (best < 0) throw new AppError('mask_empty', 'tumour mask is empty: nothing to show in the companion');
  const base = best * plane;
  let xlo = nx;
  let ylo = ny;
  let xhi = -1;
  let yhi = -1;
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const i = base + y * nx + x;
      if (tumour.data[i] || ring.data[i]) {
        xlo = Math.min(xlo, x);
        xhi = Math.max(xhi, x);
        ylo = Math.min(ylo, y);
        yhi = Math.max(yhi, y);
      }
    }
  }
  xlo = Math.max(0, xlo - margin);
  ylo = Math.max(0, ylo - margin);
  xhi = Math.min(nx - 1, xhi + margin);
  yhi = Math.min(ny - 1, yhi + margin);
  const w = xhi - xlo + 1;
  const h = yhi - ylo + 1;
  const values = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) values[y * w + x] = Number(image.data[base + (ylo + y) * nx + xlo + x]);
  }
  const sorted = Float64Array.from(values).sort();
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))]!;
  const hi = sorted[Math.ceil(0.99 * (sorted.length - 1))]!;
  const span = hi > lo ? hi - lo : 1;
  const pixels = new Uint8Array(w * h);
  for (let n = 0; n < values.length; n++) {
    pixels[n] = Math.round(255 * Math.min(1, Math.max(0, (values[n]! - lo) / span)));
  }
  const at = (mask: Mask) => (x: number, y: number) =>
    x >= 0 && y >= 0 && x < nx && y < ny && mask.data[base + y * nx + x] !== 0;
  return {
    image: { width: w, height: h, pixels },
    pixelSpacing: [image.geometry.spacing[0], image.geometry.spacing[1]],
    slice: best,
    tumourOutline: edges(at(tumour), xlo, ylo, w, h),
    ringOutline: edges(at(ring), xlo, ylo, w, h),
  };
}
