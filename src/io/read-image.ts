import { readFileSync } from 'node:fs';
import { AppError } from '../errors/index.js';
import type { Mask, Volume, VoxelArray } from '../volume/index.js';
import { parseNifti } from './nifti-reader.js';
import { parseNrrd } from './nrrd-reader.js';

/** Reads a file, turning a missing or unreadable file into an AppError naming it. */
export function readFileBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      'file_unreadable',
      `${file}: cannot be read${code === 'ENOENT' ? ' (no such file)' : code ? ` (${code})` : ''}`,
      { cause: error },
    );
  }
}

/** Reads a NIfTI-1 (`.nii`, `.nii.gz`) or NRRD (`.nrrd`, `.nhdr`) image, chosen by file name. */
export function readImage(file: string): Volume<VoxelArray> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return parseNifti(readFileBytes(file), file);
  if (lower.endsWith('.nrrd') || lower.endsWith('.nhdr'))
    return parseNrrd(readFileBytes(file), file, readFileBytes);
  throw new AppError(
    'image_format',
    `${file}: unknown image format (expected .nii, .nii.gz, .nrrd or .nhdr)`,
  );
}

/**
 * A label map from any integer-valued image: values must be whole numbers in 0..255 (PyRadiomics
 * compares the mask to an integer `label`; larger label values are not used in practice).
 */
export function toMask(volume: Volume<VoxelArray>, file: string): Mask {
  if (volume.data instanceof Uint8Array) return { geometry: volume.geometry, data: volume.data };
  const out = new Uint8Array(volume.data.length);
  for (let n = 0; n < out.length; n++) {
    const v = volume.data[n]!;
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new AppError(
        'mask_invalid',
        `${file}: mask value ${v} at voxel ${n} is not an integer label in 0..255`,
      );
    }
    out[n] = v;
  }
  return { geometry: volume.geometry, data: out };
}
