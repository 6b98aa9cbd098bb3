export { type NiftiHeader, parseNifti, parseNiftiHeader } from './nifti-reader.js';
export { encodeNifti } from './nifti-writer.js';
export { type NrrdHeader, parseNrrd, parseNrrdHeader } from './nrrd-reader.js';
export { readFileBytes, readImage, toMask } from './read-image.js';
export type { ScalarType } from './voxel-decoding.js';
