import { AppError } from '../../errors/index.js';
import { readPart10 } from '../part10.js';
import * as codes from './codes.js';
import { type ContentItem, contentItemFromDataset, items } from './content-item.js';
import { parseGroupTrackingIdentifier, parsePredictionTrackingIdentifier } from './measurement-group.js';
import { COMPREHENSIVE_3D_SR_STORAGE } from './measurement-report.js';
import {
  type MeasurementGroupInput,
  type MeasurementReportInput,
  measurementReportInputSchema,
  type Sequence,
} from './schema.js';
import { parseMaskTransfer, parsePerformance } from './statements.js';

/**
 * Reads a HER-2 TID 1500 report written by `MeasurementReport` back into its input object
 * (the inverse of the writer; the round-trip test holds them together). Part-10 parsing is
 * `readPart10`'s (dcmjs underneath); the tree walk and the mapping back to typed values are ours.
 */

type Dataset = Record<string, unknown>;

const SEGMENTATION_CLASSES = new Set(['1.2.840.10008.5.1.4.1.1.66.4', '1.2.840.10008.5.1.4.1.1.66.7']);

/** Parses a Part-10 file into a naturalized dataset (declared character set kept, see `readPart10`). */
export function readDataset(bytes: Uint8Array): Dataset {
  try {
    return readPart10(bytes, 'SR').dataset;
  } catch (cause) {
    throw new AppError('sr_unreadable', 'SR bytes are not a readable DICOM Part-10 file', { cause });
  }
}

/** The SpecificCharacterSet as written in the file (dcmjs alone would report ISO_IR 192 for any file). */
export function declaredCharacterSet(bytes: Uint8Array): string | undefined {
  return characterSetOf(readDataset(bytes));
}

function characterSetOf(ds: Dataset): string | undefined {
  const value = ds.SpecificCharacterSet;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** The content tree of an SR dataset (root container first). */
export function readContentTree(dataset: Dataset): ContentItem {
  return contentItemFromDataset(dataset);
}

function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : str(value[0]);
  if (typeof value === 'object') {
    const pn = value as { Alphabetic?: string };
    return pn.Alphabetic ?? '';
  }
  return String(value);
}

function num(value: unknown): number {
  return Number(Array.isArray(value) ? value[0] : value);
}

function has(item: ContentItem, concept: codes.Code): boolean {
  return item.concept !== undefined && codes.sameCode(item.concept, concept);
}

function child(parent: ContentItem, concept: codes.Code, where: string): ContentItem {
  const found = parent.children?.find((c) => has(c, concept));
  if (!found) throw new AppError('sr_content_invalid', `${where}: no "${concept.meaning}" item`);
  return found;
}

function childrenOf(parent: ContentItem, concept: codes.Code): ContentItem[] {
  return (parent.children ?? []).filter((c) => has(c, concept));
}

function textOf(item: ContentItem): string {
  if (item.valueType === 'TEXT' || item.valueType === 'UIDREF') return item.value;
  throw new AppError('sr_content_invalid', `"${item.concept?.meaning}" is not TEXT/UIDREF`);
}

function codeOf(item: ContentItem): codes.Code {
  if (item.valueType === 'CODE') return item.value;
  throw new AppError('sr_content_invalid', `"${item.concept?.meaning}" is not a CODE`);
}

function numOf(item: ContentItem): number {
  if (item.valueType === 'NUM') return item.value;
  throw new AppError('sr_content_invalid', `"${item.concept?.meaning}" is not a NUM`);
}

