import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mrHeaderFromDataset, readMrHeader, vendorOf } from './header.js';
import { csaNumber, parseCsaHeader, privateNumbers, siemensSequenceNameBValue } from './header-private.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.resolve(repoRoot, '../shared/dicom-samples');
const read = (rel: string) => readMrHeader(fs.readFileSync(path.join(samples, rel)), path.basename(rel));

describe('readMrHeader on real vendor DWI files', () => {
  it('GE: b0 files have no (0018,9087) and take b from (0043,1039)[0]; b1000 files from (0018,9087)', () => {
    const dir = 'dwi-ge/01_Ax_DWI_TENSOR_R2';
    const byFile = fs
      .readdirSync(path.join(samples, dir))
      .sort()
      .map((f) => [f, read(`${dir}/${f}`).frames[0]!.bValue] as const);
    const b0 = byFile.filter(([, b]) => b?.value === 0);
    expect(b0.map(([f]) => f).sort()).toEqual(['i22.MRDC.1', 'i23.MRDC.2']);
    expect(b0.every(([, b]) => b?.source === 'GE (0043,1039)[0]')).toBe(true);
    const b1000 = byFile.filter(([, b]) => b?.value === 1000);
    expect(b1000).toHaveLength(12);
    expect(b1000.every(([, b]) => b?.source === '(0018,9087) DiffusionBValue')).toBe(true);
    expect(read(`${dir}/i22.MRDC.1`).vendor).toBe('ge');
  });

  it('Siemens mosaic: b = 1000 from private (0019,100C) read as UN bytes, 48 tiles from the CSA header', () => {
    const h = read('dwi-siemens-mosaic/siemens_dwi_1000.dcm');
    expect(h.vendor).toBe('siemens');
    expect(h.frames[0]!.bValue).toEqual({ value: 1000, source: 'Siemens (0019,100C)' });
    expect(h.mosaicTiles).toBe(48);
    expect(h.imageType).toContain('MOSAIC');
    expect(h.echoPlanar).toBe(true);
  });

  it('Philips: b≈0 written as 0.001 in (0018,9087), duplicated in private (2001,1003)', () => {
    const buffer = fs.readFileSync(path.join(samples, 'dwi-philips-classic/DICOM/IM_0286'));
    const h = readMrHeader(buffer, 'IM_0286');
    expect(h.frames[0]!.bValue?.value).toBeCloseTo(0.001, 9);
    expect(h.frames[0]!.bValue?.source).toBe('(0018,9087) DiffusionBValue');
    expect(h.vendor).toBe('philips');
  });

  it('Philips private non-image object in the image series keeps its private SOP class', () => {
    const h = read('dwi-philips-classic/DICOM/XX_0546');
    expect(h.sopClassUid).toBe('1.3.46.670589.11.0.0.12.2');
    expect(h.seriesInstanceUid).toBe('1.3.46.670589.11.45190.5.0.6424.2021100515345467861');
  });

  it('Toshiba ADC map: DERIVED\\SECONDARY\\ADC with DiffusionBValue 500 on the map', () => {
    const h = read('mr-t2-adc-cmb-crc/SCAN_001/adc_image/1-17.dcm');
    expect(h.imageType).toEqual(['DERIVED', 'SECONDARY', 'ADC']);
    expect(h.frames[0]!.bValue?.value).toBe(500);
    expect(h.vendor).toBe('canon');
    expect(h.values.windowCenter).toBe(4585);
  });
});

