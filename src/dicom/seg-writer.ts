import { AppError } from '../errors/index.js';
import { type Mask, sameGrid } from '../volume/index.js';
import { CODES, codeItem } from './codes.js';
import type { CodedConcept, DicomDataset } from './dataset.js';
import { toDecimalString } from './decimal-string.js';
import { writePart10 } from './part10-writer.js';
import type { SeriesVolume } from './series-volume.js';
import { SOP_CLASS } from './uids.js';

/** One segment to write (PS3.3 C.8.20.2 Segment Description Macro). */
export interface SegmentToWrite {
  /** Short label, e.g. "Lesion 1" or "Lesion 1 ring 3 mm". */
  readonly label: string;
  readonly description?: string;
  /** Binary mask (non-zero = inside) on the source series' grid. */
  readonly mask: Mask;
  /** CID 7150, e.g. `CODES.morphologicallyAlteredStructure`. */
  readonly category: CodedConcept;
  /** CID 7151, e.g. `CODES.mass`. */
  readonly type: CodedConcept;
  readonly algorithmType: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  /** Required unless MANUAL. */
  readonly algorithmName?: string;
  /** Tracking Identifier and UID shared with the SR measurement group (type 1C: both or neither). */
  readonly tracking?: { readonly id: string; readonly uid: string };
}

/** Who wrote the object (Enhanced General Equipment Module, all type 1 for SEG). */
export interface EquipmentInfo {
  readonly manufacturer: string;
  readonly modelName: string;
  readonly softwareVersions: string;
  readonly deviceSerialNumber: string;
}

export interface SegmentationToWrite {
  /** The series the masks were drawn on (one SEG per source series). */
  readonly source: SeriesVolume;
  /** Any instance of that series: patient and study attributes are copied from it. */
  readonly sourceDataset: DicomDataset;
  readonly segments: readonly SegmentToWrite[];
  /** Deterministic identifiers chosen by the caller. */
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly dimensionOrganizationUID: string;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  readonly seriesDescription: string;
  /** DICOM DA / TM of content creation (passed in: the core has no clock). */
  readonly contentDate: string;
  readonly contentTime: string;
  readonly equipment: EquipmentInfo;
  readonly implementationClassUID: string;
}

/** Patient and study attributes copied verbatim from the source images (type 2 → empty when absent). */
const COPIED_FROM_SOURCE = [
  'SpecificCharacterSet',
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
] as const;
/** Maximum lengths of the copied short-string attributes (SH = 16, LO = 64). */
const MAX_LENGTH: Readonly<Record<string, number>> = { StudyID: 16, AccessionNumber: 16, PatientID: 64 };
const TYPE2_FROM_SOURCE = new Set([
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
]);

/**
 * Builds a BINARY Segmentation (PS3.3 A.51) over one source series: one frame per segment and per
 * source slice where the segment has voxels, each frame with its DerivationImageSequence pointing at
 * the source image, its plane position, and its segment number. Dimensions: segment number, then
 * ImagePositionPatient. Frames are bit-packed without padding between frames (PS3.5 8.1.1).
 */
