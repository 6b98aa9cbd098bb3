import { AppError } from '../errors/index.js';
import type { Vec3 } from '../volume/index.js';
import {
  type DicomDataset,
  firstItem,
  optionalNumber,
  optionalString,
  pixelDataBytes,
  requireNumber,
  requireNumbers,
  requireString,
  sequenceItems,
} from './dataset.js';

/**
 * One 2-D image plane with its place in patient space (LPS, mm): a single-frame MR/CT instance, or
 * one frame of an Enhanced (multi-frame) instance. Values are real-world values after Rescale
 * Slope/Intercept (or the frame's Pixel Value Transformation).
 */
export interface ImageFrame {
  readonly sopInstanceUID: string;
  /** 1-based frame number inside its instance (1 for single-frame instances). */
  readonly frameNumber: number;
  readonly sopClassUID: string;
  readonly seriesInstanceUID: string;
  readonly frameOfReferenceUID: string | undefined;
  readonly rows: number;
  readonly columns: number;
  /** ImagePositionPatient: centre of the first transmitted pixel. */
  readonly position: Vec3;
  /** Direction of increasing column index (first triplet of ImageOrientationPatient). */
  readonly rowDirection: Vec3;
  /** Direction of increasing row index (second triplet of ImageOrientationPatient). */
  readonly columnDirection: Vec3;
  /** PixelSpacing as stored: [spacing between rows, spacing between columns]. */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceThickness: number | undefined;
  /** Rescaled values, row by row (column index fastest). */
  readonly values: Float64Array;
  /** The instance's top-level attributes (for grouping keys such as AcquisitionTime). */
  readonly dataset: DicomDataset;
  /** For Enhanced instances: this frame's functional group items, shared ones overridden by per-frame ones. */
  readonly functionalGroups: DicomDataset | undefined;
}

export const ENHANCED_MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4.1';

/** SOP classes with Pixel Data that are not images to measure (their pixels are labels). */
const NON_IMAGE_PIXEL_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.66.4', // Segmentation
  '1.2.840.10008.5.1.4.1.1.66.7', // Label Map Segmentation
]);

/**
 * Why an instance is not a grey-scale image we can place in space, or undefined when it is one.
 * Colour images, segmentations and objects without geometry (SR, private objects) are not.
 */
export function notImageReason(ds: DicomDataset): string | undefined {
  if (ds.PixelData === undefined || optionalNumber(ds, 'Rows') === undefined) return 'no Pixel Data';
  const sopClass = optionalString(ds, 'SOPClassUID') ?? '';
  if (NON_IMAGE_PIXEL_CLASSES.has(sopClass)) return `SOP class ${sopClass} is a segmentation`;
  if ((optionalNumber(ds, 'SamplesPerPixel') ?? 1) !== 1) return 'not grey-scale (SamplesPerPixel > 1)';
  const bits = optionalNumber(ds, 'BitsAllocated');
  if (bits !== 8 && bits !== 16 && bits !== 32) return `BitsAllocated ${bits} (8, 16 or 32 expected)`;
  if (isMultiFrameWithGroups(ds)) return undefined;
  if (ds.ImagePositionPatient === undefined || ds.ImageOrientationPatient === undefined) {
    return 'no ImagePositionPatient/ImageOrientationPatient';
  }
  return undefined;
}

/** Whether an instance carries a grey-scale image we can place in space. */
export function isImageInstance(ds: DicomDataset): boolean {
  return notImageReason(ds) === undefined;
}

function isMultiFrameWithGroups(ds: DicomDataset): boolean {
  return ds.PerFrameFunctionalGroupsSequence !== undefined || ds.SharedFunctionalGroupsSequence !== undefined;
}

/** Splits an instance into its image frames (one for classic single-frame objects). */
export function imageFrames(ds: DicomDataset, what: string): ImageFrame[] {
  const rows = requireNumber(ds, 'Rows', what);
  const columns = requireNumber(ds, 'Columns', what);
  const samples = optionalNumber(ds, 'SamplesPerPixel') ?? 1;
  if (samples !== 1) {
    throw new AppError(
      'dicom_pixel_format_unsupported',
      `${what}: ${samples} samples per pixel (grey-scale expected)`,
    );
  }
  const frameCount = optionalNumber(ds, 'NumberOfFrames') ?? 1;
  const raw = decodeStoredValues(ds, rows * columns * frameCount, what);
  const common = {
    sopInstanceUID: requireString(ds, 'SOPInstanceUID', what),
    sopClassUID: requireString(ds, 'SOPClassUID', what),
    seriesInstanceUID: requireString(ds, 'SeriesInstanceUID', what),
    frameOfReferenceUID: optionalString(ds, 'FrameOfReferenceUID'),
    rows,
    columns,
    dataset: ds,
  };
  const planeSize = rows * columns;
  if (!isMultiFrameWithGroups(ds)) {
    if (frameCount !== 1) {
      throw new AppError(
        'dicom_multiframe_unsupported',
        `${what}: ${frameCount} frames without functional groups (per-frame geometry unknown)`,
      );
    }
    const plane = planeFromAttributes(ds, what);
    return [
      {
        ...common,
        ...plane,
        frameNumber: 1,
        values: rescale(
          raw,
          optionalNumber(ds, 'RescaleSlope') ?? 1,
          optionalNumber(ds, 'RescaleIntercept') ?? 0,
        ),
        functionalGroups: undefined,
      },
    ];
  }
  const shared = firstItem(ds, 'SharedFunctionalGroupsSequence') ?? {};
  const perFrame = sequenceItems(ds, 'PerFrameFunctionalGroupsSequence');
  const frames: ImageFrame[] = [];
  for (let f = 0; f < frameCount; f++) {
    const groups: DicomDataset = { ...shared, ...(perFrame[f] ?? {}) };
    const frameWhat = `${what} frame ${f + 1}`;
    const plane = planeFromFunctionalGroups(groups, frameWhat);
    const transform = firstItem(groups, 'PixelValueTransformationSequence');
    const slope =
      (transform && optionalNumber(transform, 'RescaleSlope')) ?? optionalNumber(ds, 'RescaleSlope') ?? 1;
    const intercept =
      (transform && optionalNumber(transform, 'RescaleIntercept')) ??
      optionalNumber(ds, 'RescaleIntercept') ??
      0;
    frames.push({
      ...common,
      ...plane,
      frameNumber: f + 1,
      values: rescale(raw.subarray(f * planeSize, (f + 1) * planeSize), slope, intercept),
      functionalGroups: groups,
    });
  }
  return frames;
}

