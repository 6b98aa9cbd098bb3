import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/index.js';

/**
 * multipart/related (RFC 2387) as DICOMweb uses it: a streaming reader that yields one part at a
 * time (a series of hundreds of slices never sits in memory whole) and a writer for STOW-RS.
 * Written here because the body is a stream of binary parts and `dicomweb-client` buffers the
 * whole response through XMLHttpRequest.
 */

export interface MultipartPart {
  headers: Record<string, string>;
  body: Uint8Array;
}

/** The `boundary` parameter of a multipart Content-Type header. */
export function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || !/^multipart\//i.test(contentType.trim())) {
    throw new AppError('multipart_invalid', 'response is not multipart or names no boundary');
  }
  return boundary;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

function parseHeaders(block: Buffer): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * Yields the parts of a multipart body as they complete. Keeps at most one part plus one chunk
 * in memory. Throws `multipart_invalid` when the stream ends before the closing delimiter, and
 * `dicom_instance_too_large` as soon as a part grows beyond `maxPartBytes` (checked while it
 * streams, so an oversized instance is never held whole).
 */
export async function* readMultipart(
  stream: AsyncIterable<Uint8Array>,
  boundary: string,
  maxPartBytes = Number.POSITIVE_INFINITY,
): AsyncGenerator<MultipartPart> {
  // Searching for CRLF--boundary also finds the first delimiter if the body starts with a CRLF.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.from(CRLF);
  let state: 'preamble' | 'headers' | 'body' = 'preamble';
  let headers: Record<string, string> = {};
  let searchFrom = 0;
  for await (const chunk of stream) {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (state === 'preamble' || state === 'body') {
        const at = buffer.indexOf(delimiter, searchFrom);
        if (at < 0) {
          // Beyond the cap plus a delimiter's worth of bytes, the part is over the cap whatever follows.
          if (state === 'body' && buffer.length - delimiter.length > maxPartBytes) partTooLarge(maxPartBytes);
          // Next search starts where a delimiter could still begin.
          searchFrom = Math.max(0, buffer.length - delimiter.length);
          break;
        }
        const after = at + delimiter.length;
        const closing = buffer[after] === 0x2d && buffer[after + 1] === 0x2d; // "--"
        const lineEnd = closing ? -1 : buffer.indexOf(CRLF, after);
        if (!closing && lineEnd < 0) {
          searchFrom = at; // the delimiter line is not complete yet
          break;
        }
        if (state === 'body') {
          if (at > maxPartBytes) partTooLarge(maxPartBytes);
          yield { headers, body: new Uint8Array(buffer.subarray(0, at)) };
        }
        if (closing) return;
        buffer = buffer.subarray(lineEnd); // keep the CRLF: the header block ends with CRLF CRLF
        searchFrom = 0;
        state = 'headers';
      } else {
        const end = buffer.indexOf(HEADER_END);
        if (end < 0) break;
        headers = parseHeaders(buffer.subarray(2, end));
        buffer = buffer.subarray(end + HEADER_END.length);
        searchFrom = 0;
        state = 'body';
      }
    }
  }
  throw new AppError('multipart_invalid', 'multipart body ended before its closing delimiter');
}

function partTooLarge(maxPartBytes: number): never {
  throw new AppError(
    'dicom_instance_too_large',
    `a retrieved instance exceeds the limit of ${maxPartBytes} bytes per instance (HER2_MAX_INSTANCE_MB)`,
    { details: { limit: maxPartBytes } },
  );
}

/** A fresh boundary that cannot occur in the parts by chance (random, 32 hex digits). */
export function newBoundary(): string {
  return `her2-${randomBytes(16).toString('hex')}`;
}

/** A multipart/related body of `application/dicom` parts (STOW-RS). */
export function writeMultipart(parts: readonly Uint8Array[], boundary: string, partType: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${partType}\r\n\r\n`, 'latin1'));
    chunks.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    chunks.push(CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}