export function buildSegmentation(input: SegmentationToWrite): DicomDataset {
  const { source, segments } = input;
  const g = source.volume.geometry;
  if (segments.length === 0) throw new AppError('seg_write_no_segments', 'SEG writer: no segments given');
  segments.forEach((s, n) => {
    if (!sameGrid(s.mask.geometry, g, 1e-4)) {
      throw new AppError(
        'seg_write_grid_mismatch',
        `SEG writer: segment ${n + 1} ("${s.label}") is not on the source series' grid`,
      );
    }
    if (s.algorithmType !== 'MANUAL' && !s.algorithmName) {
      throw new AppError(
        'seg_write_invalid',
        `SEG writer: segment ${n + 1} ("${s.label}") is ${s.algorithmType} but has no algorithmName`,
      );
    }
  });
  const [nx, ny, nz] = g.size;
  const planeSize = nx * ny;
  const d = g.direction;
  const orientation = [d[0], d[3], d[6], d[1], d[4], d[7]].map(toDecimalString);
  const frames: { segment: number; slice: number }[] = [];
  segments.forEach((s, n) => {
    for (let k = 0; k < nz; k++) {
      const plane = s.mask.data.subarray(k * planeSize, (k + 1) * planeSize);
      if (plane.some((v) => v !== 0)) frames.push({ segment: n + 1, slice: k });
    }
  });
  if (frames.length === 0) throw new AppError('seg_write_empty', 'SEG writer: every segment mask is empty');

  const bits = new Uint8Array(Math.ceil((frames.length * planeSize) / 8));
  frames.forEach(({ segment, slice }, f) => {
    const data = segments[segment - 1]!.mask.data;
    const base = f * planeSize;
    for (let p = 0; p < planeSize; p++) {
      if (data[slice * planeSize + p] !== 0) bits[(base + p) >> 3]! |= 1 << ((base + p) & 7);
    }
  });

  const src = input.sourceDataset;
  const copied: Record<string, unknown> = {};
  for (const keyword of COPIED_FROM_SOURCE) {
    const value = src[keyword];
    const limit = MAX_LENGTH[keyword];
    // A value that breaks its VR in the source (IBSI's StudyID has 20 chars for SH ≤ 16) would make
    // our object invalid too; these are type 2, so write them empty rather than altered.
    const tooLong = limit !== undefined && typeof value === 'string' && value.length > limit;
    if (value !== undefined && !tooLong) copied[keyword] = value;
    else if (TYPE2_FROM_SOURCE.has(keyword)) copied[keyword] = '';
  }
  const referencedInstances = uniqueBy(source.slices, (s) => s.sopInstanceUID).map((s) => ({
    ReferencedSOPClassUID: s.sopClassUID,
    ReferencedSOPInstanceUID: s.sopInstanceUID,
  }));
  const dimensionUID = input.dimensionOrganizationUID;

  return {
    _vrMap: { PixelData: 'OB' },
    ...copied,
    SOPClassUID: SOP_CLASS.segmentation,
    SOPInstanceUID: input.sopInstanceUID,
    Modality: 'SEG',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDescription: input.seriesDescription,
    InstanceNumber: input.instanceNumber,
    ContentDate: input.contentDate,
    ContentTime: input.contentTime,
    SeriesDate: input.contentDate,
    SeriesTime: input.contentTime,
    Manufacturer: input.equipment.manufacturer,
    ManufacturerModelName: input.equipment.modelName,
    SoftwareVersions: input.equipment.softwareVersions,
    DeviceSerialNumber: input.equipment.deviceSerialNumber,
    FrameOfReferenceUID: source.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'LESION_SEG',
    ContentDescription: input.seriesDescription,
    ContentCreatorName: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: ny,
    Columns: nx,
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    SegmentationType: 'BINARY',
    NumberOfFrames: frames.length,
    SegmentSequence: segments.map((s, n) => ({
      SegmentNumber: n + 1,
      SegmentLabel: s.label,
      ...(s.description ? { SegmentDescription: s.description } : {}),
      SegmentAlgorithmType: s.algorithmType,
      ...(s.algorithmName ? { SegmentAlgorithmName: s.algorithmName } : {}),
      SegmentedPropertyCategoryCodeSequence: [codeItem(s.category)],
      SegmentedPropertyTypeCodeSequence: [codeItem(s.type)],
      ...(s.tracking ? { TrackingID: s.tracking.id, TrackingUID: s.tracking.uid } : {}),
    })),
    ReferencedSeriesSequence: [
      { SeriesInstanceUID: source.seriesInstanceUID, ReferencedInstanceSequence: referencedInstances },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: dimensionUID }],
    DimensionOrganizationType: '3D',
    DimensionIndexSequence: [
      {
        DimensionOrganizationUID: dimensionUID,
        DimensionIndexPointer: 0x0062000b, // ReferencedSegmentNumber
        FunctionalGroupPointer: 0x0062000a, // SegmentIdentificationSequence
        DimensionDescriptionLabel: 'Segment Number',
      },
      {
        DimensionOrganizationUID: dimensionUID,
        DimensionIndexPointer: 0x00200032, // ImagePositionPatient
        FunctionalGroupPointer: 0x00209113, // PlanePositionSequence
        DimensionDescriptionLabel: 'Image Position Patient',
      },
    ],
    SharedFunctionalGroupsSequence: [
      {
        PlaneOrientationSequence: [{ ImageOrientationPatient: orientation }],
        PixelMeasuresSequence: [
          {
            PixelSpacing: [g.spacing[1], g.spacing[0]].map(toDecimalString),
            SliceThickness: toDecimalString(g.spacing[2]),
            SpacingBetweenSlices: toDecimalString(g.spacing[2]),
          },
        ],
      },
    ],
    PerFrameFunctionalGroupsSequence: frames.map(({ segment, slice }) => {
      const s = source.slices[slice]!;
      return {
        DerivationImageSequence: [
          {
            SourceImageSequence: [
              {
                ReferencedSOPClassUID: s.sopClassUID,
                ReferencedSOPInstanceUID: s.sopInstanceUID,
                ...(s.frameNumber > 1 || s.sopClassUID === SOP_CLASS.enhancedMrImage
                  ? { ReferencedFrameNumber: s.frameNumber }
                  : {}),
                PurposeOfReferenceCodeSequence: [codeItem(CODES.sourceImageForProcessing)],
              },
            ],
            DerivationCodeSequence: [codeItem(CODES.segmentationDerivation)],
          },
        ],
        FrameContentSequence: [{ DimensionIndexValues: [segment, slice + 1] }],
        PlanePositionSequence: [{ ImagePositionPatient: s.position.map(toDecimalString) }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: segment }],
      };
    }),
    PixelData: [bits.buffer],
  };
}

