import type { DicomDataset } from '../dicom/dataset.js';
import { readInstances } from '../dicom/part10.js';
import { IMPLEMENTATION_CLASS_UID } from '../dicom/part10-writer.js';
import { writeStructureSet } from '../dicom/rtstruct-writer.js';
import { lesionSegments, writeSegmentation } from '../dicom/seg-writer.js';
import { type SeriesVolume, seriesVolumes } from '../dicom/series-volume.js';
import { createVolume } from '../volume/index.js';
import { derivedUid } from './random.js';
import type { GeneratedMask, GeneratedSeries, GeneratedStudy } from './study.js';

/**
 * The readers' masks as the objects a radiologist's workstation leaves in the PACS: a SEG of the
 * lesion(s) on the DCE (first post-contrast phase) and on the ADC map, an RTSTRUCT on the T2 series.
 * Built with the product's own SEG/RTSTRUCT writers on the source series read back from DICOM.
 */
export interface MaskObject {
  mask: GeneratedMask;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  fileName: string;
  bytes: Uint8Array;
}

const EQUIPMENT = {
  manufacturer: 'HER2-RADIOMICS SYNTHETIC READER',
  modelName: 'synthetic breast MRI generator',
  softwareVersions: '1',
  deviceSerialNumber: 'SYNTH-READER',
};

/** The source volume a mask was drawn on, with its slices' SOP Instance UIDs. */
function sourceOf(
  series: GeneratedSeries,
  phase: number | null,
): { source: SeriesVolume; dataset: DicomDataset } {
  const instances = readInstances(
    series.instances.map((i, n) => ({ name: `${series.description} #${n + 1}`, bytes: i.bytes })),
  );
  const volumes = seriesVolumes(instances, {
    groupKey: (frame) => String(frame.dataset.TemporalPositionIdentifier ?? ''),
  });
  const source = phase === null ? volumes[0]! : volumes.find((v) => v.groupKey === String(phase + 1))!;
  const dataset = instances.find(
    (i) => i.dataset.SOPInstanceUID === source.slices[0]!.sopInstanceUID,
  )!.dataset;
  return { source, dataset };
}

export function maskObjects(study: GeneratedStudy): MaskObject[] {
  const { options } = study;
  const out: MaskObject[] = [];
  const cache = new Map<string, { source: SeriesVolume; dataset: DicomDataset }>();
  for (const mask of study.masks) {
    const series = study.series.find((s) => s.seriesInstanceUid === mask.seriesInstanceUid)!;
    // a DCE series holding every phase: the mask belongs to the first post-contrast phase
    const phase = series.key === 'dce' ? 1 : null;
    const key = `${series.seriesInstanceUid}/${phase}`;
    if (!cache.has(key)) cache.set(key, sourceOf(series, phase));
    const { source, dataset } = cache.get(key)!;
    const uid = (...parts: (string | number)[]) =>
      derivedUid(options.seed, options.index, 'mask', mask.sequence, mask.reader, ...parts);
    const lesionMasks = mask.lesions.map((data) => createVolume(source.volume.geometry, data, 'lesion mask'));
    const reader = mask.reader === 1 ? '' : ' reader 2';
    const seriesNumber = 1000 + series.seriesNumber + (mask.reader - 1) * 100;
    const common = {
      source,
      sourceDataset: dataset,
      sopInstanceUID: uid('instance'),
      seriesInstanceUID: uid('series'),
      seriesNumber,
      instanceNumber: 1,
      equipment: EQUIPMENT,
      implementationClassUID: IMPLEMENTATION_CLASS_UID,
    };
    let bytes: Uint8Array;
    if (mask.delivery === 'SEG') {
      bytes = writeSegmentation({
        ...common,
        segments: lesionMasks.flatMap((m, n) =>
          lesionSegments({ number: n + 1, mask: m, algorithmType: 'MANUAL' }),
        ),
        dimensionOrganizationUID: uid('dimension-organization'),
        seriesDescription: `Lesion SEG ${series.description}${reader}`,
        contentDate: study.context.studyDate,
        contentTime: '120000',
      });
    } else {
      bytes = writeStructureSet({
        ...common,
        rois: lesionMasks.map((m, n) => ({
          name: `Lesion ${n + 1}`,
          mask: m,
          interpretedType: 'GTV' as const,
          generationAlgorithm: 'MANUAL' as const,
          displayColor: [255, 64, 64] as const,
        })),
        label: `Lesion ${series.description}`.slice(0, 16),
        seriesDescription: `Lesion RTSTRUCT ${series.description}${reader}`,
        date: study.context.studyDate,
        time: '120000',
      });
    }
    out.push({
      mask,
      sopInstanceUid: common.sopInstanceUID,
      seriesInstanceUid: common.seriesInstanceUID,
      fileName: `${mask.delivery}-${mask.sequence}-reader${mask.reader}.dcm`,
      bytes,
    });
  }
  return out;
}
