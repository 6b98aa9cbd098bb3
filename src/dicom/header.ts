import { type NaturalDataset, readNaturalHeader } from './header-dcmjs.js';
import {
  type BValueSource,
  csaNumber,
  geBValue,
  philipsBValue,
  siemensBValue,
  siemensCsaImageHeader,
  siemensSequenceNameBValue,
  type VendorBValue,
} from './header-private.js';
import { item, items, number, numbers, string, strings } from './header-values.js';

/**
 * Typed facade over one DICOM instance header: exactly what sequence recognition needs, read
 * once, so the classifier never touches raw tags. Classic images give one frame; Enhanced MR gives
 * one frame per item of the Per-Frame Functional Groups (with the Shared groups as fallback).
 * Plain data: tests build headers by hand for synthetic cases.
 */

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
export const ENHANCED_MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4.1';
/** Legacy Converted Enhanced MR: multi-frame like Enhanced MR. */
export const LEGACY_CONVERTED_ENHANCED_MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4.4';

export type Vendor = 'ge' | 'siemens' | 'philips' | 'canon' | 'other';

/** A b-value with where it came from; the raw value is kept (b≈0 folding is recognition's job). */
export interface BValue {
  readonly value: number;
  readonly source: BValueSource;
}

/** One image frame (a classic instance has exactly one). */
export interface FrameHeader {
  /** 1-based frame number in the instance. */
  readonly frameNumber: number;
  /** ImagePositionPatient (mm, LPS), if known. */
  readonly position: readonly [number, number, number] | null;
  /** ImageOrientationPatient (row then column direction cosines), if known. */
  readonly orientation: readonly number[] | null;
  /** ImageType (classic) or FrameType (enhanced), upper case. */
  readonly imageType: readonly string[];
  /** Diffusion b-value in s/mm², if any source gives one. */
  readonly bValue: BValue | null;
  /** TemporalPositionIdentifier (0020,0100) or TemporalPositionIndex (0020,9128). */
  readonly temporalPosition: number | null;
  /** TriggerTime (0018,1060) in ms. */
  readonly triggerTime: number | null;
  /** AcquisitionTime (or the time part of FrameAcquisitionDateTime / AcquisitionDateTime) as hhmmss[.f]. */
  readonly acquisitionTime: string | null;
  readonly contentTime: string | null;
  readonly echoTime: number | null;
}

export interface MrHeader {
  /** Names the source in messages (file name or SOP Instance UID), no patient data. */
  readonly source: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly seriesNumber: number | null;
  readonly modality: string;
  readonly manufacturer: string;
  readonly vendor: Vendor;
  readonly seriesDescription: string;
  readonly protocolName: string;
  /** SequenceName (0018,0024) or PulseSequenceName (0018,9005). */
  readonly sequenceName: string;
  readonly imageType: readonly string[];
  readonly scanningSequence: readonly string[];
  readonly sequenceVariant: readonly string[];
  /** EchoPulseSequence (0018,9008) of enhanced MR: SPIN, GRADIENT, BOTH. */
  readonly echoPulseSequence: string;
  /** EchoPlanarPulseSequence (0018,9018) YES, ScanningSequence EP, or ImageType/SequenceName EPI markers. */
  readonly echoPlanar: boolean;
  readonly repetitionTime: number | null;
  readonly echoTime: number | null;
  readonly inversionTime: number | null;
  readonly flipAngle: number | null;
  readonly seriesTime: string | null;
  readonly acquisitionNumber: number | null;
  readonly instanceNumber: number | null;
  readonly contrastBolusAgent: string;
  readonly rows: number | null;
  readonly columns: number | null;
  readonly numberOfFrames: number;
  /** Siemens mosaic: number of slices tiled in one image (CSA NumberOfImagesInMosaic). */
  readonly mosaicTiles: number | null;
  /** Hints about stored value magnitude (used to infer ADC units). */
  readonly values: {
    readonly rescaleSlope: number;
    readonly rescaleIntercept: number;
    readonly windowCenter: number | null;
    readonly largestPixelValue: number | null;
    /** Units of a Real World Value Mapping or MeasurementUnitsCodeSequence (UCUM code), if any. */
    readonly units: string | null;
  };
  readonly frames: readonly FrameHeader[];
}

/** Whether a SOP class is an MR image we can classify (others in a series are skipped). */
export function isMrImageSopClass(sopClassUid: string): boolean {
  return (
    sopClassUid === MR_IMAGE_STORAGE ||
    sopClassUid === ENHANCED_MR_IMAGE_STORAGE ||
    sopClassUid === LEGACY_CONVERTED_ENHANCED_MR_IMAGE_STORAGE
  );
}