/** Encodes the SEG as a Part-10 file (Explicit VR Little Endian). */
export function writeSegmentation(input: SegmentationToWrite): Uint8Array {
  return writePart10(buildSegmentation(input) as Record<string, unknown>, {
    implementationClassUid: input.implementationClassUID,
  });
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The segments for one lesion: the intratumoral region and, when given, its peritumoral ring, with
 * their codes and a shared tracking identifier (the SR's measurement groups use the same one).
 * Lesion: (49755003, SCT, "Morphologically Altered Structure") / (4147007, SCT, "Mass").
 * Ring: (123037004, SCT, "Anatomical Structure") / (76752008, SCT, "Breast"): the tissue around the
 * mass; no SNOMED CT concept names a peritumoral region, so the label and description say it.
 */
export function lesionSegments(lesion: {
  readonly number: number;
  readonly mask: Mask;
  readonly ring?: Mask;
  readonly ringWidthMm?: number;
  readonly algorithmType: SegmentToWrite['algorithmType'];
  readonly algorithmName?: string;
  /** Tracking UIDs for the lesion and its ring; the Tracking Identifiers are "Lesion n" and "Lesion n ring". */
  readonly trackingUid?: string;
  readonly ringTrackingUid?: string;
}): SegmentToWrite[] {
  const trackingId = `Lesion ${lesion.number}`;
  const base = {
    algorithmType: lesion.algorithmType,
    ...(lesion.algorithmName ? { algorithmName: lesion.algorithmName } : {}),
  };
  const segments: SegmentToWrite[] = [
    {
      ...base,
      label: trackingId,
      description: `Lesion ${lesion.number}, intratumoral region`,
      mask: lesion.mask,
      category: CODES.morphologicallyAlteredStructure,
      type: CODES.mass,
      ...(lesion.trackingUid ? { tracking: { id: trackingId, uid: lesion.trackingUid } } : {}),
    },
  ];
  if (lesion.ring !== undefined) {
    const width = lesion.ringWidthMm ?? 3;
    segments.push({
      ...base,
      // the ring is always computed, whoever drew the lesion
      algorithmType: 'AUTOMATIC',
      algorithmName: lesion.algorithmName ?? 'peritumoral ring',
      label: `Lesion ${lesion.number} ring ${width} mm`,
      description: `Lesion ${lesion.number}, peritumoral ring ${width} mm outside the lesion`,
      mask: lesion.ring,
      category: CODES.anatomicalStructure,
      type: CODES.breast,
      ...(lesion.ringTrackingUid
        ? { tracking: { id: `${trackingId} ring`, uid: lesion.ringTrackingUid } }
        : {}),
    });
  }
  return segments;
}
