import { deflateSync } from 'node:zlib';
import { AppError } from '../../errors/index.js';

/**
 * A minimal PDF 1.4 writer (ISO 32000-1 subset): pages with text in the standard Helvetica fonts
 * (WinAnsiEncoding, no embedding needed), 8-bit grayscale images (Flate-compressed) and coloured
 * line segments. Written here because the companion needs only these three operators and no PDF
 * npm package is installed; output is deterministic (no dates, no random IDs).
 */

export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** Row-major, top row first, 0 = black, 255 = white. */
  readonly pixels: Uint8Array;
}

export type PdfOperation =
  | {
      kind: 'text';
      x: number;
      y: number;
      size: number;
      text: string;
      bold?: boolean;
      /** Fill colour, RGB 0..1; black when absent. */
      color?: readonly [number, number, number];
    }
  | { kind: 'image'; x: number; y: number; width: number; height: number; image: GrayImage }
  | {
      kind: 'lines';
      segments: readonly (readonly [number, number, number, number])[];
      /** RGB 0..1 */
      color: readonly [number, number, number];
      lineWidth: number;
    }
  | {
      kind: 'rect';
      x: number;
      y: number;
      width: number;
      height: number;
      color: readonly [number, number, number];
    };

export interface PdfPage {
  /** Points (1/72 inch); A4 is 595 x 842. */
  readonly width: number;
  readonly height: number;
  readonly operations: readonly PdfOperation[];
}

export interface PdfDocument {
  readonly title: string;
  readonly pages: readonly PdfPage[];
}

/**
 * A string as WinAnsi bytes inside a PDF literal string: Latin-1 characters map to themselves
 * (WinAnsi agrees with Latin-1 there); characters Helvetica cannot show become '?'.
 */
export function pdfString(text: string): Buffer {
  const bytes: number[] = [0x28];
  for (const ch of text) {
    let code = ch.codePointAt(0)!;
    if (code === 0x2013 || code === 0x2014) code = 0x2d; // en/em dash to hyphen
    if (!((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff))) code = 0x3f;
    if (code === 0x28 || code === 0x29 || code === 0x5c) bytes.push(0x5c);
    bytes.push(code);
  }
  bytes.push(0x29);
  return Buffer.from(bytes);
}

function num(n: number): string {
  if (!Number.isFinite(n)) throw new AppError('pdf_value_invalid', `PDF coordinate ${n} is not finite`);
  return Number(n.toFixed(3)).toString();
}

function checkImage(image: GrayImage): void {
  if (
    !Number.isInteger(image.width) ||
    !Number.isInteger(image.height) ||
    image.width < 1 ||
    image.height < 1
  ) {
    throw new AppError(
      'pdf_value_invalid',
      `image size ${image.width}x${image.height} is not positive integers`,
    );
  }
  if (image.pixels.length !== image.width * image.height) {
    throw new AppError(
      'pdf_value_invalid',
      `image has ${image.pixels.length} pixels, expected ${image.width * image.height}`,
    );
  }
}

/** Serialises the document; returns the complete file. */
export function writePdf(doc: PdfDocument): Buffer {
  if (doc.pages.length === 0) throw new AppError('pdf_value_invalid', 'a PDF needs at least one page');
  const objects: Buffer[] = []; // objects[n] is object n + 1
  const reserve = () => {
    objects.push(Buffer.alloc(0));
    return objects.length;
  };
  const set = (id: number, body: Buffer | string) => {
    objects[id - 1] = Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
  };
  const stream = (dict: string, data: Buffer) =>
    Buffer.concat([
      Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
      data,
      Buffer.from('\nendstream', 'latin1'),
    ]);

  const catalog = reserve();
  const pagesId = reserve();
  const info = reserve();
  const font = reserve();
  const bold = reserve();
  set(font, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  set(bold, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');

  const pageIds: number[] = [];
  for (const page of doc.pages) {
    const pageId = reserve();
    const contentId = reserve();
    pageIds.push(pageId);
    const images: string[] = [];
    const parts: Buffer[] = [];
    for (const op of page.operations) {
      switch (op.kind) {
        case 'text':
          parts.push(
            Buffer.from(
              `${op.color ? `q ${op.color.map(num).join(' ')} rg ` : ''}BT /${op.bold ? 'F2' : 'F1'} ${num(op.size)} Tf ${num(op.x)} ${num(op.y)} Td `,
              'latin1',
            ),
            pdfString(op.text),
            // The fill colour is graphics state, not text state: q/Q keep it from outliving ET.
            Buffer.from(op.color ? ' Tj ET Q\n' : ' Tj ET\n', 'latin1'),
          );
          break;
        case 'image': {
          checkImage(op.image);
          const imageId = reserve();
          const name = `Im${images.length + 1}`;
          images.push(`/${name} ${imageId} 0 R`);
          set(
            imageId,
            stream(
              `/Type /XObject /Subtype /Image /Width ${op.image.width} /Height ${op.image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`,
              deflateSync(Buffer.from(op.image.pixels)),
            ),
          );
          parts.push(
            Buffer.from(
              `q ${num(op.width)} 0 0 ${num(op.height)} ${num(op.x)} ${num(op.y)} cm /${name} Do Q\n`,
              'latin1',
            ),
          );
          break;
        }
        case 'lines': {
          const [r, g, b] = op.color;
          const path = op.segments
            .map(([x1, y1, x2, y2]) => `${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l`)
            .join('\n');
          parts.push(
            Buffer.from(
              `q ${num(r)} ${num(g)} ${num(b)} RG ${num(op.lineWidth)} w 1 J\n${path}\nS Q\n`,
              'latin1',
            ),
          );
          break;
        }
        case 'rect': {
          const [r, g, b] = op.color;
          parts.push(
            Buffer.from(
              `q ${num(r)} ${num(g)} ${num(b)} rg ${num(op.x)} ${num(op.y)} ${num(op.width)} ${num(op.height)} re f Q\n`,
              'latin1',
            ),
          );
          break;
        }
      }
    }
    set(contentId, stream('', Buffer.concat(parts)));
    const xobjects = images.length > 0 ? ` /XObject << ${images.join(' ')} >>` : '';
    set(
      pageId,
      `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(page.width)} ${num(page.height)}] ` +
        `/Resources << /Font << /F1 ${font} 0 R /F2 ${bold} 0 R >>${xobjects} >> /Contents ${contentId} 0 R >>`,
    );
  }
  set(catalog, `<< /Type /Catalog /Pages ${pagesId} 0 R >>`);
  set(
    pagesId,
    `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
  );
  set(
    info,
    Buffer.concat([
      Buffer.from('<< /Title ', 'latin1'),
      pdfString(doc.title),
      Buffer.from(' /Producer (her2-radiomics) >>', 'latin1'),
    ]),
  );

  // Header with a binary comment (marks the file as binary for transfer tools), objects, xref, trailer.
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, n) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${n + 1} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
