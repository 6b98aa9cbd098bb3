import { beforeAll, describe, expect, it } from 'vitest';
import { readPart10 } from '../dicom/part10.js';
import { writePart10 } from '../dicom/part10-writer.js';
import { readSiteRulesFile } from '../dicom/recognition/index.js';
import type { SiteRules } from '../dicom/recognition/site-rules.js';
import { COMPREHENSIVE_3D_SR_STORAGE, readMeasurementReport } from '../dicom/sr/index.js';
import type { NamedBytes } from '../dicom/study-inventory.js';
import { AppError } from '../errors/index.js';
import { formatModelFile, type LoadedModel, parseModelFile, predict } from '../model/index.js';
import { OUTPUT_MANUFACTURER } from '../pipeline/output-marker.js';
import { studyFiles } from './analysis.fixture.js';
import { type AnalysisOptions, analyzeStudyFiles, type StudyAnalysis } from './analyze-study-files.js';
import { buildTestModel } from './test-model.fixture.js';

/**
 * The clinical test model as if trained with ComBat harmonisation over centres "1" (reference) and
 * "2": each feature of centre 2 is shifted by γ = 0.8 reference SDs and scaled by δ = 1.5.
 */
function harmonisedModel(model: LoadedModel): LoadedModel {
  const { artifact } = model;
  const harmonisation = {
    method: 'combat' as const,
    referenceSite: '1',
    sites: ['1', '2'],
    features: artifact.features.map((f) => ({
      feature: f.column,
      adjusted: true,
      referenceMean: f.mean,
      referenceSd: f.sd,
      gamma: { '1': 0, '2': 0.8 },
      delta: { '1': 1, '2': 2.25 },
    })),
  };
  const text = formatModelFile({ ...artifact, harmonisation });
  return parseModelFile(JSON.parse(text), artifact.extraction.settingsHash, 'harmonised test model');
}

/**
 * The analysis across runs and on bad input: same input → byte-identical outputs; our own outputs
 * among the files change nothing; an earlier SR of ours is superseded; a synthetic model is refused
 * outside demo mode; a study without masks and a study with a broken mask fail with readable,
 * non-retryable errors.
 */

const CONTENT_TIME = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

function expectAppError(run: () => unknown, code: string): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code, (error as AppError).message).toBe(code);
    expect((error as AppError).retryable).toBe(false);
    return error as AppError;
  }
  throw new Error(`expected AppError ${code}, nothing was thrown`);
}

/** An earlier SR of ours (only what the analysis reads from it). */
function ownReport(studyInstanceUid: string, uid: string, contentDate: string): NamedBytes {
  return {
    name: `old/${uid}.dcm`,
    bytes: writePart10({
      SOPClassUID: COMPREHENSIVE_3D_SR_STORAGE,
      SOPInstanceUID: uid,
      StudyInstanceUID: studyInstanceUid,
      SeriesInstanceUID: `${uid}.1`,
      Modality: 'SR',
      Manufacturer: OUTPUT_MANUFACTURER,
      SeriesDescription: 'HER2 radiomics result (TID 1500)',
      ContentDate: contentDate,
      ContentTime: '120000',
    }),
  };
}

