import { AppError, describeError } from '../errors/index.js';
import { countLabel, type Mask, voxelVolume } from '../volume/index.js';
import type { DicomDataset } from './dataset.js';
import { type MrHeader, mrHeaderFromDataset } from './header.js';
import { checkSeriesVoxels, DEFAULT_INPUT_LIMITS, declaredVoxels, type InputLimits } from './input-limits.js';
import { readPart10 } from './part10.js';
import { recognizeStudy, type StudyRecognition } from './recognition/index.js';
import type { SegmentDescription } from './recognition/segment-roles.js';
import type { SiteRules } from './recognition/site-rules.js';
import { readRtStruct } from './rtstruct-reader.js';
import { readSegmentation } from './seg-reader.js';
import { type NamedDataset, type SeriesVolume, seriesVolumes } from './series-volume.js';
import { SOP_CLASS } from './uids.js';

/**
 * What a folder (or a PACS study) of DICOM objects holds, for `her2 inspect` and the analysis:
 * image series with their recognised role, mask objects with each ROI's voxel count and volume on
 * its own grid, and every problem found on the way. Pure: the caller reads the files.
 */

export interface InventoryRoi {
  number: number;
  name: string;
  voxels: number;
  volumeMm3: number;
}

export interface InventoryMask {
  name: string;
  sopInstanceUid: string;
  type: 'SEG' | 'RTSTRUCT';
  referencedSeriesInstanceUid: string | null;
  rois: InventoryRoi[];
}

export interface InventorySeries {
  seriesInstanceUid: string;
  seriesNumber: number | null;
  description: string;
  instances: number;
  role: string;
  rule: string | null;
  reason: string;
}

export interface StudyInventory {
  series: InventorySeries[];
  masks: InventoryMask[];
  problems: string[];
  recognition: StudyRecognition | null;
}

/** One ROI of a mask object as read, on its referenced series' grid. */
export interface ReadRoi {
  number: number;
  name: string;
  mask: Mask;
  /** What the site rules' segment classification needs. */
  description: SegmentDescription;
}

/** A mask object read on its referenced series. */
export interface ReadMaskObject {
  name: string;
  sopInstanceUid: string;
  /** Series Number (0020,0011), null when absent: orders a series' masks by content, not file name. */
  seriesNumber: number | null;
  type: 'SEG' | 'RTSTRUCT';
  referencedSeriesInstanceUid: string;
  rois: ReadRoi[];
}

/** The inventory plus what was read to make it (images by series, masks with their voxels). */
export interface StudyContents {
  inventory: StudyInventory;
  images: ReadonlyMap<string, readonly NamedDataset[]>;
  masks: readonly ReadMaskObject[];
}

export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The object already decoded by `readPart10` (a caller that had to look inside first); not decoded again. */
  readonly dataset?: DicomDataset;
}

const SEG_CLASSES = new Set<string>([SOP_CLASS.segmentation, SOP_CLASS.labelMapSegmentation]);

/**
 * Volumes of an image series; a series whose positions repeat (DCE phases, b-values in one
 * series) is split by temporal position, b-value and acquisition time.
 */
export function volumesOfSeries(instances: readonly NamedDataset[]): SeriesVolume[] {
  try {
    return seriesVolumes(instances);
  } catch (error) {
    if ((error as { code?: string }).code !== 'series_duplicate_positions') throw error;
    return seriesVolumes(instances, {
      groupKey: (f) =>
        [f.dataset.TemporalPositionIdentifier, f.dataset.DiffusionBValue, f.dataset.AcquisitionTime]
          .map((v) => (v === undefined ? '' : String(v)))
          .join('|'),
    });
  }
}

export function inventoryStudy(
  files: readonly NamedBytes[],
  rules: SiteRules,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): StudyInventory {
  return readStudy(files, rules, limits).inventory;
}

/**
 * Bytes one mask object may allocate (one byte per voxel per ROI on its reference grid): as much
 * as the decoded volume of a series at the cap (8-byte values), so a mask with thousands of
 * segments cannot take more memory than its images.
 */
