import { AppError } from '../errors/index.js';
import { type Mask, sameGrid, type Vec3 } from '../volume/index.js';
import type { DicomDataset } from './dataset.js';
import { toDecimalString } from './decimal-string.js';
import { tracePixelBoundaries } from './mask-contours.js';
import { writePart10 } from './part10-writer.js';
import type { EquipmentInfo } from './seg-writer.js';
import type { SeriesVolume } from './series-volume.js';
import { SOP_CLASS } from './uids.js';

/** Referenced SOP class of a study in RTReferencedStudySequence (retired Detached Study Management, as the standard still requires). */
const DETACHED_STUDY_MANAGEMENT = '1.2.840.10008.3.1.2.3.1';

export interface RoiToWrite {
  readonly name: string;
  /** Binary mask (non-zero = inside) on the source series' grid. */
  readonly mask: Mask;
  /** RTROIInterpretedType, e.g. GTV for a lesion, CONTROL for a ring. */
  readonly interpretedType: 'GTV' | 'CTV' | 'PTV' | 'ORGAN' | 'CONTROL' | 'AVOIDANCE' | 'EXTERNAL';
  readonly generationAlgorithm: 'AUTOMATIC' | 'SEMIAUTOMATIC' | 'MANUAL';
  readonly displayColor: readonly [number, number, number];
}

export interface StructureSetToWrite {
  readonly source: SeriesVolume;
  /** Any instance of the source series: patient and study attributes are copied from it. */
  readonly sourceDataset: DicomDataset;
  readonly rois: readonly RoiToWrite[];
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly seriesNumber: number;
  readonly instanceNumber: number;
  readonly label: string;
  readonly seriesDescription: string;
  /** DICOM DA / TM (passed in: the core has no clock). */
  readonly date: string;
  readonly time: string;
  readonly equipment: EquipmentInfo;
  readonly implementationClassUID: string;
}

const COPIED_FROM_SOURCE = ['SpecificCharacterSet', 'StudyInstanceUID'] as const;
/** Type 2 patient/study attributes: copied when valid for their VR, else written empty. */
const TYPE2_FROM_SOURCE: Readonly<Record<string, number>> = {
  PatientName: 64,
  PatientID: 64,
  PatientBirthDate: 8,
  PatientSex: 16,
  StudyDate: 8,
  StudyTime: 16,
  ReferringPhysicianName: 64,
  StudyID: 16,
  AccessionNumber: 16,
};

/**
 * Builds an RT Structure Set (PS3.3 A.19) from masks: on each slice, the boundaries of the mask's
 * components, holes included, are traced along pixel edges and written as CLOSED_PLANAR contours in
 * patient coordinates. A reader applying the even-odd rule at pixel centres (ours, MIRP, plastimatch)
 * gets back exactly the mask.
 */