describe('readMrHeader on Enhanced MR', () => {
  it('Siemens XA10: 6 frames with per-frame positions, temporal index and acquisition times', () => {
    const h = read('enhanced-mr/siemens-xa10/6_1.dcm');
    expect(h.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.4.1');
    expect(h.frames).toHaveLength(6);
    expect(new Set(h.frames.map((f) => f.position?.join('\\'))).size).toBe(6);
    expect(h.frames[0]!.temporalPosition).toBe(1);
    expect(h.frames[0]!.acquisitionTime).toBe('083634.295000');
    expect(h.repetitionTime).toBe(500);
  });

  it('Philips field map: 64 frames, 32 magnitude and 32 FIELD_MAP frame types', () => {
    const h = read('enhanced-mr/philips/IM_0027_fMAP.dcm');
    expect(h.frames).toHaveLength(64);
    const fieldMap = h.frames.filter((f) => f.imageType.includes('FIELD_MAP'));
    expect(fieldMap).toHaveLength(32);
    expect(h.frames.every((f) => f.bValue === null || f.bValue.source === 'Philips (2001,1003)')).toBe(true);
  });
});

describe('mrHeaderFromDataset on synthetic data sets', () => {
  it('reads per-frame MRDiffusionSequence b-values of an enhanced MR', () => {
    const frame = (b: number, z: number) => ({
      PlanePositionSequence: [{ ImagePositionPatient: [0, 0, z] }],
      MRDiffusionSequence: [{ DiffusionBValue: b, DiffusionDirectionality: b === 0 ? 'NONE' : 'ISOTROPIC' }],
      FrameContentSequence: [{ FrameAcquisitionDateTime: '20240101101010.5' }],
    });
    const h = mrHeaderFromDataset(
      {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.4.1',
        Manufacturer: 'Philips',
        PerFrameFunctionalGroupsSequence: [frame(0, 0), frame(800, 0), frame(0, 5), frame(800, 5)],
        SharedFunctionalGroupsSequence: [
          { PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }] },
        ],
      },
      'synthetic',
    );
    expect(h.frames.map((f) => f.bValue?.value)).toEqual([0, 800, 0, 800]);
    expect(h.frames[0]!.bValue?.source).toBe('MRDiffusionSequence (0018,9117)');
    expect(h.frames[3]!.orientation).toEqual([1, 0, 0, 0, 1, 0]);
    expect(h.frames[1]!.acquisitionTime).toBe('101010.5');
  });

  it('GE (0043,1039) with the 10^9 flag, found through its private creator in any block', () => {
    const h = mrHeaderFromDataset(
      {
        Manufacturer: 'GE MEDICAL SYSTEMS',
        ScanningSequence: ['EP', 'SE'],
        '00430012': 'GEMS_PARM_01',
        '00431239': [1000000800, 8, 0, 0],
      },
      'synthetic',
    );
    expect(h.frames[0]!.bValue).toEqual({ value: 800, source: 'GE (0043,1039)[0]' });
  });

  it('reads GE (0043,1039) as a b-value only for echo-planar images', () => {
    const h = mrHeaderFromDataset(
      {
        Manufacturer: 'GE MEDICAL SYSTEMS',
        ScanningSequence: ['RM'],
        '00430010': 'GEMS_PARM_01',
        '00431039': [0, 0, 0, 7],
      },
      'synthetic',
    );
    expect(h.frames[0]!.bValue).toBeNull();
  });

  it('ignores a GE-looking private element owned by another creator', () => {
    const h = mrHeaderFromDataset(
      {
        Manufacturer: 'GE MEDICAL SYSTEMS',
        ScanningSequence: ['EP', 'SE'],
        '00430010': 'OTHER_CREATOR',
        '00431039': [800, 8, 0, 0],
      },
      'synthetic',
    );
    expect(h.frames[0]!.bValue).toBeNull();
  });

  it('decodes a Philips FL b-value stored as UN bytes (implicit VR)', () => {
    const bytes = new ArrayBuffer(4);
    new DataView(bytes).setFloat32(0, 1000, true);
    const ds = { '20010010': 'Philips Imaging DD 001', '20011003': [bytes] };
    expect(privateNumbers(ds, '2001', 'Philips Imaging DD 001', 0x03, 4)).toEqual([1000]);
  });

  it('parses b from Siemens SequenceName variants', () => {
    expect(siemensSequenceNameBValue('ep_b1000#1')?.value).toBe(1000);
    expect(siemensSequenceNameBValue('*ep_b0')?.value).toBe(0);
    expect(siemensSequenceNameBValue('*tse2d1_15')).toBeNull();
  });

  it('maps manufacturers to vendors', () => {
    expect(vendorOf('GE MEDICAL SYSTEMS')).toBe('ge');
    expect(vendorOf('Siemens Healthineers')).toBe('siemens');
    expect(vendorOf('Philips Medical Systems')).toBe('philips');
    expect(vendorOf('TOSHIBA')).toBe('canon');
    expect(vendorOf('Canon Medical Systems')).toBe('canon');
    expect(vendorOf('')).toBe('other');
  });

  it('parses a hand-built SV10 CSA header and rejects other formats', () => {
    const csa = buildCsa([
      ['B_value', ['1000']],
      ['NumberOfImagesInMosaic', ['48']],
    ]);
    const parsed = parseCsaHeader(csa);
    expect(csaNumber(parsed, 'B_value')).toBe(1000);
    expect(csaNumber(parsed, 'NumberOfImagesInMosaic')).toBe(48);
    expect(parseCsaHeader(new ArrayBuffer(32))).toEqual([]);
  });
});

/** SV10 layout as documented by Siemens' CSA readers (nibabel, dcm2niix): see parseCsaHeader. */
function buildCsa(elements: [string, string[]][]): ArrayBuffer {
  const chunks: Uint8Array[] = [];
  const head = new Uint8Array(16);
  head.set([0x53, 0x56, 0x31, 0x30, 4, 3, 2, 1]);
  new DataView(head.buffer).setUint32(8, elements.length, true);
  new DataView(head.buffer).setUint32(12, 77, true);
  chunks.push(head);
  for (const [name, values] of elements) {
    const tag = new Uint8Array(84);
    tag.set(new TextEncoder().encode(name));
    new DataView(tag.buffer).setInt32(76, values.length, true);
    chunks.push(tag);
    for (const value of values) {
      const text = new TextEncoder().encode(`${value}\0`);
      const itemHead = new Uint8Array(16);
      new DataView(itemHead.buffer).setInt32(4, text.length, true);
      const padded = new Uint8Array(Math.ceil(text.length / 4) * 4);
      padded.set(text);
      chunks.push(itemHead, padded);
    }
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out.buffer;
}