const MASK_BYTES_PER_SERIES_VOXEL = 8;

/**
 * Reads every object of a study once: the inventory, the images by series and every mask read.
 * Objects and series over `limits` are left out with their reason in `problems`, before their
 * pixels are decoded.
 */
export function readStudy(
  files: readonly NamedBytes[],
  rules: SiteRules,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): StudyContents {
  const problems: string[] = [];
  const images = new Map<string, NamedDataset[]>();
  const headers = new Map<string, MrHeader[]>();
  const maskObjects: NamedDataset[] = [];
  for (const file of files) {
    let dataset: DicomDataset;
    try {
      dataset = file.dataset ?? readPart10(file.bytes, file.name, limits).dataset;
    } catch (error) {
      problems.push(`${file.name}: ${describeError(error)}`);
      continue;
    }
    const sopClass = String(dataset.SOPClassUID ?? '');
    if (SEG_CLASSES.has(sopClass) || sopClass === SOP_CLASS.rtStructureSet) {
      maskObjects.push({ name: file.name, dataset });
      continue;
    }
    if (dataset.PixelData === undefined) continue; // SR, presentation states, …: not inputs
    const series = String(dataset.SeriesInstanceUID ?? '');
    if (!images.has(series)) {
      images.set(series, []);
      headers.set(series, []);
    }
    images.get(series)!.push({ name: file.name, dataset });
    try {
      headers.get(series)!.push(mrHeaderFromDataset(dataset as never, file.name));
    } catch (error) {
      problems.push(`${file.name}: ${describeError(error)}`);
    }
  }

  for (const [uid, instances] of [...images]) {
    const voxels = instances.reduce((sum, i) => sum + declaredVoxels(i.dataset, i.name, limits), 0);
    try {
      checkSeriesVoxels(voxels, `series ${uid}`, limits);
    } catch (error) {
      problems.push(describeError(error));
      images.delete(uid);
      headers.delete(uid);
    }
  }

  let recognition: StudyRecognition | null = null;
  try {
    recognition = recognizeStudy(
      [...headers].map(([seriesInstanceUid, instances]) => ({ seriesInstanceUid, instances })),
      rules,
    );
  } catch (error) {
    problems.push(`sequence recognition: ${describeError(error)}`);
  }
  const series: InventorySeries[] = [...images].map(([uid, instances]) => {
    const r = recognition?.series.find((s) => s.seriesInstanceUid === uid);
    return {
      seriesInstanceUid: uid,
      seriesNumber: r?.seriesNumber ?? null,
      description: r?.description ?? String(instances[0]!.dataset.SeriesDescription ?? ''),
      instances: instances.length,
      role: r?.role ?? 'other',
      rule: r?.rule ?? null,
      reason: r?.reason ?? 'not recognised',
    };
  });

  const volumes = new Map<string, SeriesVolume[] | null>();
  const volumesOf = (uid: string): SeriesVolume[] | null => {
    if (!volumes.has(uid)) {
      try {
        volumes.set(uid, volumesOfSeries(images.get(uid) ?? []));
      } catch (error) {
        problems.push(`series ${uid}: ${describeError(error)}`);
        volumes.set(uid, null);
      }
    }
    return volumes.get(uid)!;
  };

  const masks: InventoryMask[] = [];
  const readMasks: ReadMaskObject[] = [];
  for (const object of maskObjects) {
    const isSeg = SEG_CLASSES.has(String(object.dataset.SOPClassUID));
    const type = isSeg ? 'SEG' : 'RTSTRUCT';
    const referenced = referencedSeries(object.dataset, isSeg);
    // Non-conformant masks name no series: try every image series (the reader checks the frame of reference).
    const candidates =
      referenced.length > 0 ? referenced.filter((uid) => images.has(uid)) : [...images.keys()];
    const sopInstanceUid = String(object.dataset.SOPInstanceUID);
    const seriesNumber = Number.isFinite(Number(object.dataset.SeriesNumber))
      ? Number(object.dataset.SeriesNumber)
      : null;
    // A mask that could not be placed stays listed (without regions) with its reason in the problems.
    const unplaced = (reason: string) => {
      problems.push(`${object.name}: ${reason}`);
      masks.push({
        name: object.name,
        sopInstanceUid,
        type,
        referencedSeriesInstanceUid: referenced[0] ?? null,
        rois: [],
      });
    };
    if (candidates.length === 0) {
      unplaced(
        `mask_reference_missing: ${type} references series ${referenced.join(', ') || '(none)'}, not in this study`,
      );
      continue;
    }
    let read: InventoryMask | null = null;
    const errors: string[] = [];
    for (const uid of candidates) {
      const reference = volumesOf(uid)?.[0];
      if (!reference) continue;
      try {
        checkMaskSize(object, isSeg, reference, limits);
        const unit = voxelVolume(reference.volume.geometry);
        const rois: ReadRoi[] = isSeg
          ? readSegmentation(object.dataset, reference, object.name).regions.map((s) => ({
              number: s.number,
              name: s.name,
              mask: s.mask,
              description: {
                label: s.segment.label,
                ...(s.segment.type ? { propertyType: s.segment.type } : {}),
              },
            }))
          : readRtStruct(object.dataset, reference, object.name).regions.map((r) => ({
              number: r.number,
              name: r.name,
              mask: r.mask,
              description: {
                label: r.roi.name,
                ...(r.roi.interpretedType ? { interpretedType: r.roi.interpretedType } : {}),
              },
            }));
        readMasks.push({
          name: object.name,
          sopInstanceUid,
          seriesNumber,
          type,
          referencedSeriesInstanceUid: uid,
          rois,
        });
        read = {
          name: object.name,
          sopInstanceUid,
          type,
          referencedSeriesInstanceUid: uid,
          rois: rois.map((r) => {
            const voxels = countLabel(r.mask, 1);
            return { number: r.number, name: r.name, voxels, volumeMm3: voxels * unit };
          }),
        };
        break;
      } catch (error) {
        errors.push(describeError(error));
      }
    }
    if (read) masks.push(read);
    else unplaced(errors.join('; ') || 'no readable reference series');
  }
  return { inventory: { series, masks, problems, recognition }, images, masks: readMasks };
}

