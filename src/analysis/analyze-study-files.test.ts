import { beforeAll, describe, expect, it } from 'vitest';
import { dciodvfy, dciodvfyAvailable } from '../../test/support/dciodvfy.js';
import { pixelmedSkipReason, pixelmedValidate, runPixelmed } from '../../test/support/pixelmed.js';
import { readEncapsulatedPdf } from '../dicom/companion/index.js';
import { readPart10 } from '../dicom/part10.js';
import { readSiteRulesFile } from '../dicom/recognition/index.js';
import { readSegmentation } from '../dicom/seg-reader.js';
import { type SeriesVolume, seriesVolumes } from '../dicom/series-volume.js';
import {
  type MeasurementReportInput,
  readContentTree,
  readDataset,
  readMeasurementReport,
} from '../dicom/sr/index.js';
import { checkTree } from '../dicom/sr/tid1500-spec.fixture.js';
import { type LoadedModel, predict } from '../model/index.js';
import { OUTPUT_MANUFACTURER, OUTPUT_SERIES_DESCRIPTION_PREFIX } from '../pipeline/output-marker.js';
import { extract, featureFamilies } from '../radiomics/index.js';
import type { GeneratedStudy } from '../synth/index.js';
import type { Mask } from '../volume/index.js';
import { studyFiles } from './analysis.fixture.js';
import { analyzeStudyFiles, type StudyAnalysis } from './analyze-study-files.js';
import { buildTestModel, productParams } from './test-model.fixture.js';

/**
 * The analysis of one small synthetic study (index 3: a Latin-1 patient name) checked against
 * independent references: the written SEG read back with the SEG reader on the DCE volume built
 * here from the source DICOM, the ring rebuilt by brute force, `extract()` of src/radiomics on
 * those masks, dciodvfy on every object, the TID 1500 specification table, and PixelMed.
 */

const CONTENT_TIME = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

/** Ring by brute force: every non-tumour voxel whose centre lies within 3 mm of a tumour voxel centre. */
function bruteForceRing(tumour: Mask): Mask {
  const { geometry } = tumour;
  const [nx, ny, nz] = geometry.size;
  const [sx, sy, sz] = geometry.spacing;
  const inside: [number, number, number][] = [];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) if (tumour.data[(z * ny + y) * nx + x]) inside.push([x, y, z]);
  const data = new Uint8Array(tumour.data.length);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = (z * ny + y) * nx + x;
        if (tumour.data[i]) continue;
        // axis-aligned synthetic grids: distance from index differences and spacing
        if (
          inside.some(
            ([a, b, c]) => ((x - a) * sx) ** 2 + ((y - b) * sy) ** 2 + ((z - c) * sz) ** 2 <= 9 + 1e-6,
          )
        )
          data[i] = 1;
      }
  return { geometry, data };
}

function volumeOfSeries(study: GeneratedStudy, seriesInstanceUid: string): SeriesVolume {
  const series = study.series.find((s) => s.seriesInstanceUid === seriesInstanceUid)!;
  const instances = series.instances.map((i, n) => ({
    name: `#${n}`,
    dataset: readPart10(i.bytes, `#${n}`).dataset,
  }));
  return seriesVolumes(instances)[0]!;
}