function readGroup(group: ContentItem, where: string): MeasurementGroupInput {
  const trackingText = textOf(child(group, codes.TRACKING_IDENTIFIER, where));
  const tracking = parseGroupTrackingIdentifier(trackingText);
  if (!tracking) {
    throw new AppError('sr_content_invalid', `${where}: tracking identifier "${trackingText}" is not ours`);
  }
  const site = child(group, codes.FINDING_SITE, where);
  const laterality = codeOf(child(site, codes.LATERALITY, `${where} finding site`));
  const segment = child(group, codes.REFERENCED_SEGMENT, where);
  if (segment.valueType !== 'IMAGE' || segment.segmentNumber === undefined) {
    throw new AppError('sr_content_invalid', `${where}: Referenced Segment has no segment number`);
  }
  const features = (group.children ?? [])
    .filter((c) => c.valueType === 'NUM')
    .map((item) => {
      if (item.valueType !== 'NUM' || !item.concept)
        throw new AppError('sr_content_invalid', `${where}: bad NUM`);
      const derivation = codeOf(child(item, codes.DERIVATION, `${where} ${item.concept.meaning}`));
      return {
        name: item.concept.meaning,
        ibsiCode: item.concept.scheme === 'IBSI' ? item.concept.value : null,
        value: item.value,
        unit: item.unit.value,
        imageType: derivation.meaning,
        outOfRange: childrenOf(item, codes.TRAINING_RANGE).some((c) =>
          codes.sameCode(codeOf(c), codes.OUTSIDE_TRAINING_RANGE),
        ),
      };
    });
  return {
    trackingUid: textOf(child(group, codes.TRACKING_UNIQUE_IDENTIFIER, where)),
    ...tracking,
    laterality: codes.sameCode(laterality, codes.RIGHT) ? 'right' : 'left',
    segmentation: { sopInstanceUid: segment.sopInstanceUid, segmentNumber: segment.segmentNumber },
    sourceSeriesInstanceUid: textOf(child(group, codes.SOURCE_SERIES_FOR_SEGMENTATION, where)),
    algorithm: {
      name: textOf(child(group, codes.ALGORITHM_NAME, where)),
      version: textOf(child(group, codes.ALGORITHM_VERSION, where)),
      parameters: childrenOf(group, codes.ALGORITHM_PARAMETERS).map(textOf),
    },
    features,
  };
}

