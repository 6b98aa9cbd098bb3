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
    const mask = original.segments[0]!.mask;
    const bytes = writeSegmentation({
      source: phase1!,
      sourceDataset: instances.find((i) => i.dataset['SOPInstanceUID'] === phase1!.slices[0]!.sopInstanceUID)!
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
    expect(again.segments[0]!.voxelCount).toBe(96151);
    expect(Buffer.from(again.segments[0]!.mask.data).equals(Buffer.from(mask.data))).toBe(true);
    if (dciodvfyAvailable) expect(dciodvfy(bytes).filter((l) => l.startsWith('Error'))).toEqual([]);
  });

  it('IBSI STS_002 RTSTRUCT (17090 voxels) → mask → our RTSTRUCT → same 17090 voxels', () => {
    const instances = readSampleDir('ibsi-sts-002-mr-t1/image');
    const [image] = seriesVolumes(instances);
    const { rois } = readRtStruct(readSample('ibsi-sts-002-mr-t1/mask/RS.dcm').dataset, image!, 'RS.dcm');
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
    expect(again.rois[0]!.voxelCount).toBe(17090);
    expect(Buffer.from(again.rois[0]!.mask.data).equals(Buffer.from(mask.data))).toBe(true);
    if (dciodvfyAvailable) expect(dciodvfy(bytes).filter((l) => l.startsWith('Error'))).toEqual([]);
  });
});
