import { AppError } from '../errors/index.js';
import { type DicomDataset, optionalNumber } from './dataset.js';

/**
 * Size caps on DICOM input, checked against what an object *declares* before anything its size
 * depends on is allocated: a corrupt or hostile header (Rows × Columns × NumberOfFrames in the
 * billions) must end as a clear job failure, not as an out-of-memory crash of the worker.
 * Entry points take the values from HER2_MAX_INSTANCE_MB, HER2_MAX_FRAMES_PER_INSTANCE and
 * HER2_MAX_SERIES_MEGAVOXELS (src/config).
 */
export interface InputLimits {
  /** Largest accepted instance (Part-10 bytes), checked before the bytes are parsed. */
  readonly maxInstanceBytes: number;
  /** Largest NumberOfFrames of one instance. */
  readonly maxFramesPerInstance: number;
  /**
   * Largest number of voxels of one series (the sum of Rows × Columns × frames over its
   * instances), checked before any pixel is decoded. Decoded values are 8-byte floats, so the
   * default of 64 Mi voxels (512 × 512 × 256) is 512 MiB of volume.
   */
  readonly maxSeriesVoxels: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = {
  maxInstanceBytes: 512 * 1024 * 1024,
  // an enhanced MR DCE of 160 slices x 60 phases, or a SEG of 160 slices x 60 segments, fits
  maxFramesPerInstance: 16_384,
  maxSeriesVoxels: 64 * 1024 * 1024,
};

/** Rows and Columns are US (PS3.3 C.7.6.3): 1 to 65535. */
const MAX_MATRIX = 65_535;

/** Refuses an instance larger than the cap, before it is parsed. */
export function checkInstanceBytes(length: number, what: string, limits: InputLimits): void {
  if (length > limits.maxInstanceBytes) {
    throw new AppError(
      'dicom_instance_too_large',
      `${what}: ${length} bytes exceed the limit of ${limits.maxInstanceBytes} bytes per instance (HER2_MAX_INSTANCE_MB)`,
      { details: { bytes: length, limit: limits.maxInstanceBytes } },
    );
  }
}

/**
 * Rows × Columns × NumberOfFrames as declared by an object with Pixel Data, after checking that
 * each is a whole number in range and that the frames stay under the cap. Throws
 * `dicom_dimensions_invalid` or `dicom_too_many_frames`.
 */
export function declaredVoxels(ds: DicomDataset, what: string, limits: InputLimits): number {
  const rows = optionalNumber(ds, 'Rows');
  const columns = optionalNumber(ds, 'Columns');
  const frames = optionalNumber(ds, 'NumberOfFrames') ?? 1;
  const wholeIn = (n: number | undefined, max: number): n is number =>
    n !== undefined && Number.isInteger(n) && n >= 1 && n <= max;
  if (
    !wholeIn(rows, MAX_MATRIX) ||
    !wholeIn(columns, MAX_MATRIX) ||
    !Number.isInteger(frames) ||
    frames < 1
  ) {
    throw new AppError(
      'dicom_dimensions_invalid',
      `${what}: image dimensions Rows ${rows ?? '(none)'}, Columns ${columns ?? '(none)'}, NumberOfFrames ${frames} are not whole numbers in range`,
      { details: { rows, columns, frames } },
    );
  }
  if (frames > limits.maxFramesPerInstance) {
    throw new AppError(
      'dicom_too_many_frames',
      `${what}: ${frames} frames exceed the limit of ${limits.maxFramesPerInstance} per instance (HER2_MAX_FRAMES_PER_INSTANCE)`,
      { details: { frames, limit: limits.maxFramesPerInstance } },
    );
  }
  return rows * columns * frames;
}

/** Refuses a series whose declared voxels (summed over its instances) exceed the cap. */
export function checkSeriesVoxels(voxels: number, what: string, limits: InputLimits): void {
  if (voxels > limits.maxSeriesVoxels) {
    throw new AppError(
      'series_too_large',
      `${what}: ${voxels} voxels exceed the limit of ${limits.maxSeriesVoxels} per series (HER2_MAX_SERIES_MEGAVOXELS)`,
      { details: { voxels, limit: limits.maxSeriesVoxels } },
    );
  }
}
