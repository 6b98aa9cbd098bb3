import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSample, readSampleDir, samplePath } from '../../test/support/dicom-samples.js';
import { AppError } from '../errors/index.js';
import { readRtStruct, readRtStructHeader } from './rtstruct-reader.js';
import { seriesVolumes } from './series-volume.js';

/** Voxels of a NIfTI-1 uint8 volume (just enough of the format to read IBSI's ground-truth mask). */
function readNiftiUint8(file: string): { dims: number[]; data: Uint8Array } {
  const bytes = gunzipSync(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = [1, 2, 3].map((n) => view.getInt16(40 + 2 * n, true));
  const datatype = view.getInt16(70, true);
  if (datatype !== 2) throw new Error(`NIfTI datatype ${datatype}, uint8 (2) expected`);
  const offset = view.getFloat32(108, true);
  return { dims, data: bytes.subarray(offset, offset + dims[0]! * dims[1]! * dims[2]!) };
}

describe('readRtStruct on IBSI STS_002 MR T1 (stale ContourImageSequence UIDs)', () => {
  const [image] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
  const rs = readSample('ibsi-sts-002-mr-t1/mask/RS.dcm').dataset;

  it('reads 1 ROI "GTV_Mass_MR_T1" with 16 closed planar contours and 5130 points', () => {
    const header = readRtStructHeader(rs, 'RS.dcm');
    expect(header.rois).toHaveLength(1);
    const roi = header.rois[0]!;
    expect(roi.name).toBe('GTV_Mass_MR_T1');
    expect(roi.interpretedType).toBe('GTV');
    expect(roi.contours).toHaveLength(16);
    expect(roi.contours.reduce((s, c) => s + c.points.length, 0)).toBe(5130);
  });

  it('rasterises to 17090 voxels, voxel for voxel equal to IBSI’s NIfTI ground-truth mask', () => {
    const { regions: rois, warnings } = readRtStruct(rs, image!, 'RS.dcm');
    expect(warnings).toEqual([]);
    expect(rois[0]!.voxelCount).toBe(17090);
    expect([rois[0]!.number, rois[0]!.name]).toEqual([rois[0]!.roi.number, rois[0]!.roi.name]);
    const truth = readNiftiUint8(samplePath('ibsi-sts-002-mr-t1/nifti/MR_T1_mask.nii.gz'));
    expect(truth.dims).toEqual([...image!.volume.geometry.size]);
    let differ = 0;
    for (let n = 0; n < truth.data.length; n++)
      if ((truth.data[n]! > 0 ? 1 : 0) !== rois[0]!.mask.data[n]) differ++;
    expect(differ).toBe(0);
  });
});

describe('readRtStruct on rt-utils output (FoR mismatch, nested contour)', () => {
  const [ct] = seriesVolumes(readSampleDir('rt-utils'));
  const rt = readSample('rt-utils/rt.dcm').dataset;

  it('refuses by default, naming both frames of reference', () => {
    try {
      readRtStruct(rt, ct!, 'rt.dcm');
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('rtstruct_frame_of_reference_mismatch');
      expect((error as AppError).message).toContain(
        '1.2.826.0.1.3680043.8.498.41321784967516118556817630335498661397',
      );
      expect((error as AppError).message).toContain(
        '1.2.840.113619.2.405.3.84541899.902.1605198123.912.6060.1',
      );
    }
  });

  it('when allowed: the nested contour is a hole, 2401 − 958 = 1443 voxels, with a warning', () => {
    const { regions: rois, warnings } = readRtStruct(rt, ct!, 'rt.dcm', {
      allowFrameOfReferenceMismatch: true,
    });
    expect(rois[0]!.voxelCount).toBe(1443);
    expect(warnings).toHaveLength(1);
  });
});

describe('RTSTRUCT broken or odd input', () => {
  it('reads the pydicom RTSTRUCT without Part-10 header: 3 ROIs, the two isocentre POINT ROIs get no mask', () => {
    const rs = readSample('pydicom/rtstruct.dcm').dataset;
    const header = readRtStructHeader(rs, 'rtstruct.dcm');
    expect(header.rois.map((r) => r.name)).toEqual(['patient', 'Isocenter 1', 'Isocenter 2']);
    expect(header.rois[0]!.contours).toHaveLength(3);
    expect(header.rois[1]!.contours[0]!.geometricType).toBe('POINT');
  });

  it('contour outside the image stack → rtstruct_contour_outside listing the contours', () => {
    const [image] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
    const rs = readSample('ibsi-sts-002-mr-t1/mask/RS.dcm').dataset;
    const roiContours = rs.ROIContourSequence as Record<string, unknown>[];
    const contours = roiContours[0]!.ContourSequence as Record<string, unknown>[];
    const shifted = contours.map((c, n) =>
      n === 0
        ? { ...c, ContourData: (c.ContourData as number[]).map((x, i) => (i % 3 === 2 ? x + 500 : x)) }
        : c,
    );
    const broken = { ...rs, ROIContourSequence: [{ ...roiContours[0], ContourSequence: shifted }] };
    expect(() => readRtStruct(broken, image!, 'RS.dcm')).toThrow(
      /contour 1 at .* lies outside the image stack/,
    );
    const sideways = contours.map((c, n) =>
      n === 0
        ? { ...c, ContourData: (c.ContourData as number[]).map((x, i) => (i % 3 === 0 ? x + 500 : x)) }
        : c,
    );
    const broken2 = { ...rs, ROIContourSequence: [{ ...roiContours[0], ContourSequence: sideways }] };
    expect(() => readRtStruct(broken2, image!, 'RS.dcm')).toThrow(/entirely outside the 115x90 image/);
    const partly = contours.map((c, n) =>
      n === 0
        ? { ...c, ContourData: (c.ContourData as number[]).map((x, i) => (i % 3 === 0 ? x + 60 : x)) }
        : c,
    );
    const clipped = { ...rs, ROIContourSequence: [{ ...roiContours[0], ContourSequence: partly }] };
    expect(readRtStruct(clipped, image!, 'RS.dcm').warnings.join()).toMatch(
      /contour 1 on slice \d+ extends beyond the image and was clipped/,
    );
  });

  it('OPEN_PLANAR contours are ignored with a warning', () => {
    const [image] = seriesVolumes(readSampleDir('ibsi-sts-002-mr-t1/image'));
    const rs = readSample('ibsi-sts-002-mr-t1/mask/RS.dcm').dataset;
    const roiContours = rs.ROIContourSequence as Record<string, unknown>[];
    const contours = roiContours[0]!.ContourSequence as Record<string, unknown>[];
    const open = contours.map((c, n) => (n === 0 ? { ...c, ContourGeometricType: 'OPEN_PLANAR' } : c));
    const result = readRtStruct(
      { ...rs, ROIContourSequence: [{ ...roiContours[0], ContourSequence: open }] },
      image!,
      'RS.dcm',
    );
    expect(result.warnings.join()).toMatch(/1 contour\(s\) of type OPEN_PLANAR ignored/);
    expect(result.regions[0]!.voxelCount).toBeLessThan(17090);
  });

  it('not a structure set → rtstruct_not_structure_set', () => {
    expect(() => readRtStructHeader(readSample('pydicom/MR_small.dcm').dataset, 'mr')).toThrow(AppError);
  });
});
