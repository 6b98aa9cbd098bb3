import { describe, expect, it } from 'vitest';
import { decodeStoredValues, imageFrames } from './image-frames.js';

const plane = {
  SOPInstanceUID: '1.2.3.1',
  SOPClassUID: '1.2.840.10008.5.1.4.1.1.4',
  SeriesInstanceUID: '1.2.3',
  ImagePositionPatient: [0, 0, 0],
  ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
  PixelSpacing: [1, 1],
  Rows: 1,
  Columns: 4,
};

describe('decodeStoredValues', () => {
  it('8-bit unsigned and signed', () => {
    const bytes = new Uint8Array([0, 1, 127, 255]);
    expect([
      ...decodeStoredValues({ BitsAllocated: 8, PixelRepresentation: 0, PixelData: [bytes.buffer] }, 4, 'u8'),
    ]).toEqual([0, 1, 127, 255]);
    expect([
      ...decodeStoredValues({ BitsAllocated: 8, PixelRepresentation: 1, PixelData: [bytes.buffer] }, 4, 's8'),
    ]).toEqual([0, 1, 127, -1]);
  });

  it('16-bit signed with 12 bits stored is sign-extended from bit 11', () => {
    // 0x0FFF = −1 in 12-bit two's complement, 0x0800 = −2048, 0x07FF = 2047
    const words = new Uint16Array([0x0fff, 0x0800, 0x07ff, 0x0001]);
    const ds = { BitsAllocated: 16, BitsStored: 12, PixelRepresentation: 1, PixelData: [words.buffer] };
    expect([...decodeStoredValues(ds, 4, 's12')]).toEqual([-1, -2048, 2047, 1]);
  });

  it('16-bit unsigned keeps values above 32767', () => {
    const words = new Uint16Array([0, 40000, 65535, 7]);
    expect([
      ...decodeStoredValues(
        { BitsAllocated: 16, PixelRepresentation: 0, PixelData: [words.buffer] },
        4,
        'u16',
      ),
    ]).toEqual([0, 40000, 65535, 7]);
  });

  it('too few bytes → dicom_truncated', () => {
    expect(() =>
      decodeStoredValues({ BitsAllocated: 16, PixelData: [new ArrayBuffer(6)] }, 4, 'short'),
    ).toThrow(/6 bytes, 8 needed/);
  });
});

describe('imageFrames', () => {
  it('applies RescaleSlope and RescaleIntercept', () => {
    const words = new Int16Array([-2, 0, 2, 100]);
    const [frame] = imageFrames(
      {
        ...plane,
        BitsAllocated: 16,
        PixelRepresentation: 1,
        RescaleSlope: 0.5,
        RescaleIntercept: -10,
        PixelData: [words.buffer],
      },
      'rescaled',
    );
    expect([...frame!.values]).toEqual([-11, -10, -9, 40]);
  });

  it('refuses colour images', () => {
    expect(() =>
      imageFrames(
        { ...plane, SamplesPerPixel: 3, BitsAllocated: 8, PixelData: [new ArrayBuffer(12)] },
        'rgb',
      ),
    ).toThrow(/3 samples per pixel/);
  });
});
