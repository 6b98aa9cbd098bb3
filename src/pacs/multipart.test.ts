import { describe, expect, it } from 'vitest';
import { boundaryOf, readMultipart, writeMultipart } from './multipart.js';

async function* chunked(body: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

async function collect(body: Buffer, boundary: string, size: number) {
  const parts = [];
  for await (const part of readMultipart(chunked(body, size), boundary)) parts.push(part);
  return parts;
}

// A body laid out as RFC 2046 §5.1.1 shows it, with a preamble and an epilogue, typed by hand.
const handWritten = Buffer.from(
  'preamble text\r\n--XyZ\r\nContent-Type: application/dicom\r\nContent-Length: 5\r\n\r\nhello\r\n' +
    '--XyZ\r\nContent-Type: application/dicom\r\n\r\n\r\n--Xy\r\n\r\n--XyZ--\r\nepilogue',
  'latin1',
);

describe('readMultipart', () => {
  it('reads a hand-written body whatever the chunk size, including a part that contains a near-delimiter', async () => {
    for (const size of [1, 2, 3, 7, 16, 1000]) {
      const parts = await collect(handWritten, 'XyZ', size);
      expect(parts.map((p) => Buffer.from(p.body).toString('latin1'))).toEqual(['hello', '\r\n--Xy\r\n']);
      expect(parts[0]!.headers['content-type']).toBe('application/dicom');
      expect(parts[0]!.headers['content-length']).toBe('5');
    }
  });

  it('round-trips binary parts through writeMultipart', async () => {
    const a = new Uint8Array(4096).map((_, i) => (i * 31) % 256);
    const b = new Uint8Array([13, 10, 45, 45, 13, 10]);
    const body = writeMultipart([a, b, new Uint8Array(0)], 'bnd-1', 'application/dicom');
    const parts = await collect(body, 'bnd-1', 100);
    expect(parts.map((p) => Buffer.from(p.body))).toEqual([Buffer.from(a), Buffer.from(b), Buffer.alloc(0)]);
  });

  it('refuses a part larger than the cap while it streams, and accepts one at the cap', async () => {
    const body = writeMultipart([new Uint8Array(5000), new Uint8Array(100)], 'cap', 'application/dicom');
    const read = async (cap: number) => {
      const sizes: number[] = [];
      for await (const part of readMultipart(chunked(body, 64), 'cap', cap)) sizes.push(part.body.length);
      return sizes;
    };
    await expect(read(4999)).rejects.toMatchObject({ code: 'dicom_instance_too_large' });
    expect(await read(5000)).toEqual([5000, 100]);
    // A part that never ends is cut at the cap, not read until memory runs out.
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('--cap\r\nContent-Type: application/dicom\r\n\r\n', 'latin1');
      for (;;) yield new Uint8Array(1024);
    }
    const parts = readMultipart(endless(), 'cap', 1_000_000);
    await expect(parts.next()).rejects.toMatchObject({ code: 'dicom_instance_too_large' });
  });

  it('refuses a body cut before its closing delimiter', async () => {
    const cut = handWritten.subarray(0, 80);
    await expect(collect(cut, 'XyZ', 10)).rejects.toMatchObject({ code: 'multipart_invalid' });
  });
});

describe('boundaryOf', () => {
  it('reads quoted and bare boundaries and refuses non-multipart types', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/related;boundary=abc;type=application/dicom')).toBe('abc');
    expect(() => boundaryOf('application/json')).toThrow(/not multipart/);
  });
});
