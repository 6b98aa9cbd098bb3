import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { writePart10 } from '../part10-writer.js';
import { patientStudyModule } from '../sr/measurement-report.js';
import { readDataset } from '../sr/reader.js';
import { documentSchema, studySchema } from '../sr/schema.js';

/**
 * Encapsulated PDF IOD (PS3.3 A.45.1): Patient, General Study, Encapsulated Document Series,
 * General Equipment, SC Equipment, Encapsulated Document, SOP Common. The companion page of
 * the HER-2 SR, for PACS viewers that do not render SR.
 */

export const ENCAPSULATED_PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

export const encapsulatedPdfInputSchema = z.object({
  study: studySchema,
  document: documentSchema,
  equipment: z.object({ manufacturer: z.string().max(64), softwareVersions: z.string().max(64) }),
  title: z.string().min(1).max(1024),
  /** The SR the document summarises (Source Instance Sequence). */
  source: z.object({ sopClassUid: z.string().max(64), sopInstanceUid: z.string().max(64) }).optional(),
});

export type EncapsulatedPdfInput = z.infer<typeof encapsulatedPdfInputSchema>;

function startsLikePdf(pdf: Uint8Array): boolean {
  return Buffer.from(pdf.subarray(0, 5)).toString('latin1') === '%PDF-';
}

export function encapsulatedPdfDataset(input: unknown, pdf: Uint8Array): Record<string, unknown> {
  const parsed = encapsulatedPdfInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('companion_input_invalid', `Argument "${issue.path.join('.')}" ${issue.message}`);
  }
  if (!startsLikePdf(pdf)) throw new AppError('companion_input_invalid', 'Argument "pdf" is not a PDF file');
  const { study, document: doc, equipment, title, source } = parsed.data;
  return {
    ...patientStudyModule(study),
    SOPClassUID: ENCAPSULATED_PDF_STORAGE,
    SOPInstanceUID: doc.sopInstanceUid,
    // Encapsulated Document Series
    Modality: 'DOC',
    SeriesInstanceUID: doc.seriesInstanceUid,
    SeriesNumber: doc.seriesNumber,
    SeriesDescription: doc.seriesDescription,
    // General Equipment + SC Equipment
    Manufacturer: equipment.manufacturer,
    SoftwareVersions: equipment.softwareVersions,
    ConversionType: 'WSD',
    // Encapsulated Document
    InstanceNumber: doc.instanceNumber,
    ContentDate: doc.contentDate,
    ContentTime: doc.contentTime,
    AcquisitionDateTime: `${doc.contentDate}${doc.contentTime}`,
    // The page shows the patient's name and identifiers.
    BurnedInAnnotation: 'YES',
    DocumentTitle: title,
    ConceptNameCodeSequence: [],
    ...(source
      ? {
          SourceInstanceSequence: [
            { ReferencedSOPClassUID: source.sopClassUid, ReferencedSOPInstanceUID: source.sopInstanceUid },
          ],
        }
      : {}),
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    // OB is padded to even length; this attribute keeps the true length.
    EncapsulatedDocumentLength: pdf.length,
    EncapsulatedDocument: pdf,
    InstanceCreationDate: doc.contentDate,
    InstanceCreationTime: doc.contentTime,
  };
}

export function writeEncapsulatedPdf(input: unknown, pdf: Uint8Array): Buffer {
  return writePart10(encapsulatedPdfDataset(input, pdf));
}

/** The PDF inside an Encapsulated PDF object, cut to EncapsulatedDocumentLength. */
export function readEncapsulatedPdf(bytes: Uint8Array): { title: string; pdf: Buffer } {
  const ds = readDataset(bytes);
  if (ds.SOPClassUID !== ENCAPSULATED_PDF_STORAGE) {
    throw new AppError(
      'companion_not_supported',
      `SOP class ${String(ds.SOPClassUID)} is not Encapsulated PDF`,
    );
  }
  const raw = ds.EncapsulatedDocument;
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (!(first instanceof ArrayBuffer))
    throw new AppError('companion_not_supported', 'no EncapsulatedDocument');
  const length = Number(ds.EncapsulatedDocumentLength ?? first.byteLength);
  return { title: String(ds.DocumentTitle ?? ''), pdf: Buffer.from(first, 0, length) };
}
