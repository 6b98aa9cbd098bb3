import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writePart10 } from './part10-writer.js';

const api = dcmjs as unknown as {
  data: {
    DicomMessage: {
      readFile(b: ArrayBuffer): { dict: Record<string, unknown>; meta: Record<string, unknown> };
    };
    DicomMetaDictionary: { naturalizeDataset(d: Record<string, unknown>): Record<string, unknown> };
  };
};

function readBack(bytes: Buffer) {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = api.data.DicomMessage.readFile(ab);
  return api.data.DicomMetaDictionary.naturalizeDataset(file.dict);
}

const base = {
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
  SOPInstanceUID: '2.25.1234',
  StudyInstanceUID: '2.25.1',
  Modality: 'MR',
  Rows: 2,
  Columns: 2,
  BitsAllocated: 16,
  PixelSpacing: [0.7, 0.7],
  ImagePositionPatient: [-12.5, 3, 1e-7],
  DiffusionBValue: 800,
  ReferencedImageSequence: [{ ReferencedSOPClassUID: '1.2.3', ReferencedSOPInstanceUID: '1.2.3.4' }],
  PixelData: new Uint16Array([1, 2, 3, 65535]).buffer,
};

describe('writePart10', () => {
  const dir = mkdtempSync(join(tmpdir(), 'part10-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips numbers, strings, sequences and pixel data through dcmjs', () => {
    const back = readBack(writePart10({ ...base, PatientName: 'ZZCANARY^Test' }));
    expect(back.SOPInstanceUID).toBe('2.25.1234');
    expect(back.PixelSpacing).toEqual([0.7, 0.7]);
    expect(back.ImagePositionPatient).toEqual([-12.5, 3, 1e-7]);
    expect(back.DiffusionBValue).toBe(800);
    expect(
      (back.ReferencedImageSequence as Record<string, unknown>).ReferencedSOPInstanceUID ??
        (back.ReferencedImageSequence as Record<string, unknown>[])[0]!.ReferencedSOPInstanceUID,
    ).toBe('1.2.3.4');
    expect(Array.from(new Uint16Array((back.PixelData as ArrayBuffer[])[0]!))).toEqual([1, 2, 3, 65535]);
  });

  it('writes Latin-1 bytes for ISO_IR 100 and UTF-8 for ISO_IR 192', () => {
    const latin = writePart10({
      ...base,
      SpecificCharacterSet: 'ISO_IR 100',
      PatientName: 'ZZCANARY^Jürgen',
    });
    expect(latin.includes(Buffer.from('J\xfcrgen', 'latin1'))).toBe(true);
    expect(readBack(latin).PatientName).toEqual([{ Alphabetic: 'ZZCANARY^Jürgen' }]);
    const utf8 = writePart10({
      ...base,
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'ZZCANARY^Zoë=山田',
    });
    expect(utf8.includes(Buffer.from('Zoë=山田', 'utf8'))).toBe(true);
  });

  it('refuses characters the declared character set cannot hold', () => {
    expect(() => writePart10({ ...base, PatientName: 'Jürgen' })).toThrow(/U\+FC cannot be written/);
  });

  it('is accepted by dcmdump (dcmtk) without errors', () => {
    const file = join(dir, 'a.dcm');
    writeFileSync(
      file,
      writePart10({ ...base, SpecificCharacterSet: 'ISO_IR 100', PatientName: 'ZZCANARY^Jürgen' }),
    );
    const out = execFileSync('dcmdump', ['-q', '+L', file], { encoding: 'latin1' });
    expect(out).toContain('(0018,9087) FD 800');
    expect(out).toContain('ZZCANARY^J\xfcrgen');
  });
});

describe('declared character set survives a read and a re-write', () => {
  it('keeps ISO_IR 100 and the Latin-1 bytes through readPart10 -> writePart10', async () => {
    const { readPart10 } = await import('./part10.js');
    const original = writePart10({
      ...base,
      SpecificCharacterSet: 'ISO_IR 100',
      PatientName: 'ZZCANARY^Renée Sjöberg',
    });
    const { dataset } = readPart10(original, 'latin-1 sample');
    expect(dataset.SpecificCharacterSet).toBe('ISO_IR 100');
    const copy = writePart10(dataset);
    expect(copy.includes(Buffer.from('Ren\xe9e Sj\xf6berg', 'latin1'))).toBe(true);
    expect(copy.equals(original)).toBe(true);
  });
});