/** Refuses a mask object whose ROIs, each a byte mask on the reference grid, would exceed the cap. */
function checkMaskSize(
  object: NamedDataset,
  isSeg: boolean,
  reference: SeriesVolume,
  limits: InputLimits,
): void {
  const items = object.dataset[isSeg ? 'SegmentSequence' : 'StructureSetROISequence'];
  const rois = Array.isArray(items) ? items.length : 1;
  const [nx, ny, nz] = reference.volume.geometry.size;
  const bytes = rois * nx * ny * nz;
  const limit = limits.maxSeriesVoxels * MASK_BYTES_PER_SERIES_VOXEL;
  if (bytes > limit) {
    throw new AppError(
      'mask_too_large',
      `${object.name}: ${rois} ROI(s) on a ${nx}x${ny}x${nz} grid need ${bytes} bytes of masks, over the limit of ${limit} (HER2_MAX_SERIES_MEGAVOXELS × 8)`,
      { details: { rois, bytes, limit } },
    );
  }
}

function referencedSeries(ds: DicomDataset, isSeg: boolean): string[] {
  const items = (value: unknown): DicomDataset[] =>
    Array.isArray(value) ? value : value ? [value as DicomDataset] : [];
  if (isSeg) return items(ds.ReferencedSeriesSequence).map((s) => String(s.SeriesInstanceUID));
  const out: string[] = [];
  for (const frame of items(ds.ReferencedFrameOfReferenceSequence))
    for (const study of items(frame.RTReferencedStudySequence))
      for (const series of items(study.RTReferencedSeriesSequence))
        out.push(String(series.SeriesInstanceUID));
  return out;
}