/** Reads a DICOM file's header (pixel data is not parsed) into an {@link MrHeader}. */
export function readMrHeader(bytes: ArrayBuffer | Uint8Array, source: string): MrHeader {
  return mrHeaderFromDataset(readNaturalHeader(bytes, source), source);
}

/** Vendor from the Manufacturer string (GE, Siemens, Philips, Canon/Toshiba). */
export function vendorOf(manufacturer: string): Vendor {
  const m = manufacturer.toUpperCase();
  if (/\bGE\b|GENERAL ELECTRIC|GE MEDICAL|GE HEALTHCARE/.test(m)) return 'ge';
  if (m.includes('SIEMENS')) return 'siemens';
  if (m.includes('PHILIPS')) return 'philips';
  if (m.includes('CANON') || m.includes('TOSHIBA')) return 'canon';
  return 'other';
}

export function mrHeaderFromDataset(ds: NaturalDataset, source: string): MrHeader {
  const manufacturer = string(ds, 'Manufacturer');
  const vendor = vendorOf(manufacturer);
  const sequenceName = string(ds, 'SequenceName') || string(ds, 'PulseSequenceName');
  const imageType = strings(ds, 'ImageType').map((s) => s.toUpperCase());
  const scanningSequence = strings(ds, 'ScanningSequence').map((s) => s.toUpperCase());
  const shared = item(ds, 'SharedFunctionalGroupsSequence');
  const timing = item(shared, 'MRTimingAndRelatedParametersSequence');
  const csa = vendor === 'siemens' ? siemensCsaImageHeader(ds) : [];
  // GE's (0043,1039) holds other numbers outside diffusion scans (the breast DCE sample writes
  // 0\0\0\7): read it as a b-value only for echo-planar or DIFFUSION-typed images.
  const geDiffusion = scanningSequence.includes('EP') || imageType.includes('DIFFUSION');
  const topBValue = instanceBValue(ds, vendor, sequenceName, csaNumber(csa, 'B_value'), geDiffusion);
  const mosaic = imageType.includes('MOSAIC') ? (csaNumber(csa, 'NumberOfImagesInMosaic') ?? null) : null;

  const perFrame = items(ds, 'PerFrameFunctionalGroupsSequence');
  const frames: FrameHeader[] =
    perFrame.length > 0
      ? perFrame.map((group, n) => enhancedFrame(group, shared, n + 1, topBValue))
      : [classicFrame(ds, imageType, topBValue)];

  const echoPulseSequence = string(ds, 'EchoPulseSequence').toUpperCase();
  return {
    source,
    sopClassUid: string(ds, 'SOPClassUID'),
    sopInstanceUid: string(ds, 'SOPInstanceUID'),
    studyInstanceUid: string(ds, 'StudyInstanceUID'),
    seriesInstanceUid: string(ds, 'SeriesInstanceUID'),
    seriesNumber: number(ds, 'SeriesNumber') ?? null,
    modality: string(ds, 'Modality'),
    manufacturer,
    vendor,
    seriesDescription: string(ds, 'SeriesDescription'),
    protocolName: string(ds, 'ProtocolName'),
    sequenceName,
    imageType,
    scanningSequence,
    sequenceVariant: strings(ds, 'SequenceVariant').map((s) => s.toUpperCase()),
    echoPulseSequence,
    echoPlanar:
      string(ds, 'EchoPlanarPulseSequence').toUpperCase() === 'YES' ||
      scanningSequence.includes('EP') ||
      /epi|^\*?(ep_|ep2d|epfid|epse|re_b)/i.test(sequenceName),
    repetitionTime: number(ds, 'RepetitionTime') ?? number(timing, 'RepetitionTime') ?? null,
    echoTime: number(ds, 'EchoTime') ?? frames[0]?.echoTime ?? null,
    inversionTime: number(ds, 'InversionTime') ?? null,
    flipAngle: number(ds, 'FlipAngle') ?? number(timing, 'FlipAngle') ?? null,
    seriesTime: string(ds, 'SeriesTime') || null,
    acquisitionNumber: number(ds, 'AcquisitionNumber') ?? null,
    instanceNumber: number(ds, 'InstanceNumber') ?? null,
    contrastBolusAgent: string(ds, 'ContrastBolusAgent'),
    rows: number(ds, 'Rows') ?? null,
    columns: number(ds, 'Columns') ?? null,
    numberOfFrames: number(ds, 'NumberOfFrames') ?? 1,
    mosaicTiles: mosaic,
    values: valueHints(ds, perFrame[0], shared),
    frames,
  };
}

/**
 * Instance-level b-value, first source that has one: the standard (0018,9087), then the vendor's
 * private element, then Siemens' CSA and SequenceName. Vendor elements are read only for their
 * vendor (another vendor's block at the same tag means something else).
 */