describe('analyzeStudyFiles on a synthetic study', () => {
  let study: GeneratedStudy;
  let model: LoadedModel;
  let analysis: StudyAnalysis;
  let report: MeasurementReportInput;
  const output = (fileName: string) => analysis.outputs.find((o) => o.fileName === fileName)!;

  beforeAll(async () => {
    const fixture = studyFiles({ index: 3 });
    study = fixture.study;
    model = buildTestModel();
    analysis = analyzeStudyFiles(fixture.files, {
      model,
      rules: await readSiteRulesFile(),
      software: { name: 'her2-radiomics', version: '0.1.0' },
      demoMode: true,
      contentDateTime: CONTENT_TIME,
    });
    report = readMeasurementReport(output('sr.dcm').bytes);
  }, 60_000);

  it('writes a SEG per sequence the model reads, the SR and the companion, all marked as ours', () => {
    expect(analysis.outputs.map((o) => [o.kind, o.fileName])).toEqual([
      ['seg', 'seg-t2.dcm'],
      ['seg', 'seg-dce.dcm'],
      ['sr', 'sr.dcm'],
      ['companion', 'companion.dcm'],
    ]);
    const source = readPart10(study.series[0]!.instances[0]!.bytes, 'source').dataset;
    const sourceSeries = new Set(study.series.map((s) => s.seriesInstanceUid));
    for (const o of analysis.outputs) {
      const ds = readPart10(o.bytes, o.fileName).dataset;
      expect(ds.Manufacturer).toBe(OUTPUT_MANUFACTURER);
      expect(String(ds.SeriesDescription).startsWith(OUTPUT_SERIES_DESCRIPTION_PREFIX)).toBe(true);
      expect(ds.SOPInstanceUID).toBe(o.sopInstanceUid);
      expect(sourceSeries.has(String(ds.SeriesInstanceUID))).toBe(false);
      // Patient and study copied exactly, character set included (ISO_IR 100, "Renée Sjöberg")
      for (const keyword of [
        'SpecificCharacterSet',
        'PatientName',
        'PatientID',
        'StudyInstanceUID',
        'AccessionNumber',
      ])
        expect(ds[keyword], `${o.fileName} ${keyword}`).toEqual(source[keyword]);
    }
    expect(source.SpecificCharacterSet).toBe('ISO_IR 100');
  });

  it('reports DCE features equal to extract() on the SEG read back and an independently built ring', () => {
    const dceSeries = report.sourceSeries.find((s) => s.sequence === 'DCE')!.seriesInstanceUid;
    const source = volumeOfSeries(study, dceSeries);
    const image = source.volume;
    const seg = readPart10(output('seg-dce.dcm').bytes, 'seg-dce').dataset;
    const { regions: segments } = readSegmentation(seg, source, 'seg-dce');
    const tumour = segments[0]!.mask;
    const ring = segments[1]!.mask;
    // the lesion segment is reader 1's DCE mask exactly; the ring is the brute-force 3 mm ring
    const drawn = study.masks.find((m) => m.sequence === 'dce' && m.reader === 1)!.lesions[0]!;
    expect(Buffer.from(tumour.data).equals(Buffer.from(drawn))).toBe(true);
    expect(Buffer.from(ring.data).equals(Buffer.from(bruteForceRing(tumour).data))).toBe(true);

    const params = productParams();
    const independent = {
      intratumoral: extract(image, tumour, params, featureFamilies),
      peritumoral: extract(image, ring, params, featureFamilies),
    };
    let compared = 0;
    for (const region of ['intratumoral', 'peritumoral'] as const) {
      const group = report.groups.find(
        (g) => g.lesionNumber === 1 && g.sequence === 'DCE' && g.region === region,
      )!;
      expect(group.segmentation).toEqual({
        sopInstanceUid: seg.SOPInstanceUID,
        segmentNumber: region === 'intratumoral' ? 1 : 2,
      });
      for (const feature of group.features) {
        const want = independent[region][`${feature.imageType}_${feature.name}`] as number;
        expect(feature.value, `${region} ${feature.name}`).toBeCloseTo(want, 9);
        expect(Math.abs(feature.value - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
        compared++;
      }
    }
    // the model reads two DCE intratumoral features and one peritumoral; the lesion volume is added
    expect(compared).toBe(4);
  });

  it('predicts from the features it reports: predict() on the reported lesion-1 row gives the same result', () => {
    const row = Object.fromEntries(
      model.artifact.features.map((f) => {
        const group = report.groups.find(
          (g) =>
            g.lesionNumber === 1 &&
            g.sequence === { t2: 'T2W', dwi: 'ADC', dce: 'DCE' }[f.sequence] &&
            g.region === (f.region === 'intra' ? 'intratumoral' : 'peritumoral'),
        )!;
        const [imageType, ...name] = f.key.split('_');
        const item = group.features.find((x) => x.imageType === imageType && x.name === name.join('_'))!;
        expect(item.outOfRange).toBe(item.value < f.trainingMin || item.value > f.trainingMax);
        return [f.column, item.value];
      }),
    );
    const again = predict(model, row);
    expect(report.prediction.probability).toBeCloseTo(again.probability, 12);
    expect(report.prediction.status).toBe(again.status);
    expect(analysis.prediction.outOfRange.map((o) => o.feature)).toEqual(
      again.outOfRange.map((o) => o.feature),
    );
    expect(report.model.sha256).toBe(model.id);
  });

  it('gives each lesion the laterality of the synthetic patient', () => {
    const side = study.patient.laterality === 'L' ? 'left' : 'right';
    expect(new Set(report.groups.map((g) => g.laterality))).toEqual(new Set([side]));
  });

  it('writes the companion PDF with the result and the lesion picture', () => {
    const { title, pdf } = readEncapsulatedPdf(output('companion.dcm').bytes);
    expect(title).toContain('HER-2');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain('/Subtype /Image');
    expect(text).toContain(
      `Probability of HER-2 positive: ${(analysis.prediction.probability * 100).toFixed(1)} %`,
    );
  });

  it('follows the written TID 1500 specification', () => {
    const tree = readContentTree(readDataset(output('sr.dcm').bytes));
    expect(checkTree(tree)).toEqual([]);
    expect(analysis.srText).toContain('Imaging Measurement Report');
  });

  it.skipIf(!dciodvfyAvailable)('dciodvfy reports no error on the SR, each SEG and the companion', () => {
    for (const o of analysis.outputs) {
      const lines = dciodvfy(o.bytes);
      expect(
        lines.filter((l) => /^Error/.test(l)),
        o.fileName,
      ).toEqual([]);
    }
  });

  it.skipIf(!runPixelmed)(
    `PixelMed finds root template TID 1500 and no error${pixelmedSkipReason ? ` (skipped: ${pixelmedSkipReason})` : ''}`,
    () => {
      const text = pixelmedValidate(output('sr.dcm').bytes);
      expect(text).toContain('Found Root Template TID_1500');
      expect(text.split('\n').filter((l) => l.startsWith('Error:'))).toEqual([]);
    },
    600_000,
  );
});
