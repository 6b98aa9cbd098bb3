import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MrHeader, readMrHeader } from '../header.js';
import { classifySeries, groupBySeries, readSiteRulesFile, recognizeStudy, type SiteRules } from './index.js';

/**
 * The "Classification targets" table of shared/dicom-samples/README.md, checked on the real files
 * with the shipped default site rules. Expected numbers come from the sample READMEs and
 * expected.json (written from pydicom/dcmtk dumps), not from this code.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const samples = path.resolve(repoRoot, '../shared/dicom-samples');
const expected = JSON.parse(fs.readFileSync(path.join(samples, 'expected.json'), 'utf8')).series as Record<
  string,
  Record<string, unknown>
>;

const headerCache = new Map<string, MrHeader[]>();
/** Headers of a sample folder or file, read once per test file (reading is the slow part). */
function headersOf(rel: string): MrHeader[] {
  const cached = headerCache.get(rel);
  if (cached) return cached;
  const full = path.join(samples, rel);
  const files = fs.statSync(full).isDirectory()
    ? fs
        .readdirSync(full)
        .filter((f) => !/\.(md|txt)$/i.test(f))
        .map((f) => path.join(full, f))
    : [full];
  const headers = files.map((f) => readMrHeader(fs.readFileSync(f), path.basename(f)));
  headerCache.set(rel, headers);
  return headers;
}

let rules: SiteRules;
beforeAll(async () => {
  rules = await readSiteRulesFile();
});

function classifyOne(rel: string) {
  const series = groupBySeries(headersOf(rel));
  expect(series).toHaveLength(1);
  return classifySeries(series[0]!, rules);
}

describe('classification targets on real DICOM', () => {
  it('breast DCE (GE, one series): 3 phases x 43 slices by AcquisitionTime, ContrastBolusAgent ignored', () => {
    const rel = 'breast-dce-ucsf-br-08/image_dce_3dfgre_orig';
    const r = classifyOne(rel);
    const want = expected[rel]!;
    expect(r.role).toBe('dce');
    expect(r.rule).toBe('dce-multiphase');
    expect(r.facts.frames).toHaveLength(want.files as number);
    expect(r.facts.phases.count).toBe(want.phases);
    expect(r.facts.phases.key).toBe('acquisitionTime');
    expect(r.facts.phases.phases.map((p) => p.keyRange[0])).toEqual(want.phaseTimes);
    expect(r.facts.phases.phases.every((p) => p.frames.length === want.slicesPerPhase)).toBe(true);
    expect(r.facts.fields.contrastBolusAgent).toBe('No');
    // GE writes (0043,1039) = 0\0\0\7 here (not EPI): not read as a b-value at all.
    expect(r.facts.fields.maxBValue).toBeNull();
  });

  it('breast DCE: pre-contrast = 085803 phase, post-contrast 1 = 090415 (files 2-008..2-050)', () => {
    const rel = 'breast-dce-ucsf-br-08/image_dce_3dfgre_orig';
    const headers = headersOf(rel);
    const study = recognizeStudy(groupBySeries(headers), rules);
    const { dcePre, dcePost, dcePhases } = study.inputs;
    expect(dcePre.status).toBe('chosen');
    expect(dcePhases.map((p) => p.label)).toEqual(['pre-contrast', 'post-contrast 1', 'post-contrast 2']);
    const sourceOf = new Map(headers.map((h) => [h.sopInstanceUid, h.source]));
    const files = (p: typeof dcePre) => p.phase!.frames.map((f) => sourceOf.get(f.sopInstanceUid)!).sort();
    expect(files(dcePre)).toEqual(
      Array.from({ length: 43 }, (_, n) => `1-${String(n + 8).padStart(3, '0')}.dcm`),
    );
    expect(dcePost.status).toBe('chosen');
    expect(files(dcePost)).toEqual(
      Array.from({ length: 43 }, (_, n) => `2-${String(n + 8).padStart(3, '0')}.dcm`),
    );
    const late = recognizeStudy(groupBySeries(headers), rules, { dcePostPhase: 2 }).inputs.dcePost;
    expect(late.phase!.orderedBy).toBe('acquisitionTime 090953');
    const tooLate = recognizeStudy(groupBySeries(headers), rules, { dcePostPhase: 3 }).inputs.dcePost;
    expect(tooLate.status).toBe('missing');
    expect(tooLate.reason).toMatch(/only 2 post-contrast/);
  });

  it('Philips DWI: b {0, 1000}, b≈0 written as 0.001..0.004 folds to 0, private non-image object skipped', () => {
    const r = classifyOne('dwi-philips-classic/DICOM');
    expect(r.role).toBe('dwi');
    expect(r.facts.bValueGroups.map((g) => g.b)).toEqual([0, 1000]);
    expect(r.facts.bValueGroups[0]!.rawValues).toEqual([0, 0.001, 0.002, 0.003, 0.004]);
    expect(r.facts.bValueGroups.map((g) => g.frames.length)).toEqual([10, 24]);
    expect(r.facts.bValueGroups[1]!.sources).toEqual(['(0018,9087) DiffusionBValue']);
    expect(r.facts.skipped.map((s) => s.source)).toEqual(['XX_0546']);
  });

  it('GE DWI: b0 files without (0018,9087) get b=0 from (0043,1039)[0]', () => {
    const r = classifyOne('dwi-ge/01_Ax_DWI_TENSOR_R2');
    expect(r.role).toBe('dwi');
    expect(r.facts.bValueGroups.map((g) => [g.b, g.frames.length, g.sources])).toEqual([
      [0, 2, ['GE (0043,1039)[0]']],
      [1000, 12, ['(0018,9087) DiffusionBValue']],
    ]);
  });

  it('Siemens mosaic DWI: b=1000 only in private tags, 48 slices in one image', () => {
    const r = classifyOne('dwi-siemens-mosaic/siemens_dwi_1000.dcm');
    expect(r.role).toBe('dwi');
    expect(r.facts.bValueGroups.map((g) => g.b)).toEqual([1000]);
    expect(r.facts.fields.mosaic).toBe(true);
    expect(r.reason).toContain('mosaic of 48 slices');
  });

  it('Toshiba T2: T2-weighted from TR 15200 / TE 78, fast spin echo', () => {
    const r = classifyOne('mr-t2-adc-cmb-crc/SCAN_001/t2_image');
    expect(r.role).toBe('t2w');
    expect(r.rule).toBe('t2w-by-timing');
  });

  it('Toshiba ADC map with DiffusionBValue 500 on it is an ADC map in 1e-6 mm²/s, not a DWI', () => {
    const r = classifyOne('mr-t2-adc-cmb-crc/SCAN_001/adc_image');
    expect(r.role).toBe('adc');
    expect(r.facts.fields.bValues).toEqual([
      expected['mr-t2-adc-cmb-crc/SCAN_001/adc_image']!.diffusionBValueTag,
    ]);
    expect(r.facts.adcUnits.scaleTo1e6).toBe(1);
    // The dwi-by-b-value rule would also match: the trace shows it lost only on order.
    expect(r.ruleTrace.find((v) => v.rule === 'dwi-by-b-value')?.matched).toBe(true);
  });

  it.each(['ibsi-sts-002-mr-t1/image', 'pydicom/MR_small.dcm'])(
    '%s is other MR (no diffusion, single phase)',
    (rel) => {
      const r = classifyOne(rel);
      expect(r.role).toBe('other');
      expect(r.facts.fields.maxBValue).toBeNull();
      expect(r.facts.phases.count).toBe(1);
      // Why not T2W: both are DERIVED images.
      expect(r.ruleTrace.find((v) => v.rule === 't2w-by-timing')?.why).toBe('derived is true, not false');
    },
  );

  it.each([
    ['enhanced-mr/siemens-xa10', 4 * 6],
    ['enhanced-mr/philips/IM_0027_fMAP.dcm', 64],
  ])('Enhanced MR %s: per-frame groups read (%i frames), classified other', (rel, frames) => {
    const r = classifyOne(rel);
    expect(r.facts.fields.enhanced).toBe(true);
    expect(r.facts.frames).toHaveLength(frames);
    expect(r.role).toBe('other');
  });

  it('Enhanced MR fMRI time series is not mistaken for DCE (EPI, TR 500)', () => {
    const r = classifyOne('enhanced-mr/siemens-xa10');
    expect(r.facts.phases.count).toBe(4);
    expect(r.ruleTrace.find((v) => v.rule === 'dce-multiphase')?.why).toBe('echoPlanar is true, not false');
  });

  it('pydicom emri_small (Enhanced MR without functional groups) is other', () => {
    const r = classifyOne('pydicom/emri_small.dcm');
    expect(r.facts.fields.enhanced).toBe(true);
    expect(r.role).toBe('other');
  });
});