export function buildStructureSet(input: StructureSetToWrite): DicomDataset {
  const { source } = input;
  const g = source.volume.geometry;
  if (input.rois.length === 0) throw new AppError('rtstruct_write_no_rois', 'RTSTRUCT writer: no ROIs given');
  input.rois.forEach((roi, n) => {
    if (!sameGrid(roi.mask.geometry, g, 1e-4)) {
      throw new AppError(
        'rtstruct_write_grid_mismatch',
        `RTSTRUCT writer: ROI ${n + 1} ("${roi.name}") is not on the source series' grid`,
      );
    }
  });
  const [nx, ny, nz] = g.size;
  const d = g.direction;
  const row: Vec3 = [d[0], d[3], d[6]];
  const column: Vec3 = [d[1], d[4], d[7]];
  const contourImage = (k: number) => {
    const slice = source.slices[k]!;
    return {
      ReferencedSOPClassUID: slice.sopClassUID,
      ReferencedSOPInstanceUID: slice.sopInstanceUID,
      // frames of an Enhanced (multi-frame) image are referenced by number
      ...(slice.sopClassUID === SOP_CLASS.enhancedMrImage
        ? { ReferencedFrameNumber: slice.frameNumber }
        : {}),
    };
  };

  const roiContours = input.rois.map((roi, n) => {
    const contours: Record<string, unknown>[] = [];
    for (let k = 0; k < nz; k++) {
      const plane = roi.mask.data.subarray(k * nx * ny, (k + 1) * nx * ny);
      const origin = source.slices[k]!.position;
      for (const polygon of tracePixelBoundaries(plane, nx, ny)) {
        const points: number[] = [];
        for (let v = 0; v < polygon.corners.length; v += 2) {
          // corner (x, y) lies at continuous pixel index (x − ½, y − ½)
          const a = (polygon.corners[v]! - 0.5) * g.spacing[0];
          const b = (polygon.corners[v + 1]! - 0.5) * g.spacing[1];
          for (let axis = 0; axis < 3; axis++)
            points.push(toDecimalString(origin[axis]! + a * row[axis]! + b * column[axis]!));
        }
        contours.push({
          ContourImageSequence: [contourImage(k)],
          ContourGeometricType: 'CLOSED_PLANAR',
          NumberOfContourPoints: points.length / 3,
          ContourData: points,
        });
      }
    }
    if (contours.length === 0) {
      throw new AppError(
        'rtstruct_write_empty',
        `RTSTRUCT writer: ROI ${n + 1} ("${roi.name}") has an empty mask`,
      );
    }
    return { ReferencedROINumber: n + 1, ROIDisplayColor: [...roi.displayColor], ContourSequence: contours };
  });

  const src = input.sourceDataset;
  const copied: Record<string, unknown> = {};
  for (const keyword of COPIED_FROM_SOURCE) if (src[keyword] !== undefined) copied[keyword] = src[keyword];
  for (const [keyword, limit] of Object.entries(TYPE2_FROM_SOURCE)) {
    const value = src[keyword];
    copied[keyword] = value === undefined || (typeof value === 'string' && value.length > limit) ? '' : value;
  }
  // one item per instance (an Enhanced MR instance holds many slices)
  const allImages = [
    ...new Map(source.slices.map((_, k) => [source.slices[k]!.sopInstanceUID, contourImage(k)])).values(),
  ];

  return {
    ...copied,
    SOPClassUID: SOP_CLASS.rtStructureSet,
    SOPInstanceUID: input.sopInstanceUID,
    Modality: 'RTSTRUCT',
    SeriesInstanceUID: input.seriesInstanceUID,
    SeriesNumber: input.seriesNumber,
    SeriesDescription: input.seriesDescription,
    InstanceNumber: input.instanceNumber,
    OperatorsName: '',
    // Frame of Reference Module (part of the RT Structure Set IOD since 2019)
    FrameOfReferenceUID: source.frameOfReferenceUID,
    PositionReferenceIndicator: '',
    Manufacturer: input.equipment.manufacturer,
    ManufacturerModelName: input.equipment.modelName,
    SoftwareVersions: input.equipment.softwareVersions,
    DeviceSerialNumber: input.equipment.deviceSerialNumber,
    StructureSetLabel: input.label,
    StructureSetDate: input.date,
    StructureSetTime: input.time,
    ReferencedFrameOfReferenceSequence: [
      {
        FrameOfReferenceUID: source.frameOfReferenceUID,
        RTReferencedStudySequence: [
          {
            ReferencedSOPClassUID: DETACHED_STUDY_MANAGEMENT,
            ReferencedSOPInstanceUID: src.StudyInstanceUID,
            RTReferencedSeriesSequence: [
              { SeriesInstanceUID: source.seriesInstanceUID, ContourImageSequence: allImages },
            ],
          },
        ],
      },
    ],
    StructureSetROISequence: input.rois.map((roi, n) => ({
      ROINumber: n + 1,
      ReferencedFrameOfReferenceUID: source.frameOfReferenceUID,
      ROIName: roi.name,
      ROIGenerationAlgorithm: roi.generationAlgorithm,
    })),
    ROIContourSequence: roiContours,
    RTROIObservationsSequence: input.rois.map((roi, n) => ({
      ObservationNumber: n + 1,
      ReferencedROINumber: n + 1,
      RTROIInterpretedType: roi.interpretedType,
      ROIInterpreter: '',
    })),
  };
}

export function writeStructureSet(input: StructureSetToWrite): Uint8Array {
  return writePart10(buildStructureSet(input) as Record<string, unknown>, {
    implementationClassUid: input.implementationClassUID,
  });
}
