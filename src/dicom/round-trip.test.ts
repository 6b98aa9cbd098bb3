import { describe, expect, it } from 'vitest';
import { dciodvfy, dciodvfyAvailable } from '../../test/support/dciodvfy.js';
import { readSample, readSampleDir } from '../../test/support/dicom-samples.js';
import { readPart10 } from './part10.js';
import { readRtStruct } from './rtstruct-reader.js';
import { writeStructureSet } from './rtstruct-writer.js';
import { readSegmentation } from './seg-reader.js';
import { lesionSegments, writeSegmentation } from './seg-writer.js';
import { seriesVolumes } from './series-volume.js';

const equipment = {
  manufacturer: 'her2-radiomics',
  modelName: 'her2-radiomics',
  softwareVersions: '0.1.0',
  deviceSerialNumber: '1',
};

describe('masks on an Enhanced MR source (frames referenced by number)', () => {
  it('SEG and RTSTRUCT over one Siemens XA10 multi-frame instance (64x64x6) round-trip exactly', () => {
    const instances = [readSample('enhanced-mr/siemens-xa10/6_1.dcm')];
    const [volume] = seriesVolumes(instances);
    const g = volume!.volume.geometry;
    // a block of 10x8 voxels on frames 2..4
    const data = new Uint8Array(g.size[0] * g.size[1] * g.size[2]);
    for (let k = 1; k < 4; k++)
      for (let j = 20; j < 28; j++)
        for (let i = 30; i < 40; i++) data[i + g.size[0] * (j + g.size[1] * k)] = 1;
    const mask = { geometry: g, data };
    const common = {
      source: volume!,
      sourceDataset: instances[0]!.dataset,
      seriesNumber: 905,
      instanceNumber: 1,
      seriesDescription: 'enhanced',
      equipment,
      implementationClassUID: '2.25.999',
    };
    const seg = writeSegmentation({
      ...common,
      segments: lesionSegments({ number: 1, mask, algorithmType: 'MANUAL' }),
      sopInstanceUID: '2.25.500',
      seriesInstanceUID: '2.25.501',
      dimensionOrganizationUID: '2.25.502',
      contentDate: '20260101',
      contentTime: '120000',
    });
    const segParsed = readPart10(seg, 'seg').dataset;
    const frames = segParsed.PerFrameFunctionalGroupsSequence as Record<string, unknown>[];
    expect(frames).toHaveLength(3);
    const segBack = readSegmentation(segParsed, volume!, 'seg').regions[0]!;
    expect(Buffer.from(segBack.mask.data).equals(Buffer.from(data))).toBe(true);
    const rt = writeStructureSet({
      ...common,
      rois: [
        {
          name: 'block',
          mask,
          interpretedType: 'GTV',
          generationAlgorithm: 'MANUAL',
          displayColor: [255, 0, 0],
        },
      ],
      sopInstanceUID: '2.25.600',
      seriesInstanceUID: '2.25.601',
      label: 'enhanced',
      date: '20260101',
      time: '120000',
    });
    const rtBack = readRtStruct(readPart10(rt, 'rt').dataset, volume!, 'rt');
    expect(rtBack.regions[0]!.voxelCount).toBe(240);
    expect(Buffer.from(rtBack.regions[0]!.mask.data).equals(Buffer.from(data))).toBe(true);
    expect(rtBack.regions[0]!.roi.contours.every((c) => c.referencedFrameNumbers[0]! >= 2)).toBe(true);
    if (dciodvfyAvailable) {
      expect(dciodvfy(seg).filter((l) => l.startsWith('Error'))).toEqual([]);
      expect(dciodvfy(rt).filter((l) => l.startsWith('Error'))).toEqual([]);
    }
  });
});

describe('real masks written back out', () => {
  it('UCSF breast SEG (96151 voxels, sagittal, 3-phase series) → our SEG on phase 1 → same mask; dciodvfy clean', () => {
    // phase 1 (pre-contrast) = files 1-008 … 1-050
    const instances = readSampleDir('breast-dce-ucsf-br-08/image_dce_3dfgre_orig', (name) =>
      name.startsWith('1-'),
    );
    const [phase1] = seriesVolumes(instances);
    expect(phase1!.slices).toHaveLength(43);
    const original = readSegmentation(
      readSample('breast-dce-ucsf-br-08/seg/1-1.dcm').dataset,
      phase1!,
      'breast seg',
    );
    const mask = original.regions[0]!.mask;
    const bytes = writeSegmentation({
      source: phase1!,
      sourceDataset: instances.find((i) => i.dataset.SOPInstanceUID === phase1!.slices[0]!.sopInstanceUID)!
        .dataset,
      segments: lesionSegments({ number: 1, mask, algorithmType: 'SEMIAUTOMATIC', algorithmName: 'test' }),
      sopInstanceUID: '2.25.300',
      seriesInstanceUID: '2.25.301',
      dimensionOrganizationUID: '2.25.302',
      seriesNumber: 903,
      instanceNumber: 1,
      seriesDescription: 'round trip',
      contentDate: '20260101',
      contentTime: '120000',
      equipment,
      implementationClassUID: '2.25.999',
    });
    const again = readSegmentation(readPart10(bytes, 'ours').dataset, phase1!, 'ours');
    expect(again.regions[0]!.voxelCount).toBe(96151);
    expect(Buffer.from(again.regions[0]!.mask.data).equals(Buffer.from(mask.data))).toBe(true);
    if (dciodvfyAvailable) expect(dciodvfy(bytes).filter((l) => l.startsWith('Error'))).toEqual([]);
  });

  it('IBSI STS_002 RTSTRUCT (17090 voxels) → mask → our RTSTRUCT → same 17090 voxels', () => {
    const instances = readSampleDir('ibsi-sts-002-mr-t1/image');
    const [image] = seriesVolumes(instances);
    const { regions: rois } = readRtStruct(
      readSample('ibsi-sts-002-mr-t1/mask/RS.dcm').dataset,
      image!,
      'RS.dcm',
    );
    const mask = rois[0]!.mask;
    const bytes = writeStructureSet({
      source: image!,
      sourceDataset: instances[0]!.dataset,
      rois: [
        {
          name: 'GTV',
          mask,
          interpretedType: 'GTV',
          generationAlgorithm: 'MANUAL',
          displayColor: [255, 0, 0],
        },
      ],
      sopInstanceUID: '2.25.400',
      seriesInstanceUID: '2.25.401',
      seriesNumber: 904,
      instanceNumber: 1,
      label: 'round trip',
      seriesDescription: 'round trip',
      date: '20260101',
      time: '120000',
      equipment,
      implementationClassUID: '2.25.999',
    });
    const again = readRtStruct(readPart10(bytes, 'ours').dataset, image!, 'ours');
    expect(again.regions[0]!.voxelCount).toBe(17090);
    expect(Buffer.from(again.regions[0]!.mask.data).equals(Buffer.from(mask.data))).toBe(true);
    if (dciodvfyAvailable) expect(dciodvfy(bytes).filter((l) => l.startsWith('Error'))).toEqual([]);
  });
});
