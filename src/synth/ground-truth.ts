import { voxelVolume } from '../volume/index.js';
import type { MaskObject } from './mask-objects.js';
import type { LatentScores } from './patient.js';
import type { GeneratedStudy } from './study.js';

/** What the generator knows about a study: the label, the planted effects and each mask's size. */
export interface StudyGroundTruth {
  patientId: string;
  studyInstanceUid: string;
  her2: 'positive' | 'negative';
  centre: 1 | 2;
  latent: LatentScores;
  strength: LatentScores;
  lesions: { radiusMm: number; centreMm: [number, number, number] }[];
  series: {
    key: string;
    seriesInstanceUid: string;
    seriesNumber: number;
    description: string;
    size: number[];
    spacing: number[];
  }[];
  masks: {
    file: string;
    type: 'SEG' | 'RTSTRUCT';
    sequence: string;
    reader: number;
    sopInstanceUid: string;
    referencedSeriesInstanceUid: string;
    lesionVoxels: number[];
    lesionVolumesMm3: number[];
  }[];
}

export function groundTruth(study: GeneratedStudy, masks: readonly MaskObject[]): StudyGroundTruth {
  const { patient, context } = study;
  return {
    patientId: context.patientId,
    studyInstanceUid: context.studyInstanceUid,
    her2: patient.her2,
    centre: patient.centre,
    latent: patient.latent,
    strength: patient.strength,
    lesions: patient.lesions.map((l) => ({ radiusMm: l.radiusMm, centreMm: l.centre })),
    series: study.series.map((s) => ({
      key: s.key,
      seriesInstanceUid: s.seriesInstanceUid,
      seriesNumber: s.seriesNumber,
      description: s.description,
      size: [...s.geometry.size],
      spacing: [...s.geometry.spacing],
    })),
    masks: masks.map((m) => {
      const voxels = m.mask.lesions.map((l) => l.reduce((a, b) => a + b, 0));
      return {
        file: m.fileName,
        type: m.mask.delivery,
        sequence: m.mask.sequence,
        reader: m.mask.reader,
        sopInstanceUid: m.sopInstanceUid,
        referencedSeriesInstanceUid: m.mask.seriesInstanceUid,
        lesionVoxels: voxels,
        lesionVolumesMm3: voxels.map((v) => v * voxelVolume(m.mask.geometry)),
      };
    }),
  };
}
