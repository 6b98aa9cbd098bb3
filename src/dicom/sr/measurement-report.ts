import { AppError } from '../../errors/index.js';
import { writePart10 } from '../part10-writer.js';
import * as codes from './codes.js';
import { type ContentItem, codeToDataset, contentItemToDataset } from './content-item.js';
import { predictionGroup, volumetricRoiMeasurements } from './measurement-group.js';
import {
  deviceObserverContext,
  imageLibrary,
  languageOfContent,
  procedureReported,
} from './report-context.js';
import { type MeasurementReportInput, measurementReportInputSchema, type StudyInput } from './schema.js';
import { formatMaskTransfer, formatPerformance, formatSupersedes } from './statements.js';

/**
 * TID 1500 Measurement Report as a Comprehensive 3D SR document (PS3.3 A.35.13; PS3.16 TID 1500),
 * profiled after IHE AI Results: the HER-2 radiomics features of every lesion × sequence × region
 * (TID 1411), the predicted HER-2 status with its probability (a TID 1411 group on the lesion), and the model's
 * performance, intended use and regulatory status as TEXT evaluations.
 *
 * The constructor validates its whole input (schema, then cross-references) and names the first
 * wrong argument, so an instance always describes a writable document.
 */

export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';

/** Patient and General Study modules, copied verbatim from the source study (character set included). */
export function patientStudyModule(study: StudyInput): Record<string, unknown> {
  return {
    ...(study.specificCharacterSet ? { SpecificCharacterSet: study.specificCharacterSet } : {}),
    PatientName: study.patientName,
    PatientID: study.patientId,
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    PatientAge: study.patientAge,
    StudyInstanceUID: study.studyInstanceUid,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    StudyID: study.studyId,
    AccessionNumber: study.accessionNumber,
    StudyDescription: study.studyDescription,
    ReferringPhysicianName: study.referringPhysicianName,
  };
}

function invalid(argument: string, problem: string): AppError {
  return new AppError('sr_input_invalid', `Argument "${argument}" ${problem}`, { details: { argument } });
}

/** Cross-reference checks the schema cannot express. */
function checkReferences(input: MeasurementReportInput): void {
  const segs = new Map(input.segmentations.map((s) => [s.sopInstanceUid, s]));
  const series = new Map(input.sourceSeries.map((s) => [s.seriesInstanceUid, s]));
  const trackingUids = new Set<string>([input.prediction.trackingUid]);
  const groupKeys = new Set<string>();
  const seriesSequence = new Map<string, string>();
  input.groups.forEach((group, n) => {
    const where = `groups[${n}]`;
    const key = `${group.lesionNumber}/${group.sequence}/${group.region}`;
    if (groupKeys.has(key))
      throw invalid(where, `repeats lesion ${group.lesionNumber} ${group.sequence} ${group.region}`);
    groupKeys.add(key);
    const sequence = seriesSequence.get(group.sourceSeriesInstanceUid) ?? group.sequence;
    if (sequence !== group.sequence) {
      throw invalid(`${where}.sequence`, `differs from another group's sequence on the same source series`);
    }
    seriesSequence.set(group.sourceSeriesInstanceUid, sequence);
    const seg = segs.get(group.segmentation.sopInstanceUid);
    if (!seg)
      throw invalid(`${where}.segmentation.sopInstanceUid`, 'names a SEG not listed in "segmentations"');
    if (!seg.segmentNumbers.includes(group.segmentation.segmentNumber)) {
      throw invalid(`${where}.segmentation.segmentNumber`, `is not a segment of that SEG`);
    }
    if (!series.has(group.sourceSeriesInstanceUid)) {
      throw invalid(`${where}.sourceSeriesInstanceUid`, 'names a series not listed in "sourceSeries"');
    }
    if (trackingUids.has(group.trackingUid)) throw invalid(`${where}.trackingUid`, 'is used twice');
    trackingUids.add(group.trackingUid);
    const names = new Set<string>();
    group.features.forEach((feature, f) => {
      const key = `${feature.imageType}/${feature.name}`;
      if (names.has(key)) throw invalid(`${where}.features[${f}]`, `repeats feature ${key}`);
      names.add(key);
    });
  });
  input.sourceSeries.forEach((s, n) => {
    const sequence = seriesSequence.get(s.seriesInstanceUid);
    if (sequence === undefined) throw invalid(`sourceSeries[${n}]`, 'is the source of no measurement group');
    if (sequence !== s.sequence) {
      throw invalid(`sourceSeries[${n}].sequence`, `is ${s.sequence} but its groups say ${sequence}`);
    }
  });
  if (!input.groups.some((g) => g.lesionNumber === input.prediction.lesionNumber)) {
    throw invalid('prediction.lesionNumber', 'names a lesion without a measurement group');
  }
  if (input.document.seriesInstanceUid === input.study.studyInstanceUid) {
    throw invalid('document.seriesInstanceUid', 'equals the StudyInstanceUID');
  }
  for (const s of input.sourceSeries) {
    if (s.seriesInstanceUid === input.document.seriesInstanceUid) {
      throw invalid('document.seriesInstanceUid', 'must be a new series, not a source series');
    }
  }
}

