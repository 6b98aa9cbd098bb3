import { writePart10 } from '../dicom/part10-writer.js';
import type { Geometry } from '../volume/index.js';
import type { CentreProtocol, SeriesProtocol } from './protocol.js';
import { derivedUid } from './random.js';

/**
 * Classic single-frame MR Image Storage objects (PS3.3 A.4) for one synthetic series: Patient,
 * General Study, General Series, Frame of Reference, General Equipment, General Image, Image
 * Plane, Image Pixel, Contrast/Bolus (post-contrast), MR Image, SOP Common.
 */

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

/** Patient and study attributes shared by every object of a study (copied into our outputs too). */
export interface StudyContext {
  specificCharacterSet: 'ISO_IR 100' | 'ISO_IR 192' | undefined;
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: 'F';
  patientAge: string;
  studyInstanceUid: string;
  studyDate: string;
  studyTime: string;
  studyId: string;
  accessionNumber: string;
  studyDescription: string;
  referringPhysicianName: string;
  frameOfReferenceUid: string;
}

/** One 3D volume of a series, with what distinguishes it from the others in the same series. */
export interface SeriesVolume {
  pixels: Uint16Array;
  acquisitionTime: string;
  diffusionBValue?: number;
  temporalPosition?: number;
  postContrast?: boolean;
}

export interface MrSeriesInput {
  context: StudyContext;
  centre: CentreProtocol;
  protocol: SeriesProtocol;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  imageType: string[];
  geometry: Geometry;
  volumes: SeriesVolume[];
  /** Seed material for deterministic SOP Instance UIDs. */
  uidSeed: string;
  numberOfTemporalPositions?: number;
  contrastStartTime?: string;
}

export interface WrittenInstance {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  bytes: Buffer;
}

/** Patient + General Study attributes (the modules a derived object copies from its source). */
export function patientStudyAttributes(c: StudyContext): Record<string, unknown> {
  return {
    ...(c.specificCharacterSet ? { SpecificCharacterSet: c.specificCharacterSet } : {}),
    PatientName: c.patientName,
    PatientID: c.patientId,
    PatientBirthDate: c.patientBirthDate,
    PatientSex: c.patientSex,
    PatientAge: c.patientAge,
    StudyInstanceUID: c.studyInstanceUid,
    StudyDate: c.studyDate,
    StudyTime: c.studyTime,
    StudyID: c.studyId,
    AccessionNumber: c.accessionNumber,
    StudyDescription: c.studyDescription,
    ReferringPhysicianName: c.referringPhysicianName,
  };
}

export function writeMrSeries(input: MrSeriesInput): WrittenInstance[] {
  const { context, centre, protocol, geometry } = input;
  const [nx, ny, nz] = geometry.size;
  const sliceVoxels = nx * ny;
  const out: WrittenInstance[] = [];
  let instanceNumber = 0;
  for (const [v, volume] of input.volumes.entries()) {
    for (let k = 0; k < nz; k++) {
      instanceNumber++;
      const sopInstanceUid = derivedUid(input.uidSeed, input.seriesInstanceUid, v, k);
      const position = [geometry.origin[0], geometry.origin[1], geometry.origin[2] + k * geometry.spacing[2]];
      const slice = volume.pixels.slice(k * sliceVoxels, (k + 1) * sliceVoxels);
      const dataset: Record<string, unknown> = {
        ...patientStudyAttributes(context),
        SOPClassUID: MR_IMAGE_STORAGE,
        SOPInstanceUID: sopInstanceUid,
        ImageType: input.imageType,
        InstanceCreationDate: context.studyDate,
        InstanceCreationTime: context.studyTime,
        Modality: 'MR',
        SeriesInstanceUID: input.seriesInstanceUid,
        SeriesNumber: input.seriesNumber,
        SeriesDescription: input.seriesDescription,
        SeriesDate: context.studyDate,
        SeriesTime: volume.acquisitionTime,
        BodyPartExamined: 'BREAST',
        PatientPosition: 'HFP',
        // Type 2C for paired body parts; empty = the series covers both breasts
        Laterality: '',
        FrameOfReferenceUID: context.frameOfReferenceUid,
        PositionReferenceIndicator: '',
        Manufacturer: centre.manufacturer,
        InstitutionName: centre.institution,
        StationName: centre.stationName,
        ManufacturerModelName: centre.model,
        DeviceSerialNumber: `SYN${centre.centre}0001`,
        SoftwareVersions: centre.softwareVersions,
        InstanceNumber: instanceNumber,
        AcquisitionNumber: v + 1,
        AcquisitionDate: context.studyDate,
        AcquisitionTime: volume.acquisitionTime,
        ContentDate: context.studyDate,
        ContentTime: volume.acquisitionTime,
        PixelSpacing: [geometry.spacing[1], geometry.spacing[0]],
        ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
        ImagePositionPatient: position,
        SliceThickness: geometry.spacing[2],
        SpacingBetweenSlices: geometry.spacing[2],
        SliceLocation: position[2],
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: ny,
        Columns: nx,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        WindowCenter: protocol.window.center,
        WindowWidth: protocol.window.width,
        ScanningSequence: protocol.mr.scanningSequence.split('\\'),
        SequenceVariant: protocol.mr.sequenceVariant.split('\\'),
        ScanOptions: protocol.mr.scanOptions.split('\\'),
        MRAcquisitionType: protocol.mr.acquisitionType,
        SequenceName: protocol.mr.sequenceName,
        RepetitionTime: protocol.mr.repetitionTime,
        EchoTime: protocol.mr.echoTime,
        EchoTrainLength: protocol.mr.echoTrainLength,
        FlipAngle: protocol.mr.flipAngle,
        NumberOfAverages: 1,
        ImagingFrequency: centre.imagingFrequency,
        ImagedNucleus: '1H',
        EchoNumbers: 1,
        MagneticFieldStrength: centre.fieldStrength,
        PixelBandwidth: 250,
        ReceiveCoilName: 'BREAST',
        TransmitCoilName: 'BODY',
        PercentSampling: 100,
        PercentPhaseFieldOfView: Math.round((100 * ny * geometry.spacing[1]) / (nx * geometry.spacing[0])),
        PixelData: slice.buffer,
      };
      if (volume.diffusionBValue !== undefined) dataset.DiffusionBValue = volume.diffusionBValue;
      if (volume.temporalPosition !== undefined) {
        dataset.TemporalPositionIdentifier = volume.temporalPosition;
        dataset.NumberOfTemporalPositions = input.numberOfTemporalPositions;
      }
      if (volume.postContrast) {
        dataset.ContrastBolusAgent = 'GADOBUTROL';
        dataset.ContrastBolusRoute = 'IV';
        dataset.ContrastBolusVolume = 7.5;
        dataset.ContrastBolusStartTime = input.contrastStartTime;
      }
      for (const key of Object.keys(dataset)) if (dataset[key] === undefined) delete dataset[key];
      out.push({ sopInstanceUid, seriesInstanceUid: input.seriesInstanceUid, bytes: writePart10(dataset) });
    }
  }
  return out;
}
