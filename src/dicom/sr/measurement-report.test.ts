import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors/index.js';
import { patientStudyAttributes } from '../../synth/mr-writer.js';
import * as codes from './codes.js';
import { formatSrTree } from './format.js';
import { buildSrFixture, type SrFixture } from './measurement-report.fixture.js';
import { COMPREHENSIVE_3D_SR_STORAGE, MeasurementReport } from './measurement-report.js';
import { declaredCharacterSet, readDataset, readMeasurementReport } from './reader.js';
import type { MeasurementReportInput } from './schema.js';

type Dataset = Record<string, unknown>;
const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]) as Dataset[];

/** Index 1: default repertoire; 3: Latin-1 name (ISO_IR 100); 7: Greek/Japanese name (ISO_IR 192). */
const fixtures: Record<number, SrFixture> = {};
beforeAll(() => {
  for (const index of [1, 3, 7]) fixtures[index] = buildSrFixture(index);
});

function expectInvalid(input: unknown, argument: string): void {
  try {
    new MeasurementReport(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('sr_input_invalid');
    expect((error as AppError).message).toContain(`"${argument}"`);
    return;
  }
  throw new Error(`input with a wrong ${argument} was accepted`);
}

describe('MeasurementReport (TID 1500, Comprehensive 3D SR)', () => {
  it.each([1, 3, 7])('round-trips through bytes and readMeasurementReport (study %i)', (index) => {
    const { input } = fixtures[index]!;
    const back = readMeasurementReport(new MeasurementReport(input).toBytes());
    expect(back).toEqual(input);
  });

  it('round-trips a superseding report and a negative prediction', () => {
    const { input } = fixtures[1]!;
    const superseding: MeasurementReportInput = {
      ...input,
      prediction: { ...input.prediction, status: 'negative', probability: 0.125 },
      supersedes: {
        studyInstanceUid: input.study.studyInstanceUid,
        seriesInstanceUid: '2.25.100',
        sopInstanceUid: '2.25.101',
        sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
      },
    };
    const bytes = new MeasurementReport(superseding).toBytes();
    expect(readMeasurementReport(bytes)).toEqual(superseding);
    const ds = readDataset(bytes);
    const predecessor = list(ds.PredecessorDocumentsSequence)[0]!;
    const sop = list(list(predecessor.ReferencedSeriesSequence)[0]!.ReferencedSOPSequence)[0]!;
    expect(sop.ReferencedSOPInstanceUID).toBe('2.25.101');
    expect(formatSrTree(new MeasurementReport(superseding).content)).toContain(
      'supersedes the earlier HER-2 report 2.25.101',
    );
  });

  it('puts the prediction on the lesion ring group when the model reads the ring only', () => {
    const { input } = fixtures[1]!;
    const groups = input.groups.filter((g) => g.region === 'peritumoral');
    // the SR lists the segments its groups reference: the lesion segments drop out with their groups
    const referenced = (uid: string, n: number) =>
      groups.some((g) => g.segmentation.sopInstanceUid === uid && g.segmentation.segmentNumber === n);
    const ringOnly: MeasurementReportInput = {
      ...input,
      groups,
      segmentations: input.segmentations.map((s) => ({
        ...s,
        segmentNumbers: s.segmentNumbers.filter((n) => referenced(s.sopInstanceUid, n)),
      })),
    };
    expect(ringOnly.groups.length).toBeGreaterThan(0);
    const report = new MeasurementReport(ringOnly);
    expect(readMeasurementReport(report.toBytes())).toEqual(ringOnly);
    const tree = formatSrTree(report.content);
    const probability = tree.indexOf('Probability of HER-2 positive');
    expect(probability).toBeGreaterThan(0);
    // the prediction group refers to the segment of the lesion's (first) ring group
    const block = tree.slice(tree.lastIndexOf('HER-2 prediction', probability), probability);
    const ring = groups.find((g) => g.lesionNumber === input.prediction.lesionNumber)!;
    expect(block).toContain(`${ring.segmentation.sopInstanceUid} segment ${ring.segmentation.segmentNumber}`);
  });

  it.each([1, 3, 7])('copies the patient and study attributes of the source exactly (study %i)', (index) => {
    const { input, study } = fixtures[index]!;
    const bytes = new MeasurementReport(input).toBytes();
    const ds = readDataset(bytes);
    const source = patientStudyAttributes(study.context);
    expect(declaredCharacterSet(bytes)).toBe(source.SpecificCharacterSet);
    for (const [keyword, value] of Object.entries(source)) {
      if (keyword === 'SpecificCharacterSet') continue;
      const got = ds[keyword];
      const text = Array.isArray(got) ? ((got[0] as { Alphabetic?: string }).Alphabetic ?? got[0]) : got;
      expect(text, keyword).toBe(value);
    }
    // The bytes themselves are in the declared character set: Latin-1 é is one byte 0xE9.
    if (index === 3) expect(bytes.includes(Buffer.from('Ren\u00e9e', 'latin1'))).toBe(true);
    if (index === 7) expect(bytes.includes(Buffer.from('\u0395\u03bb\u03ad\u03bd\u03b7', 'utf8'))).toBe(true);
  });

  it('writes the document header IHE AIR asks for', () => {
    const { input } = fixtures[3]!;
    const ds = readDataset(new MeasurementReport(input).toBytes());
    expect(ds.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    expect(ds.SOPInstanceUID).toBe(input.document.sopInstanceUid);
    expect(ds.Modality).toBe('SR');
    expect(ds.SeriesInstanceUID).toBe(input.document.seriesInstanceUid);
    expect(input.sourceSeries.map((s) => s.seriesInstanceUid)).not.toContain(ds.SeriesInstanceUID);
    expect(ds.CompletionFlag).toBe('COMPLETE');
    expect(ds.VerificationFlag).toBe('UNVERIFIED');
    const template = list(ds.ContentTemplateSequence)[0]!;
    expect([template.MappingResource, template.TemplateIdentifier]).toEqual(['DCMR', '1500']);

    // Evidence: every source image and every SEG, under the study.
    const evidence = list(ds.CurrentRequestedProcedureEvidenceSequence);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]!.StudyInstanceUID).toBe(input.study.studyInstanceUid);
    const referenced = list(evidence[0]!.ReferencedSeriesSequence).flatMap((s) =>
      list(s.ReferencedSOPSequence).map((r) => r.ReferencedSOPInstanceUID),
    );
    const expected = [
      ...input.sourceSeries.flatMap((s) => s.sopInstanceUids),
      ...input.segmentations.map((s) => s.sopInstanceUid),
    ];
    expect(new Set(referenced)).toEqual(new Set(expected));

    // Non-standard coding schemes are declared.
    const schemes = list(ds.CodingSchemeIdentificationSequence).map((s) => s.CodingSchemeDesignator);
    expect(schemes).toEqual(expect.arrayContaining(['IBSI', '99HER2']));

    // IHE AIR: the algorithm as contributing equipment.
    const equipment = list(ds.ContributingEquipmentSequence)[0]!;
    const purpose = list(equipment.PurposeOfReferenceCodeSequence)[0]!;
    expect([purpose.CodeValue, purpose.CodingSchemeDesignator, purpose.CodeMeaning]).toEqual([
      'Newcode1',
      '99IHE',
      'Processing Algorithm',
    ]);
    expect(equipment.DeviceUID).toBe(input.model.deviceUid);
    expect(equipment.ManufacturerModelName).toBe(input.model.name);
    expect(equipment.SoftwareVersions).toBe(input.model.version);
  });

  it('gives a feature its IBSI code where it has one and a private code otherwise', () => {
    const { input } = fixtures[1]!;
    const tree = formatSrTree(new MeasurementReport(input).content);
    expect(tree).toContain('NUM firstorder_Mean = 100.25');
    const mean = new MeasurementReport(input).content;
    const measurements = mean.children!.find((c) => c.concept?.value === '126010')!;
    const nums = measurements.children![0]!.children!.filter((c) => c.valueType === 'NUM');
    expect(nums.map((n) => `${n.concept!.value}/${n.concept!.scheme}`)).toEqual([
      'Q4LE/IBSI',
      'KE2A/IBSI',
      'RNU0/IBSI',
      'ACUI/IBSI',
      `${codes.privateFeatureCode('firstorder_TotalEnergy').value}/99HER2`,
      `${codes.privateFeatureCode('shape_Maximum2DDiameterColumn').value}/99HER2`,
    ]);
    // Code values are SH: at most 16 characters.
    for (const n of nums) expect(n.concept!.value.length).toBeLessThanOrEqual(16);
    const unitless = nums.find((n) => n.concept!.value === 'KE2A')!;
    expect(unitless.valueType === 'NUM' && unitless.unit).toEqual({
      value: '1',
      scheme: 'UCUM',
      meaning: 'no units',
    });
  });

  it('prints a readable tree with the prediction and the research-use statement', () => {
    const text = formatSrTree(new MeasurementReport(fixtures[1]!.input).content);
    expect(text.split('\n')[0]).toBe('CONTAINER Imaging Measurement Report [TID 1500]');
    expect(text).toContain(
      'contains CODE HER-2 status = (427685000, SCT, "Human epidermal growth factor 2 positive carcinoma of breast")',
    );
    expect(text).toContain('contains NUM Probability of HER-2 positive = 0.8125 (no units)');
    expect(text).toContain(codes.RESEARCH_USE_ONLY_TEXT);
    // one Image Library group per source series, listing each of its instances
    for (const series of fixtures[1]!.input.sourceSeries) {
      expect(text).toContain(`contains IMAGE x ${series.sopInstanceUids.length}`);
    }
  });

  describe('rejects invalid input and names the argument', () => {
    it('schema violations', () => {
      const { input } = fixtures[1]!;
      expectInvalid(
        { ...input, document: { ...input.document, sopInstanceUid: '1.02.3' } },
        'document.sopInstanceUid',
      );
      expectInvalid(
        { ...input, prediction: { ...input.prediction, probability: 1.5 } },
        'prediction.probability',
      );
      expectInvalid({ ...input, model: { ...input.model, sha256: 'xyz' } }, 'model.sha256');
      const groups = structuredClone(input.groups);
      groups[1]!.features[2]!.ibsiCode = 'mean';
      expectInvalid({ ...input, groups }, 'groups.1.features.2.ibsiCode');
      const nan = structuredClone(input.groups);
      nan[0]!.features[0]!.value = Number.NaN;
      expectInvalid({ ...input, groups: nan }, 'groups.0.features.0.value');
      expectInvalid({ ...input, groups: [] }, 'groups');
    });

    it('broken cross-references', () => {
      const { input } = fixtures[1]!;
      const g = (patch: Partial<MeasurementReportInput['groups'][number]>) => [
        { ...input.groups[0]!, ...patch },
        ...input.groups.slice(1),
      ];
      expectInvalid(
        { ...input, groups: g({ segmentation: { sopInstanceUid: '2.25.9', segmentNumber: 1 } }) },
        'groups[0].segmentation.sopInstanceUid',
      );
      expectInvalid(
        { ...input, groups: g({ segmentation: { ...input.groups[0]!.segmentation, segmentNumber: 7 } }) },
        'groups[0].segmentation.segmentNumber',
      );
      expectInvalid(
        { ...input, groups: g({ sourceSeriesInstanceUid: '2.25.9' }) },
        'groups[0].sourceSeriesInstanceUid',
      );
      expectInvalid(
        // the second use of a UID is the one reported
        { ...input, groups: g({ trackingUid: input.groups[1]!.trackingUid }) },
        'groups[1].trackingUid',
      );
      expectInvalid({ ...input, groups: g({ region: 'peritumoral' }) }, 'groups[1]');
      expectInvalid(
        { ...input, prediction: { ...input.prediction, lesionNumber: 2 } },
        'prediction.lesionNumber',
      );
      expectInvalid(
        {
          ...input,
          document: { ...input.document, seriesInstanceUid: input.sourceSeries[0]!.seriesInstanceUid },
        },
        'document.seriesInstanceUid',
      );
    });
  });
});