function instanceBValue(
  ds: NaturalDataset,
  vendor: Vendor,
  sequenceName: string,
  csaB: number | undefined,
  geDiffusion: boolean,
): BValue | null {
  const standard = number(ds, 'DiffusionBValue');
  if (standard !== undefined) return { value: standard, source: '(0018,9087) DiffusionBValue' };
  let vendorValue: VendorBValue | null = null;
  if (vendor === 'ge') vendorValue = geDiffusion ? geBValue(ds) : null;
  else if (vendor === 'philips') vendorValue = philipsBValue(ds);
  else if (vendor === 'siemens') {
    vendorValue =
      siemensBValue(ds) ??
      (csaB === undefined ? null : { value: csaB, source: 'Siemens CSA B_value' }) ??
      siemensSequenceNameBValue(sequenceName);
  }
  return vendorValue;
}

function classicFrame(ds: NaturalDataset, imageType: readonly string[], bValue: BValue | null): FrameHeader {
  const position = numbers(ds, 'ImagePositionPatient');
  const orientation = numbers(ds, 'ImageOrientationPatient');
  return {
    frameNumber: 1,
    position: position.length === 3 ? [position[0]!, position[1]!, position[2]!] : null,
    orientation: orientation.length === 6 ? orientation : null,
    imageType,
    bValue,
    temporalPosition: number(ds, 'TemporalPositionIdentifier') ?? null,
    triggerTime: number(ds, 'TriggerTime') ?? null,
    acquisitionTime: string(ds, 'AcquisitionTime') || timeOfDateTime(string(ds, 'AcquisitionDateTime')),
    contentTime: string(ds, 'ContentTime') || null,
    echoTime: number(ds, 'EchoTime') ?? null,
  };
}

/** A frame of an Enhanced MR: each functional group from Per-Frame, else from Shared. */
function enhancedFrame(
  perFrame: NaturalDataset,
  shared: NaturalDataset | undefined,
  frameNumber: number,
  instanceB: BValue | null,
): FrameHeader {
  const group = (key: string) => item(perFrame, key) ?? item(shared, key);
  const content = group('FrameContentSequence');
  const position = numbers(group('PlanePositionSequence'), 'ImagePositionPatient');
  const orientation = numbers(group('PlaneOrientationSequence'), 'ImageOrientationPatient');
  const diffusion = group('MRDiffusionSequence');
  const frameB = number(diffusion, 'DiffusionBValue');
  const frameType = strings(group('MRImageFrameTypeSequence'), 'FrameType').map((s) => s.toUpperCase());
  return {
    frameNumber,
    position: position.length === 3 ? [position[0]!, position[1]!, position[2]!] : null,
    orientation: orientation.length === 6 ? orientation : null,
    imageType: frameType,
    bValue: frameB !== undefined ? { value: frameB, source: 'MRDiffusionSequence (0018,9117)' } : instanceB,
    temporalPosition: number(content, 'TemporalPositionIndex') ?? null,
    triggerTime: number(group('CardiacSynchronizationSequence'), 'NominalCardiacTriggerDelayTime') ?? null,
    acquisitionTime: timeOfDateTime(string(content, 'FrameAcquisitionDateTime')),
    contentTime: null,
    echoTime: number(group('MREchoSequence'), 'EffectiveEchoTime') ?? null,
  };
}

/** "20181022083634.295000" → "083634.295000"; '' → null. */
function timeOfDateTime(dateTime: string): string | null {
  return dateTime.length > 8 ? dateTime.slice(8).trim() : null;
}

function valueHints(
  ds: NaturalDataset,
  firstFrame: NaturalDataset | undefined,
  shared: NaturalDataset | undefined,
): MrHeader['values'] {
  const group = (key: string) => item(firstFrame, key) ?? item(shared, key);
  const transform = group('PixelValueTransformationSequence');
  const voi = group('FrameVOILUTSequence');
  const rwvm = item(ds, 'RealWorldValueMappingSequence') ?? group('RealWorldValueMappingSequence');
  const unitsItem = item(rwvm, 'MeasurementUnitsCodeSequence');
  return {
    rescaleSlope: number(ds, 'RescaleSlope') ?? number(transform, 'RescaleSlope') ?? 1,
    rescaleIntercept: number(ds, 'RescaleIntercept') ?? number(transform, 'RescaleIntercept') ?? 0,
    windowCenter: number(ds, 'WindowCenter') ?? number(voi, 'WindowCenter') ?? null,
    largestPixelValue: number(ds, 'LargestImagePixelValue') ?? null,
    units: string(unitsItem, 'CodeValue') || null,
  };
}
