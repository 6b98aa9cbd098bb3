import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { parseNrrd } from './nrrd-reader.js';
import { readImage } from './read-image.js';

const noFiles = (file: string): Uint8Array => {
  throw new Error(`unexpected read of ${file}`);
};

function nrrd(header: string[], data: Uint8Array): Uint8Array {
  const head = Buffer.from(`${header.join('\n')}\n\n`, 'latin1');
  return Uint8Array.from([...head, ...data]);
}

function int16Bytes(values: number[], littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let n = 0; n < values.length; n++) view.setInt16(2 * n, values[n]!, littleEndian);
  return out;
}

const values = Array.from({ length: 12 }, (_, n) => n * 100 - 300);

const tmp = mkdtempSync(path.join(tmpdir(), 'her2-nrrd-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('NRRD reader', () => {
  it('reads raw little-endian int16 with LPS space directions and origin', () => {
    const v = parseNrrd(
      nrrd(
        [
          'NRRD0004',
          '# a comment',
          'type: short',
          'dimension: 3',
          'space: left-posterior-superior',
          'sizes: 3 2 2',
          'space directions: (0,0.5,0) (-0.8,0,0) (0,0,2.5)',
          'kinds: domain domain domain',
          'endian: little',
          'encoding: raw',
          'space origin: (10,-20.5,30)',
          'modality:=MR',
        ],
        int16Bytes(values, true),
      ),
      'lps.nrrd',
      noFiles,
    );
    expect(v.geometry.size).toEqual([3, 2, 2]);
    expect(v.geometry.spacing).toEqual([0.5, 0.8, 2.5]);
    expect(v.geometry.origin).toEqual([10, -20.5, 30]);
    // columns are the axis directions: x along +P, y along −L (= R)
    expect(v.geometry.direction).toEqual([0, -1, 0, 1, 0, 0, 0, 0, 1]);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(Array.from(v.data)).toEqual(values);
  });

  it('converts RAS to LPS (x and y negated) and reads big-endian gzip data', () => {
    const v = parseNrrd(
      nrrd(
        [
          'NRRD0005',
          'type: int16_t',
          'dimension: 3',
          'space: RAS',
          'sizes: 3 2 2',
          'space directions: (1,0,0) (0,1,0) (0,0,1)',
          'endian: big',
          'encoding: gzip',
          'space origin: (5,6,7)',
        ],
        gzipSync(int16Bytes(values, false)),
      ),
      'ras.nrrd',
      noFiles,
    );
    expect(v.geometry.origin).toEqual([-5, -6, 7]);
    expect(v.geometry.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(Array.from(v.data)).toEqual(values);
  });

  it('reads a detached header (.nhdr + data file) and byte skip', () => {
    const raw = Uint8Array.from([7, 7, 7, 7, ...new Uint8Array(new Float32Array([1.5, -2.25, 3, 4]).buffer)]);
    writeFileSync(path.join(tmp, 'img.raw'), raw);
    const header = [
      'NRRD0004',
      'type: float',
      'dimension: 2',
      'sizes: 2 2',
      'spacings: 0.3 0.4',
      'encoding: raw',
      'endian: little',
      'byte skip: 4',
      'data file: img.raw',
      '',
    ].join('\n');
    writeFileSync(path.join(tmp, 'img.nhdr'), header);
    const v = readImage(path.join(tmp, 'img.nhdr'));
    expect(v.geometry.size).toEqual([2, 2, 1]);
    expect(v.geometry.spacing).toEqual([0.3, 0.4, 1]);
    expect(Array.from(v.data)).toEqual([1.5, -2.25, 3, 4]);
  });

  it('reads every type name: ascii uchar, unsigned long long, double', () => {
    const ascii = parseNrrd(
      nrrd(
        ['NRRD0004', 'type: unsigned char', 'dimension: 3', 'sizes: 2 1 1', 'encoding: ascii'],
        Buffer.from('4 250\n'),
      ),
      'a.nrrd',
      noFiles,
    );
    expect(Array.from(ascii.data)).toEqual([4, 250]);
    expect(ascii.data).toBeInstanceOf(Uint8Array);
    const u64 = new Uint8Array(16);
    new DataView(u64.buffer).setBigUint64(8, 123456789n, true);
    const big = parseNrrd(
      nrrd(['NRRD0004', 'type: unsigned long long', 'dimension: 3', 'sizes: 2 1 1', 'encoding: raw'], u64),
      'u64.nrrd',
      noFiles,
    );
    expect(Array.from(big.data)).toEqual([0, 123456789]);
  });

  it('rejects bad input with the file name and the problem', () => {
    const bad = (header: string[], data = new Uint8Array(24)): AppError => {
      try {
        parseNrrd(nrrd(header, data), 'bad.nrrd', noFiles);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).message).toMatch(/^bad\.nrrd: /);
        return error as AppError;
      }
      throw new Error('expected an error');
    };
    expect(bad(['NRRD0004', 'type: short', 'dimension: 3', 'sizes: 3 2 2'], new Uint8Array(20)).code).toBe(
      'image_truncated',
    );
    expect(bad(['NRRD0004', 'dimension: 3', 'sizes: 3 2 2']).message).toMatch(/'type'/);
    expect(bad(['NRRD0004', 'type: block', 'dimension: 3', 'sizes: 3 2 2']).code).toBe('image_unsupported');
    expect(bad(['NRRD0004', 'type: short', 'dimension: 4', 'sizes: 3 2 2 1']).code).toBe('image_unsupported');
    expect(bad(['NRRD0004', 'type: short', 'dimension: 3', 'sizes: 3 2 2', 'encoding: bzip2']).code).toBe(
      'image_unsupported',
    );
    expect(bad(['NRRD0004', 'type: short', 'dimension: 3', 'sizes: 3 2 2', 'encoding: gzip']).code).toBe(
      'image_truncated',
    );
    expect(bad(['PNG', 'x']).code).toBe('image_format');
    expect(bad(['NRRD0004', 'type: short', 'dimension: 3', 'space: scanner-xyz', 'sizes: 3 2 2']).code).toBe(
      'image_unsupported',
    );
  });
});

describe('NRRD written by ITK (test/fixtures/itk/generate.cpp)', () => {
  it('reads gzip data and the LPS geometry the generator set', () => {
    const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/itk');
    const v = readImage(path.join(fixtures, 'input_float32.nrrd'));
    expect(v.geometry.size).toEqual([7, 6, 5]);
    for (const [n, s] of v.geometry.spacing.entries()) expect(s).toBeCloseTo([0.8, 0.9, 2.5][n]!, 12);
    expect(v.geometry.origin).toEqual([-3, 4, 10]);
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    for (const [n, d] of v.geometry.direction.entries())
      expect(d).toBeCloseTo([c, -s, 0, s, c, 0, 0, 0, 1][n]!, 12);
    // voxel (0,0,0) = 100·(sin 0 · cos 0 + 0) = 0; voxel (1,0,0) = 100·sin 0.9 (the generator's pattern)
    expect(v.data[0]).toBe(0);
    expect(v.data[1]).toBeCloseTo(100 * Math.sin(0.9), 4);
  });
});