function text(concept: codes.Code, value: string): ContentItem {
  return { relationship: 'CONTAINS', valueType: 'TEXT', concept, value };
}

export class MeasurementReport {
  readonly input: MeasurementReportInput;
  /** The document's content tree, root container included. */
  readonly content: ContentItem;

  constructor(input: unknown) {
    const parsed = measurementReportInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.') || '(input)';
      throw new AppError('sr_input_invalid', `Argument "${path}" ${issue.message}`, {
        details: { argument: path, issues: parsed.error.issues.length },
      });
    }
    this.input = parsed.data;
    checkReferences(this.input);
    this.content = this.buildContent();
  }

  private buildContent(): ContentItem {
    const { input } = this;
    const segClass = new Map(input.segmentations.map((s) => [s.sopInstanceUid, s.sopClassUid]));
    const evaluations: ContentItem[] = [
      text(codes.INTENDED_USE, input.model.intendedUse),
      text(codes.REGULATORY_STATUS, codes.RESEARCH_USE_ONLY_TEXT),
      ...input.model.performance.map((p) => text(codes.VALIDATED_PERFORMANCE, formatPerformance(p))),
      ...input.maskTransfers.map((t) => text(codes.MASK_TRANSFER, formatMaskTransfer(t))),
      ...(input.supersedes
        ? [text(codes.SUPERSEDES, formatSupersedes(input.supersedes.sopInstanceUid))]
        : []),
    ];
    return {
      valueType: 'CONTAINER',
      concept: codes.IMAGING_MEASUREMENT_REPORT,
      continuity: 'SEPARATE',
      template: '1500',
      children: [
        languageOfContent(),
        ...deviceObserverContext(input.model),
        procedureReported(),
        imageLibrary(input.sourceSeries),
        {
          relationship: 'CONTAINS',
          valueType: 'CONTAINER',
          concept: codes.IMAGING_MEASUREMENTS,
          continuity: 'SEPARATE',
          children: [
            ...input.groups.map((g) =>
              volumetricRoiMeasurements(g, segClass.get(g.segmentation.sopInstanceUid)!),
            ),
            predictionGroup(
              input.prediction,
              input.model,
              this.predictedLesionGroup(),
              segClass.get(this.predictedLesionGroup().segmentation.sopInstanceUid)!,
            ),
          ],
        },
        {
          relationship: 'CONTAINS',
          valueType: 'CONTAINER',
          concept: codes.QUALITATIVE_EVALUATIONS,
          continuity: 'SEPARATE',
          children: evaluations,
        },
      ],
    };
  }

  /**
   * The group of the predicted lesion that carries the prediction: its intratumoral group, or its
   * first group when the model reads no intratumoral feature (e.g. a peritumoral-only model, whose
   * analysis reports ring groups only). The constructor checks that the lesion has a group.
   */
  private predictedLesionGroup() {
    const { groups, prediction } = this.input;
    const ofLesion = groups.filter((g) => g.lesionNumber === prediction.lesionNumber);
    return ofLesion.find((g) => g.region === 'intratumoral') ?? ofLesion[0]!;
  }

  /** Every instance the report references, grouped by series (Hierarchical SOP Instance Reference Macro). */
  private evidence(): Record<string, unknown>[] {
    const { input } = this;
    const series = [
      ...input.sourceSeries.map((s) => ({
        SeriesInstanceUID: s.seriesInstanceUid,
        ReferencedSOPSequence: s.sopInstanceUids.map((uid) => ({
          ReferencedSOPClassUID: s.sopClassUid,
          ReferencedSOPInstanceUID: uid,
        })),
      })),
    ];
    for (const seg of input.segmentations) {
      const ref = { ReferencedSOPClassUID: seg.sopClassUid, ReferencedSOPInstanceUID: seg.sopInstanceUid };
      const existing = series.find((s) => s.SeriesInstanceUID === seg.seriesInstanceUid);
      if (existing) existing.ReferencedSOPSequence.push(ref);
      else series.push({ SeriesInstanceUID: seg.seriesInstanceUid, ReferencedSOPSequence: [ref] });
    }
    return [{ StudyInstanceUID: input.study.studyInstanceUid, ReferencedSeriesSequence: series }];
  }

  /** The complete naturalized dataset (dcmjs keywords), ready for `writePart10`. */
  toDataset(): Record<string, unknown> {
    const { input } = this;
    const { document: doc, model } = input;
    const root = contentItemToDataset(this.content);
    const predecessor = input.supersedes
      ? {
          PredecessorDocumentsSequence: [
            {
              StudyInstanceUID: input.supersedes.studyInstanceUid,
              ReferencedSeriesSequence: [
                {
                  SeriesInstanceUID: input.supersedes.seriesInstanceUid,
                  ReferencedSOPSequence: [
                    {
                      ReferencedSOPClassUID: input.supersedes.sopClassUid,
                      ReferencedSOPInstanceUID: input.supersedes.sopInstanceUid,
                    },
                  ],
                },
              ],
            },
          ],
        }
      : {};
    return {
      ...patientStudyModule(input.study),
      SOPClassUID: COMPREHENSIVE_3D_SR_STORAGE,
      SOPInstanceUID: doc.sopInstanceUid,
      // SR Document Series
      Modality: 'SR',
      SeriesInstanceUID: doc.seriesInstanceUid,
      SeriesNumber: doc.seriesNumber,
      SeriesDescription: doc.seriesDescription,
      ReferencedPerformedProcedureStepSequence: [],
      // General Equipment
      Manufacturer: input.equipment.manufacturer,
      SoftwareVersions: input.equipment.softwareVersions,
      // SR Document General
      InstanceNumber: doc.instanceNumber,
      CompletionFlag: 'COMPLETE',
      VerificationFlag: 'UNVERIFIED',
      ContentDate: doc.contentDate,
      ContentTime: doc.contentTime,
      PerformedProcedureCodeSequence: [],
      CurrentRequestedProcedureEvidenceSequence: this.evidence(),
      ...predecessor,
      // SOP Common
      InstanceCreationDate: doc.contentDate,
      InstanceCreationTime: doc.contentTime,
      CodingSchemeIdentificationSequence: codes.CODING_SCHEME_DECLARATIONS.map((s) => ({ ...s })),
      ContributingEquipmentSequence: [
        {
          PurposeOfReferenceCodeSequence: [codeToDataset(codes.PROCESSING_ALGORITHM)],
          Manufacturer: model.manufacturer,
          ManufacturerModelName: model.name,
          SoftwareVersions: model.version,
          DeviceUID: model.deviceUid,
        },
      ],
      // SR Document Content (root item)
      ...root,
    };
  }

  /** The Part-10 file (Explicit VR Little Endian). */
  toBytes(): Buffer {
    return writePart10(this.toDataset());
  }
}