interface PlaneGeometry {
  position: Vec3;
  rowDirection: Vec3;
  columnDirection: Vec3;
  pixelSpacing: readonly [number, number];
  sliceThickness: number | undefined;
}

function planeFromAttributes(ds: DicomDataset, what: string): PlaneGeometry {
  const ipp = requireNumbers(ds, 'ImagePositionPatient', 3, what);
  const iop = requireNumbers(ds, 'ImageOrientationPatient', 6, what);
  const spacing = requireNumbers(ds, 'PixelSpacing', 2, what);
  return {
    position: [ipp[0]!, ipp[1]!, ipp[2]!],
    rowDirection: unit([iop[0]!, iop[1]!, iop[2]!], what),
    columnDirection: unit([iop[3]!, iop[4]!, iop[5]!], what),
    pixelSpacing: [spacing[0]!, spacing[1]!],
    sliceThickness: optionalNumber(ds, 'SliceThickness'),
  };
}

/** Geometry of one frame from Plane Position / Plane Orientation / Pixel Measures functional groups. */
export function planeFromFunctionalGroups(groups: DicomDataset, what: string): PlaneGeometry {
  const position = firstItem(groups, 'PlanePositionSequence');
  const orientation = firstItem(groups, 'PlaneOrientationSequence');
  const measures = firstItem(groups, 'PixelMeasuresSequence');
  if (position === undefined || orientation === undefined || measures === undefined) {
    const missing = [
      position === undefined ? 'PlanePositionSequence' : '',
      orientation === undefined ? 'PlaneOrientationSequence' : '',
      measures === undefined ? 'PixelMeasuresSequence' : '',
    ].filter((s) => s !== '');
    throw new AppError('dicom_attribute_missing', `${what}: functional groups lack ${missing.join(', ')}`, {
      details: { missing },
    });
  }
  return {
    ...planeFromAttributes({ ...position, ...orientation, ...measures }, what),
    sliceThickness: optionalNumber(measures, 'SliceThickness'),
  };
}

function unit(v: Vec3, what: string): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0.5 && n < 1.5)) {
    throw new AppError('dicom_geometry_invalid', `${what}: ImageOrientationPatient holds a non-unit vector`);
  }
  return [v[0] / n, v[1] / n, v[2] / n];
}

/**
 * Stored pixel values as numbers. Bytes are little-endian for every uncompressed transfer syntax
 * (`readPart10` swaps big-endian words). Typed-array views assume a little-endian host (x86, ARM). Signed values narrower than BitsAllocated are
 * sign-extended from HighBit.
 */
export function decodeStoredValues(ds: DicomDataset, count: number, what: string): Float64Array {
  const bits = requireNumber(ds, 'BitsAllocated', what);
  const stored = optionalNumber(ds, 'BitsStored') ?? bits;
  const signed = (optionalNumber(ds, 'PixelRepresentation') ?? 0) === 1;
  const bytes = pixelDataBytes(ds, what);
  const bytesPer = bits / 8;
  if (bits !== 8 && bits !== 16 && bits !== 32) {
    throw new AppError(
      'dicom_pixel_format_unsupported',
      `${what}: BitsAllocated ${bits} (8, 16 or 32 expected)`,
    );
  }
  if (bytes.length < count * bytesPer) {
    throw new AppError(
      'dicom_truncated',
      `${what}: Pixel Data holds ${bytes.length} bytes, ${count * bytesPer} needed`,
    );
  }
  // copy into an aligned buffer (Pixel Data may start at an odd offset) and view it as its type
  const aligned = bytes.slice(0, count * bytesPer).buffer;
  const words =
    bits === 8
      ? signed
        ? new Int8Array(aligned)
        : new Uint8Array(aligned)
      : bits === 16
        ? signed
          ? new Int16Array(aligned)
          : new Uint16Array(aligned)
        : signed
          ? new Int32Array(aligned)
          : new Uint32Array(aligned);
  const out = Float64Array.from(words);
  if (signed && stored < bits) {
    // sign-extend from BitsStored (e.g. 12-bit signed data in 16-bit words)
    const shift = 32 - stored;
    for (let n = 0; n < count; n++) out[n] = (out[n]! << shift) >> shift;
  }
  return out;
}

function rescale(raw: Float64Array, slope: number, intercept: number): Float64Array {
  if (slope === 1 && intercept === 0) return raw.slice();
  const out = new Float64Array(raw.length);
  for (let n = 0; n < raw.length; n++) out[n] = raw[n]! * slope + intercept;
  return out;
}
