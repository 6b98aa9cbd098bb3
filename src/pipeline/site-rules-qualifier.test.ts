import { beforeAll, describe, expect, it } from 'vitest';
import { readNaturalHeader } from '../dicom/header-dcmjs.js';
import { readSiteRulesFile, type SiteRules } from '../dicom/recognition/index.js';
import { type GeneratedStudy, generateStudy, type MaskObject, maskObjects } from '../synth/index.js';
import type { SeriesSummary, StudySnapshot } from './ports.js';
import { type SeriesHeaderSource, siteRulesQualifier } from './site-rules-qualifier.js';

/**
 * The qualifier on a generated study (real DICOM objects written by the synthetic scanner and
 * reader) with the shipped site rules; headers come from the files, as WADO-RS metadata would give.
 */

let rules: SiteRules;
let study: GeneratedStudy;
let masks: MaskObject[];

beforeAll(async () => {
  rules = await readSiteRulesFile();
  study = generateStudy({ seed: 'qualifier-tests', index: 2, her2: 'negative', centre: 1, size: 'small' });
  masks = maskObjects(study);
}, 30_000);

interface Series {
  summary: SeriesSummary;
  files: Uint8Array[];
}

function seriesOf(keys: readonly string[], maskSequences: readonly string[]): Series[] {
  const images = study.series
    .filter((s) => keys.includes(s.key === 'dce-phase' ? 'dce' : s.key))
    .map((s) => ({
      summary: {
        seriesInstanceUid: s.seriesInstanceUid,
        modality: 'MR',
        seriesDescription: s.description,
        manufacturer: '',
        sopInstanceUids: s.instances.map((i) => i.sopInstanceUid),
      },
      files: s.instances.map((i) => i.bytes),
    }));
  const maskSeries = masks
    .filter((m) => maskSequences.includes(m.mask.sequence))
    .map((m) => ({
      summary: {
        seriesInstanceUid: m.seriesInstanceUid,
        modality: m.mask.delivery,
        seriesDescription: 'reader mask',
        manufacturer: '',
        sopInstanceUids: [m.sopInstanceUid],
      },
      files: [m.bytes],
    }));
  return [...images, ...maskSeries];
}

function snapshot(series: readonly Series[]): { study: StudySnapshot; headers: SeriesHeaderSource } {
  const byUid = new Map(series.map((s) => [s.summary.seriesInstanceUid, s.files]));
  return {
    study: {
      pacsStudyId: 'test',
      studyInstanceUid: study.context.studyInstanceUid,
      series: series.map((s) => s.summary),
    },
    headers: {
      seriesHeaders: async (_study, uid) =>
        (byUid.get(uid) ?? []).map((bytes, n) => readNaturalHeader(bytes, `file ${n + 1}`)),
    },
  };
}

async function verdict(series: readonly Series[], required: ('t2' | 'dwi' | 'dce')[] = ['t2', 'dwi', 'dce']) {
  const { study: s, headers } = snapshot(series);
  return siteRulesQualifier({ rules, requiredSequences: required, headers })(s);
}

describe('siteRulesQualifier', () => {
  it('is ready with every sequence and a lesion mask; the input is the chosen series and the masks', async () => {
    const all = seriesOf(['t2', 'dwi', 'adc', 'dce'], ['dce', 't2', 'adc']);
    const result = await verdict(all);
    expect(result.status).toBe('ready');
    if (result.status !== 'ready') return;
    const input = new Set(result.inputSopInstanceUids);
    for (const m of masks) expect(input.has(m.sopInstanceUid)).toBe(true);
    // The b-value images are not the diffusion input (the ADC map is): they are not in the hash.
    const dwi = study.series.find((s) => s.key === 'dwi')!;
    expect(input.has(dwi.instances[0]!.sopInstanceUid)).toBe(false);
    const adc = study.series.find((s) => s.key === 'adc')!;
    expect(input.has(adc.instances[0]!.sopInstanceUid)).toBe(true);
  });

  it('waits for the lesion mask while only images are there', async () => {
    expect(await verdict(seriesOf(['t2', 'dwi', 'adc', 'dce'], []))).toEqual({
      status: 'incomplete',
      missingRoles: ['lesion_mask'],
    });
  });

  it('names the sequences the model needs that are missing', async () => {
    expect(await verdict(seriesOf(['t2'], ['t2']))).toEqual({
      status: 'incomplete',
      missingRoles: ['adc', 'dce_post_contrast'],
    });
    // A model that reads T2W only does not wait for the others.
    expect((await verdict(seriesOf(['t2'], ['t2']), ['t2'])).status).toBe('ready');
  });

  it('leaves studies without MR alone', async () => {
    expect(await verdict(seriesOf([], ['t2']))).toEqual({ status: 'not_applicable', reason: 'no_mr_series' });
  });
});