describe('analyzeStudyFiles across runs and on bad input', () => {
  let rules: SiteRules;
  let clinicalModel: LoadedModel;
  let files: NamedBytes[];
  let studyUid: string;
  let first: StudyAnalysis;
  const options = (): AnalysisOptions => ({
    model: clinicalModel,
    rules,
    software: { name: 'her2-radiomics', version: '0.1.0' },
    demoMode: false,
    contentDateTime: CONTENT_TIME,
  });

  beforeAll(async () => {
    rules = await readSiteRulesFile();
    // the same forest, not flagged synthetic: runs without demo mode
    clinicalModel = buildTestModel(8, false);
    const fixture = studyFiles({ index: 4 });
    files = fixture.files;
    studyUid = fixture.study.context.studyInstanceUid;
    first = analyzeStudyFiles(files, options());
  }, 60_000);

  it('refuses a synthetic model outside demo mode, before reading the study', () => {
    const error = expectAppError(
      () => analyzeStudyFiles([], { ...options(), model: buildTestModel(8, true) }),
      'demo_model_refused',
    );
    expect(error.message).toContain('demo mode');
  });

  it('gives byte-identical outputs for the same input, with our earlier outputs among the files ignored', () => {
    const again = analyzeStudyFiles(
      [...files, ...first.outputs.map((o) => ({ name: `ours/${o.fileName}`, bytes: o.bytes }))],
      options(),
    );
    expect(again.outputs.map((o) => o.fileName)).toEqual(first.outputs.map((o) => o.fileName));
    again.outputs.forEach((o, n) => {
      expect(Buffer.from(o.bytes).equals(Buffer.from(first.outputs[n]!.bytes)), o.fileName).toBe(true);
    });
    // our own SEGs were not read as masks, and the re-run SR does not supersede itself
    expect(again.problems.filter((p) => p.startsWith('ours/'))).toHaveLength(first.outputs.length);
    expect(again.problems.filter((p) => !p.startsWith('ours/'))).toEqual(first.problems);
    expect(again.supersedes).toBeNull();
  }, 30_000);

  it('supersedes our newest earlier SR of the study found among the files', () => {
    const older = ownReport(studyUid, '2.25.1001', '20250101');
    const newer = ownReport(studyUid, '2.25.1002', '20250601');
    const otherStudy = ownReport('2.25.9', '2.25.1003', '20251231');
    const later = analyzeStudyFiles([newer, ...files, older, otherStudy], options());
    expect(later.supersedes).toEqual({
      sopInstanceUid: '2.25.1002',
      seriesInstanceUid: '2.25.1002.1',
      sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
    });
    const sr = later.outputs.find((o) => o.kind === 'sr')!;
    expect(readMeasurementReport(sr.bytes).supersedes).toEqual({
      studyInstanceUid: studyUid,
      ...later.supersedes,
    });
    expect(readPart10(sr.bytes, 'sr').dataset.PredecessorDocumentsSequence).toBeDefined();
    expect(later.srText).toContain('2.25.1002');
    // the input is unchanged, so the report keeps its UID
    expect(sr.sopInstanceUid).toBe(first.outputs.find((o) => o.kind === 'sr')!.sopInstanceUid);
  }, 30_000);

  it('maps the DCE lesion onto T2W when T2W has no mask, and states the transfer in SR and SEG', () => {
    const withoutT2Mask = files.filter((f) => !f.name.startsWith('masks/RTSTRUCT-t2'));
    expect(withoutT2Mask).toHaveLength(files.length - 1);
    const mapped = analyzeStudyFiles(withoutT2Mask, options());
    expect(mapped.transfers).toEqual(['t2 lesion masks mapped from the dce masks through physical space']);
    const sr = readMeasurementReport(mapped.outputs.find((o) => o.kind === 'sr')!.bytes);
    expect(sr.maskTransfers).toEqual([
      { from: 'DCE', to: 'T2W', method: 'resampled in patient coordinates, nearest neighbour' },
    ]);
    const seg = readPart10(mapped.outputs.find((o) => o.fileName === 'seg-t2.dcm')!.bytes, 'seg-t2').dataset;
    const segments = seg.SegmentSequence as Record<string, unknown>[];
    expect(segments[0]).toMatchObject({
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: 'mask transferred from DCE',
    });
    // another input, so other UIDs than the first analysis
    expect(sr.document.sopInstanceUid).not.toBe(first.outputs.find((o) => o.kind === 'sr')!.sopInstanceUid);
  }, 30_000);

  it('gives a harmonised model the centre: refused without one or with an unseen one, mapped with it', () => {
    const harmonised = harmonisedModel(clinicalModel);
    expectAppError(
      () => analyzeStudyFiles(files, { ...options(), model: harmonised }),
      'prediction_site_missing',
    );
    expectAppError(
      () => analyzeStudyFiles(files, { ...options(), model: harmonised, centre: '3' }),
      'harmonisation_site_unknown',
    );
    const fromCentre2 = analyzeStudyFiles(files, { ...options(), model: harmonised, centre: '2' });
    // ComBat's mapping written out here: x* = ((x − m)/s − γ)/√δ · s + m, then the unharmonised model
    const mapped = Object.fromEntries(
      clinicalModel.artifact.features.map((f) => {
        const x = first.features[f.column]!;
        return [f.column, (((x - f.mean) / f.sd - 0.8) / 1.5) * f.sd + f.mean];
      }),
    );
    expect(fromCentre2.prediction.probability).toBe(predict(clinicalModel, mapped).probability);
    const fromReference = analyzeStudyFiles(files, { ...options(), model: harmonised, centre: '1' });
    expect(fromReference.prediction.probability).toBe(first.prediction.probability);
  }, 60_000);

  it('names what is missing when the study has no masks', () => {
    const error = expectAppError(
      () => analyzeStudyFiles(studyFiles({ index: 4, masks: false }).files, options()),
      'study_mask_missing',
    );
    expect(error.message).toMatch(/lesion mask on the (t2|dce) series/);
  }, 30_000);

  it.each([
    // truncated: the frames claim more slices than the pixel data hold (the file does not parse)
    [
      'truncated',
      (ds: Record<string, unknown>) => ({ ...ds, NumberOfFrames: Number(ds.NumberOfFrames) + 5 }),
    ],
    // parses, but the SEG reader cannot place it (no segment descriptions)
    ['without segments', (ds: Record<string, unknown>) => ({ ...ds, SegmentSequence: [] })],
  ] as const)(
    'fails with a readable reason when a mask it reads is broken (%s)',
    (_, damage) => {
      const name = 'masks/SEG-dce-reader1.dcm';
      expect(files.some((f) => f.name === name)).toBe(true);
      const broken = files.map((f) =>
        f.name === name
          ? {
              name,
              bytes: writePart10(damage(readPart10(f.bytes, f.name).dataset as Record<string, unknown>)),
            }
          : f,
      );
      const error = expectAppError(() => analyzeStudyFiles(broken, options()), 'mask_unreadable');
      expect(error.message).toContain(name);
    },
    30_000,
  );
});
