import { AppError } from '../../errors/index.js';
import type { Vec3 } from '../../volume/index.js';
import type { WholeImageInput } from '../families/local-intensity.js';
import type { RoiInput } from '../feature-family.js';

/** `digital_phantom.json` as shipped in shared/reference/ibsi1 (x fastest, then y, then z). */
export interface DigitalPhantomJson {
  readonly dims: readonly number[];
  readonly spacing: readonly number[];
  readonly intensities: readonly number[];
  readonly mask: readonly number[];
}

/** The phantom as our families take it: no discretisation, levels = intensities, N_g = 6. */
export interface IbsiPhantom {
  readonly roi: RoiInput;
  readonly whole: WholeImageInput;
}

/** IBSI: "no discretisation", grey levels 1..6 (2 and 5 absent), so N_g = 6. */
export const PHANTOM_GREY_LEVELS = 6;

export function phantomInputs(json: DigitalPhantomJson): IbsiPhantom {
  const size = json.dims as unknown as Vec3;
  const spacing = json.spacing as unknown as Vec3;
  const n = size[0] * size[1] * size[2];
  if (json.intensities.length !== n || json.mask.length !== n) {
    throw new AppError('phantom_invalid', `IBSI phantom: ${n} voxels expected for dims ${size.join('×')}`);
  }
  const image = Float64Array.from(json.intensities);
  const mask = Uint8Array.from(json.mask);
  const levels = new Int32Array(n);
  for (let k = 0; k < n; k++) levels[k] = mask[k] === 1 ? image[k]! : 0;
  // The ROI's bounding box is the whole 5×4×4 grid, so the crop is the image itself.
  return {
    roi: { size, spacing, image, mask, levels, binCount: PHANTOM_GREY_LEVELS },
    whole: { size, spacing, image, mask },
  };
}
