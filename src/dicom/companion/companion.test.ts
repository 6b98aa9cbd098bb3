import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientStudyAttributes } from '../../synth/mr-writer.js';
import { createVolume, type Geometry } from '../../volume/index.js';
import { buildSrFixture, type SrFixture } from '../sr/measurement-report.fixture.js';
import { declaredCharacterSet, readDataset } from '../sr/reader.js';
import { dceVolumeAndMasks } from './companion.fixture.js';
import { companionPdf, displayName } from './companion-report.js';
import { ENCAPSULATED_PDF_STORAGE, readEncapsulatedPdf, writeEncapsulatedPdf } from './encapsulated-pdf.js';
import { type LesionSnapshot, lesionSnapshot } from './lesion-snapshot.js';
import { pdfString, writePdf } from './pdf-writer.js';

/**
 * The companion checked by independent readers: poppler's pdfinfo / pdftotext / pdfimages for the
 * PDF, dciodvfy for the DICOM object (each skipped with a reason when missing), plus the PDF
 * cross-reference table checked byte by byte.
 */

function available(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}
const hasPoppler = available('pdftotext') && available('pdfinfo') && available('pdfimages');
const hasDciodvfy = available('dciodvfy');
if (!hasPoppler) console.warn('skipping poppler checks: pdftotext/pdfinfo/pdfimages not installed');
if (!hasDciodvfy) console.warn('skipping dciodvfy check: dciodvfy not installed');

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const geometry = (size: [number, number, number], spacing: [number, number, number]): Geometry => ({
  size,
  spacing,
  origin: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

describe('pdf writer', () => {
  it('escapes PDF string delimiters and replaces what Helvetica cannot show', () => {
    expect(pdfString('a(b)c\\d').toString('latin1')).toBe('(a\\(b\\)c\\\\d)');
    expect([...pdfString('Renée')]).toEqual([0x28, 0x52, 0x65, 0x6e, 0xe9, 0x65, 0x29]);
    expect(pdfString('Ελ').toString('latin1')).toBe('(??)');
  });

  it('writes a cross-reference table whose offsets point at the objects', () => {
    const pdf = writePdf({
      title: 'T',
      pages: [
        {
          width: 100,
          height: 100,
          operations: [
            { kind: 'text', x: 10, y: 10, size: 12, text: 'hello' },
            {
              kind: 'image',
              x: 0,
              y: 0,
              width: 50,
              height: 50,
              image: { width: 2, height: 1, pixels: new Uint8Array([0, 255]) },
            },
          ],
        },
      ],
    });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    const entries = text
      .slice(startxref)
      .split('\n')
      .slice(3, 2 + count!);
    entries.forEach((entry, n) => {
      expect(entry).toMatch(/^\d{10} 00000 n $/);
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${n + 1} 0 obj`.length)).toBe(`${n + 1} 0 obj`);
    });
  });

  it('scopes a text colour to its own text (q/Q), so later text is black again', () => {
    const pdf = writePdf({
      title: 'T',
      pages: [
        {
          width: 100,
          height: 100,
          operations: [
            { kind: 'text', x: 1, y: 1, size: 9, text: 'white', color: [1, 1, 1] },
            { kind: 'text', x: 1, y: 20, size: 9, text: 'black' },
          ],
        },
      ],
    }).toString('latin1');
    expect(pdf).toContain('q 1 1 1 rg BT /F1 9 Tf 1 1 Td (white) Tj ET Q\nBT /F1 9 Tf 1 20 Td (black) Tj ET');
  });

  it('rejects an image whose pixel count does not match its size', () => {
    expect(() =>
      writePdf({
        title: 'T',
        pages: [
          {
            width: 10,
            height: 10,
            operations: [
              {
                kind: 'image',
                x: 0,
                y: 0,
                width: 1,
                height: 1,
                image: { width: 2, height: 2, pixels: new Uint8Array(3) },
              },
            ],
          },
        ],
      }),
    ).toThrow(/3 pixels, expected 4/);
  });
});

describe('displayName', () => {
  it('shows Latin-1 names and refuses to print a non-Latin name as question marks', () => {
    expect(displayName('ZZCANARY^Renée Sjöberg')).toBe('ZZCANARY Renée Sjöberg');
    expect(displayName('ZZCANARY^Ελένη Ōta')).toBe('(name in a script this page cannot show; see PACS)');
    expect(displayName('Yamada^Tarou=山田^太郎')).toBe('Yamada Tarou');
  });
});

describe('lesionSnapshot', () => {
  it('shows the slice with the largest tumour, cropped with the margin, outlines on pixel edges', () => {
    const g = geometry([7, 6, 3], [0.5, 1, 2]);
    const image = createVolume(
      g,
      Float64Array.from({ length: 7 * 6 * 3 }, (_, i) => i % 7),
    );
    const tumour = new Uint8Array(7 * 6 * 3);
    const ring = new Uint8Array(7 * 6 * 3);
    tumour[0 * 42 + 2 * 7 + 3] = 1; // z = 0: one voxel
    tumour[1 * 42 + 2 * 7 + 3] = 1; // z = 1: two voxels (3,2) and (4,2)
    tumour[1 * 42 + 2 * 7 + 4] = 1;
    ring[1 * 42 + 2 * 7 + 2] = 1; // ring voxel left of the tumour on z = 1
    const snap = lesionSnapshot(image, createVolume(g, tumour), createVolume(g, ring), 1);
    expect(snap.slice).toBe(1);
    // Union spans x 2..4, y 2..2; margin 1 gives x 1..5, y 1..3.
    expect([snap.image.width, snap.image.height]).toEqual([5, 3]);
    expect(snap.pixelSpacing).toEqual([0.5, 1]);
    // Two adjacent pixels: perimeter of a 2x1 rectangle = 6 unit edges; one pixel: 4.
    expect(snap.tumourOutline).toHaveLength(6);
    expect(snap.ringOutline).toHaveLength(4);
    expect(snap.tumourOutline).toContainEqual([2, 1, 2, 2]); // left edge of the tumour, crop-relative
    // Intensity = x: crop columns 1..5 map from 0 to 255 across the 1st..99th percentile.
    expect(Array.from(snap.image.pixels.slice(0, 5))).toEqual([0, 64, 128, 191, 255]);
  });

  it('refuses an empty tumour mask and a mask on another grid', () => {
    const g = geometry([3, 3, 1], [1, 1, 1]);
    const empty = createVolume(g, new Uint8Array(9));
    const image = createVolume(g, new Float64Array(9));
    expect(() => lesionSnapshot(image, empty, empty)).toThrow(/tumour mask is empty/);
    const other = createVolume(geometry([3, 2, 1], [1, 1, 1]), new Uint8Array(6));
    expect(() => lesionSnapshot(image, other, empty)).toThrow(/tumour mask is 3x2x1/);
  });
});

describe('companion Encapsulated PDF', () => {
  const dir = mkdtempSync(join(tmpdir(), 'her2-companion-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let fixture: SrFixture;
  let snapshot: LesionSnapshot;
  let pdf: Buffer;
  let dicom: Buffer;
  beforeAll(() => {
    fixture = buildSrFixture(3); // Latin-1 patient name
    const { image, tumour, ring } = dceVolumeAndMasks(fixture.study);
    snapshot = lesionSnapshot(image, tumour, ring);
    const { input } = fixture;
    pdf = companionPdf(
      {
        study: input.study,
        document: input.document,
        prediction: input.prediction,
        model: input.model,
        srSopInstanceUid: input.document.sopInstanceUid,
        imageLabel: 'DCE 1st post-contrast',
      },
      snapshot,
    );
    dicom = writeEncapsulatedPdf(
      {
        study: input.study,
        document: {
          ...input.document,
          sopInstanceUid: '2.25.555',
          seriesInstanceUid: '2.25.556',
          seriesNumber: 902,
        },
        equipment: input.equipment,
        title: 'HER-2 radiomics result (research use only)',
        source: {
          sopClassUid: '1.2.840.10008.5.1.4.1.1.88.34',
          sopInstanceUid: input.document.sopInstanceUid,
        },
      },
      pdf,
    );
    writeFileSync(join(dir, 'companion.pdf'), pdf);
    writeFileSync(join(dir, 'companion.dcm'), dicom);
  });

  it.skipIf(!hasPoppler)(
    'is a one-page A4 PDF 1.4 whose text states result, probability, performance, RUO and identifiers',
    () => {
      const info = run('pdfinfo', [join(dir, 'companion.pdf')]);
      expect(info).toMatch(/^Pages:\s+1$/m);
      expect(info).toMatch(/^PDF version:\s+1\.4$/m);
      expect(info).toMatch(/^Page size:\s+595 x 842 pts \(A4\)$/m);
      const text = run('pdftotext', ['-enc', 'UTF-8', join(dir, 'companion.pdf'), '-']);
      const { input } = fixture;
      expect(text).toContain('Result: HER-2 positive');
      expect(text).toContain('Probability of HER-2 positive: 81.3 %');
      expect(text).toContain('AUC 0.78 (95% CI 0.70 to 0.86), n = 120: internal cross-validation, centre 1');
      expect(text).toContain('AUC 0.72 (95% CI 0.59 to 0.85), n = 60: external validation, centre 2');
      expect(text).toContain('RESEARCH USE ONLY');
      expect(text).toContain('Renée Sjöberg');
      expect(text).toContain(input.study.patientId);
      expect(text).toContain(input.study.accessionNumber);
      expect(text).toContain(input.study.studyInstanceUid);
      expect(text).toContain(input.document.sopInstanceUid);
    },
  );

  it.skipIf(!hasPoppler)('embeds exactly one 8-bit grayscale image of the lesion crop', () => {
    const lines = run('pdfimages', ['-list', join(dir, 'companion.pdf')])
      .trim()
      .split('\n')
      .slice(2);
    expect(lines).toHaveLength(1);
    const [, , type, width, height, color, , bpc] = lines[0]!.trim().split(/\s+/);
    expect([type, Number(width), Number(height), color, bpc]).toEqual([
      'image',
      snapshot.image.width,
      snapshot.image.height,
      'gray',
      '8',
    ]);
  });

  it.skipIf(!hasDciodvfy)('dciodvfy names the Encapsulated PDF IOD and reports no error or warning', () => {
    const result = spawnSync('dciodvfy', [join(dir, 'companion.dcm')], { encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toMatch(/^EncapsulatedPDF$/m);
    expect(output.split('\n').filter((l) => /^(Error|Warning)/.test(l))).toEqual([]);
  });

  it('round-trips the PDF bytes and copies the patient and study attributes exactly', () => {
    const back = readEncapsulatedPdf(dicom);
    expect(back.pdf.equals(pdf)).toBe(true);
    expect(back.title).toBe('HER-2 radiomics result (research use only)');
    const ds = readDataset(dicom);
    expect(ds.SOPClassUID).toBe(ENCAPSULATED_PDF_STORAGE);
    expect(ds.Modality).toBe('DOC');
    expect(ds.MIMETypeOfEncapsulatedDocument).toBe('application/pdf');
    const source = patientStudyAttributes(fixture.study.context);
    expect(declaredCharacterSet(dicom)).toBe(source.SpecificCharacterSet);
    expect(ds.AccessionNumber).toBe(source.AccessionNumber);
    expect(ds.StudyInstanceUID).toBe(source.StudyInstanceUID);
    expect((ds.PatientName as { Alphabetic: string }[])[0]!.Alphabetic).toBe(source.PatientName);
  });

  it('pads an odd-length PDF and keeps its true length', () => {
    const odd = Buffer.concat([pdf, pdf.length % 2 === 0 ? Buffer.from(' ') : Buffer.alloc(0)]);
    expect(odd.length % 2).toBe(1);
    const back = readEncapsulatedPdf(
      writeEncapsulatedPdf(
        {
          study: fixture.input.study,
          document: { ...fixture.input.document, sopInstanceUid: '2.25.557', seriesInstanceUid: '2.25.556' },
          equipment: fixture.input.equipment,
          title: 'x',
        },
        odd,
      ),
    );
    expect(back.pdf.equals(odd)).toBe(true);
  });

  it('refuses bytes that are not a PDF', () => {
    expect(() =>
      writeEncapsulatedPdf(
        {
          study: fixture.input.study,
          document: fixture.input.document,
          equipment: fixture.input.equipment,
          title: 'x',
        },
        Buffer.from('GIF89a'),
      ),
    ).toThrow(/"pdf" is not a PDF/);
  });
});