describe('input selection on a real T2 + ADC study (CMB-CRC SCAN_001)', () => {
  it('chooses the T2 series and the ADC map, and lists nothing as DCE', () => {
    const headers = [
      ...headersOf('mr-t2-adc-cmb-crc/SCAN_001/t2_image'),
      ...headersOf('mr-t2-adc-cmb-crc/SCAN_001/adc_image'),
    ];
    const { inputs } = recognizeStudy(groupBySeries(headers), rules);
    expect(inputs.t2w.seriesInstanceUid).toBe(
      '1.3.6.1.4.1.14519.5.2.1.1600.1201.546260348005699034166376764010',
    );
    expect(inputs.diffusion.status).toBe('chosen');
    expect(inputs.diffusion.diffusion?.representation).toBe('adc');
    expect(inputs.diffusion.seriesInstanceUid).toMatch(/813621184140792036748063093889$/);
    expect(inputs.dcePre.status).toBe('missing');
  });

  it('with two fittable DWI series and no ADC map, reports the DWI choice as ambiguous', () => {
    const headers = [...headersOf('dwi-ge/01_Ax_DWI_TENSOR_R2'), ...headersOf('dwi-philips-classic/DICOM')];
    const { inputs } = recognizeStudy(groupBySeries(headers), rules);
    expect(inputs.diffusion.status).toBe('ambiguous');
    expect(inputs.diffusion.seriesInstanceUid).toBeNull();
    const withSiemens = recognizeStudy(
      groupBySeries([
        ...headersOf('dwi-ge/01_Ax_DWI_TENSOR_R2'),
        ...headersOf('dwi-siemens-mosaic/siemens_dwi_1000.dcm'),
      ]),
      rules,
    ).inputs.diffusion;
    // The Siemens file holds only b=1000: not fittable, so the GE series is the one candidate.
    expect(withSiemens.status).toBe('chosen');
    expect(withSiemens.diffusion).toEqual({ representation: 'dwi-fit', bValues: [0, 1000] });
    expect(withSiemens.notChosen.map((n) => n.reason)).toEqual([
      'an ADC fit needs two or more b-values; found 1000',
    ]);
  });
});
