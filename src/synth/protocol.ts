import type { Centre } from './patient.js';

/**
 * Acquisition protocols of the two synthetic centres: what differs between sites in real
 * multi-centre breast MRI (vendor naming, field strength, voxel size, intensity scale, noise,
 * how DCE phases are stored). Nothing here depends on HER-2 status.
 */

export type SequenceKey = 't2' | 'dwi' | 'adc' | 'dce';
export type StudySize = 'small' | 'clinical';

export interface GridSpec {
  /** In-plane pixel spacing (mm), rows then columns as DICOM PixelSpacing lists them. */
  pixelSpacing: [number, number];
  sliceThickness: number;
  /** Field of view (mm): x (left–right), y (anterior–posterior), z (slices). */
  fov: [number, number, number];
}

export interface SeriesProtocol {
  key: SequenceKey;
  seriesNumber: number;
  description: string;
  grid: Record<StudySize, GridSpec>;
  /** Classic MR Image module values. */
  mr: {
    scanningSequence: string;
    sequenceVariant: string;
    scanOptions: string;
    acquisitionType: '2D' | '3D';
    repetitionTime: number;
    echoTime: number;
    echoTrainLength: number;
    flipAngle: number;
    sequenceName: string;
  };
  /** Multiplies the tissue signal (centre intensity scale). */
  intensityScale: number;
  /**
   * Display window, fixed per protocol as scanners write it: never derived from the pixels, so no
   * header value can depend on the lesion (and so on HER-2 status).
   */
  window: { center: number; width: number };
  /** Standard deviation of the complex Gaussian noise before the magnitude (Rician). */
  noiseSigma: number;
}

export interface CentreProtocol {
  centre: Centre;
  manufacturer: string;
  model: string;
  softwareVersions: string;
  fieldStrength: number;
  imagingFrequency: number;
  institution: string;
  stationName: string;
  /** Where the DCE phases live: one series per phase, or one series with temporal positions. */
  dceStorage: 'series-per-phase' | 'temporal-positions';
  /** Minutes after injection of the post-contrast phases (the pre-contrast phase is at 0). */
  dcePhaseMinutes: number[];
  diffusionBValues: [number, number];
  series: Record<SequenceKey, SeriesProtocol>;
}

const smallFov: [number, number, number] = [112, 96, 40];
const clinicalFov: [number, number, number] = [340, 200, 120];

/**
 * The ADC map is computed from the DWI acquisition, so it shares its grid and acquisition
 * parameters; only its series identity, display, scale, noise and (on some scanners) sequence name
 * are its own.
 */
function adcFromDwi(
  dwi: SeriesProtocol,
  own: Pick<SeriesProtocol, 'seriesNumber' | 'description' | 'intensityScale' | 'window' | 'noiseSigma'> & {
    sequenceName?: string;
  },
): SeriesProtocol {
  const { sequenceName, ...rest } = own;
  return {
    ...dwi,
    key: 'adc',
    ...rest,
    mr: { ...dwi.mr, ...(sequenceName === undefined ? {} : { sequenceName }) },
  };
}

const centre1Dwi: SeriesProtocol = {
  key: 'dwi',
  seriesNumber: 4,
  description: 'Ax DWI b0 b800',
  grid: {
    small: { pixelSpacing: [3, 3], sliceThickness: 5, fov: smallFov },
    clinical: { pixelSpacing: [1.6, 1.6], sliceThickness: 5, fov: clinicalFov },
  },
  mr: {
    scanningSequence: 'SE\\EP',
    sequenceVariant: 'SK\\SS',
    scanOptions: 'EPI_GEMS',
    acquisitionType: '2D',
    repetitionTime: 5200,
    echoTime: 72,
    echoTrainLength: 1,
    flipAngle: 90,
    sequenceName: 'epi2',
  },
  intensityScale: 1,
  window: { center: 150, width: 400 },
  noiseSigma: 7,
};

const centre2Dwi: SeriesProtocol = {
  key: 'dwi',
  seriesNumber: 5,
  description: 'ep2d_diff_b0_800_tra',
  grid: {
    small: { pixelSpacing: [2.8, 2.8], sliceThickness: 4.5, fov: smallFov },
    clinical: { pixelSpacing: [1.8, 1.8], sliceThickness: 4.5, fov: clinicalFov },
  },
  mr: {
    scanningSequence: 'EP',
    sequenceVariant: 'SK\\SP',
    scanOptions: 'PFP\\FS',
    acquisitionType: '2D',
    repetitionTime: 6100,
    echoTime: 66,
    echoTrainLength: 1,
    flipAngle: 90,
    sequenceName: '*ep_b0',
  },
  intensityScale: 2.2,
  window: { center: 330, width: 880 },
  noiseSigma: 12,
};

