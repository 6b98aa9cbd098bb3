import { readFileSync, statSync } from 'node:fs';
import type { RegionMask } from '../dicom/mask-object.js';
import { readInstances, readPart10 } from '../dicom/part10.js';
import { readRtStruct } from '../dicom/rtstruct-reader.js';
import { readSegmentation } from '../dicom/seg-reader.js';
import type { SeriesVolume } from '../dicom/series-volume.js';
import { volumesOfSeries } from '../dicom/study-inventory.js';
import { SOP_CLASS } from '../dicom/uids.js';
import { AppError } from '../errors/index.js';
import type { Mask } from '../volume/index.js';
import { readFolderFiles } from './read-folder.js';

/** Whether `file` is a folder (a DICOM series for `--image`). */
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Whether `file` looks like a DICOM Part-10 file ("DICM" at byte 128). */
export function isDicomFile(file: string): boolean {
  try {
    const bytes = readFileSync(file);
    return bytes.length > 132 && bytes.toString('latin1', 128, 132) === 'DICM';
  } catch {
    return false;
  }
}

/**
 * The image volume of a DICOM series folder. A series holding several volumes (DCE phases,
 * b-values) needs `volume` (1-based, in the order `her2 inspect` lists them).
 */
export async function readDicomSeries(
  dir: string,
  volume: number | null,
): Promise<{ series: SeriesVolume; note: string | null }> {
  const files = (await readFolderFiles(dir)).filter((f) => f.bytes.length > 132);
  const instances = readInstances(files).filter((i) => i.dataset.PixelData !== undefined);
  if (instances.length === 0) throw new AppError('series_empty', `${dir}: no DICOM images in this folder`);
  const seriesUids = new Set(instances.map((i) => String(i.dataset.SeriesInstanceUID)));
  if (seriesUids.size > 1) {
    throw new AppError(
      'series_mixed',
      `${dir}: ${seriesUids.size} series in one folder; point --image at one series`,
    );
  }
  const volumes = volumesOfSeries(instances);
  if (volumes.length === 1) return { series: volumes[0]!, note: null };
  const keys = volumes.map((v, n) => `${n + 1} (${v.groupKey})`).join(', ');
  if (volume === null) {
    throw new AppError(
      'series_multiple_volumes',
      `${dir}: the series holds ${volumes.length} volumes; choose one with --volume N: ${keys}`,
    );
  }
  const chosen = volumes[volume - 1];
  if (!chosen) throw new AppError('usage', `--volume must be 1..${volumes.length}, found ${volume}`);
  return { series: chosen, note: `volume ${volume} of ${volumes.length} (${chosen.groupKey})` };
}

/**
 * One ROI of a SEG (by segment number) or RTSTRUCT (by ROI number or name) as a 0/1 mask on the
 * series' grid; the first ROI when `label` is null.
 */
export function readDicomMask(
  file: string,
  series: SeriesVolume,
  label: string | null,
): { mask: Mask; roi: string } {
  const { dataset } = readPart10(new Uint8Array(readFileSync(file)), file);
  const sopClass = String(dataset.SOPClassUID ?? '');
  let rois: readonly RegionMask[];
  if (sopClass === SOP_CLASS.segmentation || sopClass === SOP_CLASS.labelMapSegmentation) {
    rois = readSegmentation(dataset, series, file).regions;
  } else if (sopClass === SOP_CLASS.rtStructureSet) {
    rois = readRtStruct(dataset, series, file).regions;
  } else {
    throw new AppError('mask_unsupported', `${file}: not a SEG or RTSTRUCT (SOP class ${sopClass})`);
  }
  const choice =
    label === null
      ? rois[0]
      : (rois.find((r) => String(r.number) === label) ?? rois.find((r) => r.name === label));
  if (!choice) {
    const available = rois.map((r) => `${r.number} "${r.name}"`).join(', ');
    throw new AppError(
      'label_absent',
      `${file}: no segment or ROI ${label === null ? '' : `'${label}' `}(available: ${available || 'none'})`,
    );
  }
  const binary = new Uint8Array(choice.mask.data.length);
  for (let n = 0; n < binary.length; n++) binary[n] = choice.mask.data[n] ? 1 : 0;
  return { mask: { geometry: choice.mask.geometry, data: binary }, roi: `${choice.number} "${choice.name}"` };
}
