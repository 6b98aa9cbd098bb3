export {
  type CompanionInput,
  companionInputSchema,
  companionPdf,
  displayName,
  wrap,
} from './companion-report.js';
export {
  ENCAPSULATED_PDF_STORAGE,
  type EncapsulatedPdfInput,
  encapsulatedPdfDataset,
  encapsulatedPdfInputSchema,
  readEncapsulatedPdf,
  writeEncapsulatedPdf,
} from './encapsulated-pdf.js';
export { type LesionSnapshot, lesionSnapshot } from './lesion-snapshot.js';
export {
  type GrayImage,
  type PdfDocument,
  type PdfOperation,
  type PdfPage,
  pdfString,
  writePdf,
} from './pdf-writer.js';