export const CENTRES: Record<Centre, CentreProtocol> = {
  1: {
    centre: 1,
    manufacturer: 'GE MEDICAL SYSTEMS',
    model: 'SIGNA HDxt',
    softwareVersions: 'HD23.0_V02_1131.a',
    fieldStrength: 1.5,
    imagingFrequency: 63.86,
    institution: 'SYNTHETIC CENTRE 1 (NOT A HOSPITAL)',
    stationName: 'SYNMR1',
    dceStorage: 'series-per-phase',
    dcePhaseMinutes: [1.5, 3, 4.5, 6],
    diffusionBValues: [0, 800],
    series: {
      t2: {
        key: 't2',
        seriesNumber: 3,
        description: 'Ax T2 FRFSE',
        grid: {
          small: { pixelSpacing: [2, 2], sliceThickness: 4, fov: smallFov },
          clinical: { pixelSpacing: [0.7, 0.7], sliceThickness: 4, fov: clinicalFov },
        },
        mr: {
          scanningSequence: 'SE',
          sequenceVariant: 'SK',
          scanOptions: 'FAST_GEMS\\FILTERED_GEMS',
          acquisitionType: '2D',
          repetitionTime: 4200,
          echoTime: 85,
          echoTrainLength: 17,
          flipAngle: 90,
          sequenceName: 'frfse2d',
        },
        intensityScale: 1,
        window: { center: 300, width: 600 },
        noiseSigma: 14,
      },
      dwi: centre1Dwi,
      adc: adcFromDwi(centre1Dwi, {
        seriesNumber: 400,
        description: 'ADC (10^-6 mm2/s)',
        intensityScale: 1,
        window: { center: 1500, width: 3000 },
        noiseSigma: 0,
      }),
      dce: {
        key: 'dce',
        seriesNumber: 6,
        description: 'Ax VIBRANT MPh',
        grid: {
          small: { pixelSpacing: [2, 2], sliceThickness: 3, fov: smallFov },
          clinical: { pixelSpacing: [0.9, 0.9], sliceThickness: 2, fov: clinicalFov },
        },
        mr: {
          scanningSequence: 'GR',
          sequenceVariant: 'SK\\SS',
          scanOptions: 'FAST_GEMS\\ACC_GEMS',
          acquisitionType: '3D',
          repetitionTime: 6.1,
          echoTime: 2.9,
          echoTrainLength: 1,
          flipAngle: 12,
          sequenceName: 'efgre3d',
        },
        intensityScale: 1,
        window: { center: 250, width: 600 },
        noiseSigma: 6,
      },
    },
  },
  2: {
    centre: 2,
    manufacturer: 'SIEMENS',
    model: 'Skyra',
    softwareVersions: 'syngo MR E11',
    fieldStrength: 3,
    imagingFrequency: 123.25,
    institution: 'SYNTHETIC CENTRE 2 (NOT A HOSPITAL)',
    stationName: 'SYNMR2',
    dceStorage: 'temporal-positions',
    dcePhaseMinutes: [1.2, 2.4, 3.6, 4.8],
    diffusionBValues: [0, 800],
    series: {
      t2: {
        key: 't2',
        seriesNumber: 2,
        description: 't2_tse_tra',
        grid: {
          small: { pixelSpacing: [1.8, 1.8], sliceThickness: 3.5, fov: smallFov },
          clinical: { pixelSpacing: [0.6, 0.6], sliceThickness: 3.5, fov: clinicalFov },
        },
        mr: {
          scanningSequence: 'SE',
          sequenceVariant: 'SK\\SP\\OSP',
          scanOptions: 'PFP',
          acquisitionType: '2D',
          repetitionTime: 4800,
          echoTime: 89,
          echoTrainLength: 19,
          flipAngle: 150,
          sequenceName: '*tse2d1_19',
        },
        intensityScale: 1.7,
        window: { center: 510, width: 1020 },
        noiseSigma: 20,
      },
      dwi: centre2Dwi,
      adc: adcFromDwi(centre2Dwi, {
        seriesNumber: 6,
        description: 'ep2d_diff_b0_800_tra_ADC',
        sequenceName: '*ep_b0_800',
        intensityScale: 1,
        window: { center: 1500, width: 3000 },
        noiseSigma: 0,
      }),
      dce: {
        key: 'dce',
        seriesNumber: 9,
        description: 'fl3d_vibe_dyn_tra',
        grid: {
          small: { pixelSpacing: [2.2, 2.2], sliceThickness: 2.5, fov: smallFov },
          clinical: { pixelSpacing: [1, 1], sliceThickness: 1.5, fov: clinicalFov },
        },
        mr: {
          scanningSequence: 'GR',
          sequenceVariant: 'SP\\SK',
          scanOptions: 'PFP\\FS',
          acquisitionType: '3D',
          repetitionTime: 4.5,
          echoTime: 1.7,
          echoTrainLength: 1,
          flipAngle: 10,
          sequenceName: '*fl3d1',
        },
        intensityScale: 3.1,
        window: { center: 775, width: 1860 },
        noiseSigma: 15,
      },
    },
  },
};
