/**
 * DICOM in and out for the radiomics pipeline: image series → volumes, SEG and RTSTRUCT → masks,
 * masks → SEG and RTSTRUCT. Everything works on bytes and plain datasets; fetching from the PACS
 * lives in `src/pacs`.
 */
export { CODES, codeItem } from './codes.js';
export {
  type CodedConcept,
  type DicomDataset,
  firstItem,
  optionalCode,
  optionalNumber,
  optionalNumbers,
  optionalString,
  requireNumber,
  requireString,
  sequenceItems,
} from './dataset.js';
export { toDecimalString } from './decimal-string.js';
export { type ImageFrame, imageFrames, isImageInstance, notImageReason } from './image-frames.js';
export {
  checkInstanceBytes,
  checkSeriesVoxels,
  DEFAULT_INPUT_LIMITS,
  declaredVoxels,
  type InputLimits,
} from './input-limits.js';
export { tracePixelBoundaries } from './mask-contours.js';
export { type MaskObjectReadResult, maskVoxelCount, type RegionMask } from './mask-object.js';
export {
  type Part10Object,
  readInstances,
  readPart10,
  UNCOMPRESSED_TRANSFER_SYNTAXES,
} from './part10.js';
export { encodeDataset, type NaturalDataset, type WritePart10Options, writePart10 } from './part10-writer.js';
export {
  type RoiMask,
  type RtContour,
  type RtRoi,
  type RtStructHeader,
  type RtStructReadOptions,
  type RtStructReadResult,
  rasteriseContours,
  readRtStruct,
  readRtStructHeader,
} from './rtstruct-reader.js';
export {
  buildStructureSet,
  type RoiToWrite,
  type StructureSetToWrite,
  writeStructureSet,
} from './rtstruct-writer.js';
export {
  readSegmentation,
  readSegmentationHeader,
  type SegmentationHeader,
  type SegmentationReadResult,
  type SegmentationType,
  type SegmentDescription,
  type SegmentMask,
  type SegReadOptions,
} from './seg-reader.js';
export {
  buildSegmentation,
  type EquipmentInfo,
  lesionSegments,
  type SegmentationToWrite,
  type SegmentToWrite,
  writeSegmentation,
} from './seg-writer.js';
export {
  collectFrames,
  compareKeys,
  groupBy,
  type NamedDataset,
  type SeriesFrames,
  type SeriesVolume,
  type SeriesVolumeOptions,
  type SourceSlice,
  type StackOptions,
  seriesVolumes,
  stackFrames,
} from './series-volume.js';
export { SOP_CLASS } from './uids.js';