/** Reads our SR back into the typed input it was written from. */
export function readMeasurementReport(bytes: Uint8Array): MeasurementReportInput {
  const ds = readDataset(bytes);
  if (ds.SOPClassUID !== COMPREHENSIVE_3D_SR_STORAGE) {
    throw new AppError('sr_not_supported', `SOP class ${str(ds.SOPClassUID)} is not Comprehensive 3D SR`);
  }
  const charset = characterSetOf(ds);
  const root = readContentTree(ds);
  if (root.valueType !== 'CONTAINER' || root.template !== '1500') {
    throw new AppError('sr_not_supported', 'SR root is not a TID 1500 container');
  }
  const measurements = child(root, codes.IMAGING_MEASUREMENTS, 'report');
  const groupItems = childrenOf(measurements, codes.MEASUREMENT_GROUP);
  const trackingOf = (g: ContentItem) => textOf(child(g, codes.TRACKING_IDENTIFIER, 'measurement group'));
  const predictionItem = groupItems.find(
    (g) => parsePredictionTrackingIdentifier(trackingOf(g)) !== undefined,
  );
  if (!predictionItem) throw new AppError('sr_content_invalid', 'report has no HER-2 prediction group');
  const predictedLesion = parsePredictionTrackingIdentifier(trackingOf(predictionItem))!;
  const groups = groupItems
    .filter((g) => g !== predictionItem)
    .map((g, n) => readGroup(g, `measurement group ${n + 1}`));
  const evaluations = child(root, codes.QUALITATIVE_EVALUATIONS, 'report');
  const sha = childrenOf(predictionItem, codes.ALGORITHM_PARAMETERS)
    .map(textOf)
    .find((p) => p.startsWith('model-sha256='));
  const equipment = items(ds.ContributingEquipmentSequence)[0] ?? {};
  const status = codeOf(child(predictionItem, codes.HER2_STATUS, 'prediction'));

  const sequenceOfSeries = new Map<string, Sequence>(
    groups.map((g) => [g.sourceSeriesInstanceUid, g.sequence]),
  );
  const sourceSeries: MeasurementReportInput['sourceSeries'] = [];
  const segmentations: MeasurementReportInput['segmentations'] = [];
  for (const study of items(ds.CurrentRequestedProcedureEvidenceSequence)) {
    for (const series of items(study.ReferencedSeriesSequence)) {
      const seriesUid = str(series.SeriesInstanceUID);
      const refs = items(series.ReferencedSOPSequence);
      const images = refs.filter((r) => !SEGMENTATION_CLASSES.has(str(r.ReferencedSOPClassUID)));
      if (images.length > 0) {
        sourceSeries.push({
          sequence: sequenceOfSeries.get(seriesUid) ?? 'T2W',
          seriesInstanceUid: seriesUid,
          sopClassUid: str(images[0]!.ReferencedSOPClassUID),
          sopInstanceUids: images.map((r) => str(r.ReferencedSOPInstanceUID)),
        });
      }
      for (const seg of refs.filter((r) => SEGMENTATION_CLASSES.has(str(r.ReferencedSOPClassUID)))) {
        const sopInstanceUid = str(seg.ReferencedSOPInstanceUID);
        const numbers = [
          ...new Set(
            groups
              .filter((g) => g.segmentation.sopInstanceUid === sopInstanceUid)
              .map((g) => g.segmentation.segmentNumber),
          ),
        ].sort((a, b) => a - b);
        segmentations.push({
          seriesInstanceUid: seriesUid,
          sopInstanceUid,
          sopClassUid: str(seg.ReferencedSOPClassUID),
          segmentNumbers: numbers,
        });
      }
    }
  }
  const predecessor = items(ds.PredecessorDocumentsSequence)[0];
  const predecessorSeries = predecessor ? items(predecessor.ReferencedSeriesSequence)[0] : undefined;
  const predecessorSop = predecessorSeries ? items(predecessorSeries.ReferencedSOPSequence)[0] : undefined;

  const result = {
    study: {
      ...(charset ? { specificCharacterSet: charset } : {}),
      patientName: str(ds.PatientName),
      patientId: str(ds.PatientID),
      patientBirthDate: str(ds.PatientBirthDate),
      patientSex: str(ds.PatientSex),
      patientAge: str(ds.PatientAge),
      studyInstanceUid: str(ds.StudyInstanceUID),
      studyDate: str(ds.StudyDate),
      studyTime: str(ds.StudyTime),
      studyId: str(ds.StudyID),
      accessionNumber: str(ds.AccessionNumber),
      studyDescription: str(ds.StudyDescription),
      referringPhysicianName: str(ds.ReferringPhysicianName),
    },
    document: {
      sopInstanceUid: str(ds.SOPInstanceUID),
      seriesInstanceUid: str(ds.SeriesInstanceUID),
      seriesNumber: num(ds.SeriesNumber),
      instanceNumber: num(ds.InstanceNumber),
      seriesDescription: str(ds.SeriesDescription),
      contentDate: str(ds.ContentDate),
      contentTime: str(ds.ContentTime),
    },
    equipment: { manufacturer: str(ds.Manufacturer), softwareVersions: str(ds.SoftwareVersions) },
    sourceSeries,
    segmentations,
    groups,
    prediction: {
      lesionNumber: predictedLesion,
      status: codes.sameCode(status, codes.HER2_POSITIVE) ? 'positive' : 'negative',
      probability: numOf(child(predictionItem, codes.PROBABILITY_HER2_POSITIVE, 'prediction')),
      threshold: numOf(child(predictionItem, codes.DECISION_THRESHOLD, 'prediction')),
      trackingUid: textOf(child(predictionItem, codes.TRACKING_UNIQUE_IDENTIFIER, 'prediction')),
    },
    model: {
      name: str(equipment.ManufacturerModelName),
      version: str(equipment.SoftwareVersions),
      sha256: sha ? sha.slice('model-sha256='.length) : '',
      deviceUid: str(equipment.DeviceUID),
      manufacturer: str(equipment.Manufacturer),
      performance: childrenOf(evaluations, codes.VALIDATED_PERFORMANCE).map((i) =>
        parsePerformance(textOf(i)),
      ),
      intendedUse: textOf(child(evaluations, codes.INTENDED_USE, 'evaluations')),
    },
    maskTransfers: childrenOf(evaluations, codes.MASK_TRANSFER).map((i) => parseMaskTransfer(textOf(i))),
    ...(predecessor && predecessorSop
      ? {
          supersedes: {
            studyInstanceUid: str(predecessor.StudyInstanceUID),
            seriesInstanceUid: str(predecessorSeries?.SeriesInstanceUID),
            sopInstanceUid: str(predecessorSop.ReferencedSOPInstanceUID),
            sopClassUid: str(predecessorSop.ReferencedSOPClassUID),
          },
        }
      : {}),
  };
  const parsed = measurementReportInputSchema.safeParse(result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('sr_content_invalid', `SR content ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
