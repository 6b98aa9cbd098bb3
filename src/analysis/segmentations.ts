import { IMPLEMENTATION_CLASS_UID } from '../dicom/part10-writer.js';
import { lesionSegments, writeSegmentation } from '../dicom/seg-writer.js';
import { SOP_CLASS } from '../dicom/uids.js';
import type { AnalysisOutput } from './analyze-study-files.js';
import type { ringLesions } from './lesion-features.js';
import { dicomDateTime, OUTPUT_MANUFACTURER, SERIES, SR_REGION, SR_SEQUENCE } from './output-series.js';
import type { AnalysisUids } from './output-uids.js';
import { RING_WIDTH_MM } from './region-features.js';

/**
 * One SEG per source series used, so a radiologist sees what was measured: for each lesion its
 * intratumoral segment and its 3 mm ring, tracked with the same UIDs as the SR's measurement
 * groups. Lesion k (1-based, in order) has segments 2k − 1 (lesion) and 2k (ring).
 */

export interface WrittenSegmentation {
  sequence: keyof typeof SR_SEQUENCE;
  output: AnalysisOutput;
  /** Segment number of lesion `number`'s region. */
  segmentNumber(lesionIndex: number, region: keyof typeof SR_REGION): number;
  segmentNumbers: number[];
}

export function writeSegmentations(
  ringed: ReturnType<typeof ringLesions>,
  uids: AnalysisUids,
  options: { software: { name: string; version: string }; contentDateTime: Date; modelId: string },
): WrittenSegmentation[] {
  const { date, time } = dicomDateTime(options.contentDateTime);
  return ringed.map(({ input, lesions }, n) => {
    const sequence = SR_SEQUENCE[input.sequence];
    const segments = lesions.flatMap(({ lesion, regions }) =>
      lesionSegments({
        number: lesion.number,
        mask: regions.intra,
        ring: regions.peri,
        ringWidthMm: RING_WIDTH_MM,
        ...(lesion.origin.kind === 'drawn'
          ? { algorithmType: 'MANUAL' as const }
          : {
              algorithmType: 'AUTOMATIC' as const,
              algorithmName: `mask transferred from ${SR_SEQUENCE[lesion.origin.from]}`,
            }),
        trackingUid: uids.trackingUid(lesion.number, sequence, SR_REGION.intra),
        ringTrackingUid: uids.trackingUid(lesion.number, sequence, SR_REGION.peri),
      }),
    );
    const sopInstanceUid = uids.segSopInstanceUid(input.seriesInstanceUid);
    const bytes = writeSegmentation({
      source: input.source,
      sourceDataset: input.sourceDataset,
      segments,
      sopInstanceUID: sopInstanceUid,
      seriesInstanceUID: uids.segSeriesInstanceUid,
      dimensionOrganizationUID: uids.dimensionOrganizationUid(input.seriesInstanceUid),
      seriesNumber: SERIES.seg.number,
      instanceNumber: n + 1,
      seriesDescription: SERIES.seg.description,
      contentDate: date,
      contentTime: time,
      equipment: {
        manufacturer: OUTPUT_MANUFACTURER,
        modelName: options.software.name,
        softwareVersions: options.software.version,
        // The model is what makes this device's output differ: its id, shortened to the LO limit.
        deviceSerialNumber: options.modelId.slice(0, 16),
      },
      implementationClassUID: IMPLEMENTATION_CLASS_UID,
    });
    return {
      sequence: input.sequence,
      output: {
        kind: 'seg',
        sopClassUid: SOP_CLASS.segmentation,
        sopInstanceUid,
        seriesInstanceUid: uids.segSeriesInstanceUid,
        fileName: `seg-${input.sequence}.dcm`,
        bytes,
      },
      segmentNumber: (lesionIndex, region) => 2 * lesionIndex + (region === 'intra' ? 1 : 2),
      segmentNumbers: segments.map((_, k) => k + 1),
    };
  });
}
