import { z } from 'zod';
import { AppError } from '../../errors/index.js';
import { RESEARCH_USE_ONLY_TEXT } from '../sr/codes.js';
import { documentSchema, modelSchema, predictionSchema, studySchema } from '../sr/schema.js';
import type { LesionSnapshot } from './lesion-snapshot.js';
import { type PdfOperation, writePdf } from './pdf-writer.js';

/**
 * The human-readable companion of the SR: one A4 page with the predicted HER-2 status, its
 * probability and threshold, the model's validated performance and intended use, "research use
 * only", the study identifiers, and the lesion slice with the tumour (red) and the 3 mm ring
 * (yellow) outlined.
 */

export const companionInputSchema = z.object({
  study: studySchema,
  document: documentSchema,
  prediction: predictionSchema.pick({ status: true, probability: true, threshold: true }),
  model: modelSchema.pick({ name: true, version: true, performance: true, intendedUse: true }),
  /** The SR this page accompanies. */
  srSopInstanceUid: z.string().max(64).optional(),
  /** Which sequence the picture shows, e.g. "DCE (2nd post-contrast)". */
  imageLabel: z.string().max(64),
});

export type CompanionInput = z.infer<typeof companionInputSchema>;

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const LEFT = 50;

function formatDate(da: string): string {
  return da.length === 8 ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da;
}

/** WinAnsi (standard Helvetica) shows Latin-1 only. */
function showable(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (!((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff))) return false;
  }
  return true;
}

/**
 * The patient's name as the page shows it. A name in another script would come out as question
 * marks in the standard fonts; a half-readable name is worse than none, so the page says so and
 * the patient ID identifies the patient.
 */
export function displayName(patientName: string): string {
  const alphabetic = patientName.split('=')[0]!.replace(/\^/g, ' ').trim();
  return showable(alphabetic) ? alphabetic : '(name in a script this page cannot show; see PACS)';
}

/** Greedy word wrap; Helvetica averages about 0.5 em per character. */
export function wrap(text: string, size: number, width: number): string[] {
  const max = Math.max(10, Math.floor(width / (size * 0.5)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The companion page as PDF bytes. */
export function companionPdf(input: unknown, snapshot: LesionSnapshot): Buffer {
  const parsed = companionInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('companion_input_invalid', `Argument "${issue.path.join('.')}" ${issue.message}`);
  }
  const c = parsed.data;
  const ops: PdfOperation[] = [];
  let y = PAGE_HEIGHT - 60;
  const text = (t: string, size = 10, bold = false, x = LEFT) => {
    ops.push({ kind: 'text', x, y, size, text: t, bold });
    y -= size * 1.45;
  };
  const paragraph = (t: string, size = 10) => {
    for (const line of wrap(t, size, PAGE_WIDTH - 2 * LEFT)) text(line, size);
  };

  text('HER-2 status estimate from breast MRI radiomics', 16, true);
  y -= 4;
  ops.push({
    kind: 'rect',
    x: LEFT,
    y: y - 4,
    width: PAGE_WIDTH - 2 * LEFT,
    height: 22,
    color: [0.85, 0.1, 0.1],
  });
  ops.push({
    kind: 'text',
    x: LEFT + 8,
    y: y + 3,
    size: 12,
    text: RESEARCH_USE_ONLY_TEXT.toUpperCase(),
    bold: true,
    color: [1, 1, 1],
  });
  y -= 34;

  const { status, probability, threshold } = c.prediction;
  text(`Result: HER-2 ${status}`, 14, true);
  text(
    `Probability of HER-2 positive: ${(probability * 100).toFixed(1)} % (decision threshold ${(threshold * 100).toFixed(1)} %)`,
    11,
  );
  text(`Model: ${c.model.name} ${c.model.version}`, 10);
  y -= 6;

  text('Validated performance', 11, true);
  for (const p of c.model.performance) {
    paragraph(
      `AUC ${p.auc.toFixed(2)} (95% CI ${p.ciLower.toFixed(2)} to ${p.ciUpper.toFixed(2)}), n = ${p.n}: ${p.cohort}`,
    );
  }
  y -= 6;
  text('Intended use', 11, true);
  paragraph(c.model.intendedUse);
  y -= 6;

  text('Study', 11, true);
  const s = c.study;
  text(
    `Patient: ${displayName(s.patientName)}   ID: ${s.patientId}   Sex: ${s.patientSex}   Age: ${s.patientAge}`,
  );
  text(`Study date: ${formatDate(s.studyDate)}   Accession: ${s.accessionNumber}   Study ID: ${s.studyId}`);
  text(`Study UID: ${s.studyInstanceUid}`, 8);
  if (c.srSopInstanceUid) text(`Structured report (DICOM SR): ${c.srSopInstanceUid}`, 8);
  y -= 10;

  // The lesion picture: scaled to fit 300 pt wide / 300 pt high, keeping the pixel aspect ratio.
  const { image, pixelSpacing } = snapshot;
  const mmWide = image.width * pixelSpacing[0];
  const mmHigh = image.height * pixelSpacing[1];
  const scale = Math.min(300 / mmWide, 300 / mmHigh);
  const drawW = mmWide * scale;
  const drawH = mmHigh * scale;
  text(`${c.imageLabel}, slice ${snapshot.slice + 1}: tumour (red) and 3 mm ring (yellow)`, 9, true);
  const top = y;
  const x0 = LEFT;
  const y0 = top - drawH;
  ops.push({ kind: 'image', x: x0, y: y0, width: drawW, height: drawH, image });
  const sx = drawW / image.width;
  const sy = drawH / image.height;
  const toPage = (segments: [number, number, number, number][]) =>
    segments.map(
      ([a, b, c2, d]) =>
        [x0 + a * sx, top - b * sy, x0 + c2 * sx, top - d * sy] as [number, number, number, number],
    );
  ops.push({ kind: 'lines', segments: toPage(snapshot.ringOutline), color: [1, 0.85, 0], lineWidth: 1 });
  ops.push({ kind: 'lines', segments: toPage(snapshot.tumourOutline), color: [1, 0.1, 0.1], lineWidth: 1.2 });

  ops.push({
    kind: 'text',
    x: LEFT,
    y: 40,
    size: 8,
    text: 'Generated by her2-radiomics. Not verified by a physician. The DICOM SR in this study holds the full results.',
  });
  return writePdf({
    title: 'HER-2 radiomics result (research use only)',
    pages: [{ width: PAGE_WIDTH, height: PAGE_HEIGHT, operations: ops }],
  });
}
