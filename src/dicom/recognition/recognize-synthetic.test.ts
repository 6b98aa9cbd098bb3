import { beforeAll, describe, expect, it } from 'vitest';
import { type BValue, type FrameHeader, type MrHeader, mrHeaderFromDataset } from '../header.js';
import {
  adcTo1e6,
  detectPhases,
  dicomTimeToSeconds,
  formatRecognition,
  inferAdcUnits,
  readSiteRulesFile,
  recognizeStudy,
  type SeriesInput,
  type SiteRules,
  typicalPositiveValue,
} from './index.js';

/**
 * Hand-built headers for the cases no real sample covers: ambiguity, separate-series DCE,
 * interleaved phase times, ADC unit variants. Every header field is written out per case so the
 * expected outcome follows from the DICOM meaning, not from the implementation.
 */
let rules: SiteRules;
beforeAll(async () => {
  rules = await readSiteRulesFile();
});

interface SliceSpec {
  z: number;
  b?: BValue | null;
  temporalPosition?: number | null;
  acquisitionTime?: string | null;
}

let uidCounter = 0;
function series(uid: string, common: Partial<MrHeader>, slices: readonly SliceSpec[]): SeriesInput {
  const instances = slices.map((slice, n): MrHeader => {
    const frame: FrameHeader = {
      frameNumber: 1,
      position: [0, 0, slice.z],
      orientation: [1, 0, 0, 0, 1, 0],
      imageType: common.imageType ?? ['ORIGINAL', 'PRIMARY', 'M'],
      bValue: slice.b ?? null,
      temporalPosition: slice.temporalPosition ?? null,
      triggerTime: null,
      acquisitionTime: slice.acquisitionTime ?? null,
      contentTime: null,
      echoTime: common.echoTime ?? null,
    };
    return {
      source: `${uid}-${n}`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      sopInstanceUid: `2.25.${++uidCounter}`,
      studyInstanceUid: '2.25.1',
      seriesInstanceUid: uid,
      seriesNumber: null,
      modality: 'MR',
      manufacturer: 'SIEMENS',
      vendor: 'siemens',
      seriesDescription: '',
      protocolName: '',
      sequenceName: '',
      imageType: ['ORIGINAL', 'PRIMARY', 'M'],
      scanningSequence: ['GR'],
      sequenceVariant: [],
      echoPulseSequence: '',
      echoPlanar: false,
      repetitionTime: null,
      echoTime: null,
      inversionTime: null,
      flipAngle: null,
      seriesTime: null,
      acquisitionNumber: null,
      instanceNumber: n + 1,
      contrastBolusAgent: '',
      rows: 256,
      columns: 256,
      numberOfFrames: 1,
      mosaicTiles: null,
      values: {
        rescaleSlope: 1,
        rescaleIntercept: 0,
        windowCenter: null,
        largestPixelValue: null,
        units: null,
      },
      ...common,
      frames: [frame],
    };
  });
  return { seriesInstanceUid: uid, instances };
}

const zs = [0, 3, 6];
const t2 = (uid: string, description = 'AX T2 TSE') =>
  series(
    uid,
    { seriesDescription: description, scanningSequence: ['SE'], repetitionTime: 4000, echoTime: 90 },
    zs.map((z) => ({ z })),
  );
const adc = (uid: string, windowCenter: number) =>
  series(
    uid,
    {
      seriesDescription: 'ep2d_diff_ADC',
      imageType: ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'],
      echoPlanar: true,
      values: { rescaleSlope: 1, rescaleIntercept: 0, windowCenter, largestPixelValue: null, units: null },
    },
    zs.map((z) => ({ z })),
  );
const dwi = (uid: string, bs: number[]) =>
  series(
    uid,
    {
      seriesDescription: 'ep2d_diff',
      echoPlanar: true,
      scanningSequence: ['EP'],
      repetitionTime: 5000,
      echoTime: 70,
    },
    bs.flatMap((b) =>
      zs.map((z) => ({ z, b: { value: b, source: '(0018,9087) DiffusionBValue' as const } })),
    ),
  );
/** One DCE phase as its own series (Siemens/GE exports per phase). */
const dcePhaseSeries = (uid: string, description: string, time: string, extra: Partial<MrHeader> = {}) =>
  series(
    uid,
    { seriesDescription: description, repetitionTime: 4.5, echoTime: 1.8, ...extra },
    zs.map((z) => ({ z, acquisitionTime: time })),
  );

describe('slot selection reports ambiguity instead of guessing', () => {
  it('two T2W series with header evidence: ambiguous, both listed', () => {
    const { inputs } = recognizeStudy([t2('t2-a'), t2('t2-b', 'COR T2 TSE')], rules);
    expect(inputs.t2w.status).toBe('ambiguous');
    expect(inputs.t2w.seriesInstanceUid).toBeNull();
    expect(inputs.t2w.notChosen.map((n) => n.seriesInstanceUid).sort()).toEqual(['t2-a', 't2-b']);
  });

  it('header evidence beats a description-only candidate', () => {
    // TR/TE missing: only the description says T2.
    const descriptionOnly = series(
      't2-desc',
      { seriesDescription: 't2_tse_tra', scanningSequence: ['SE'] },
      zs.map((z) => ({ z })),
    );
    const { series: recognised, inputs } = recognizeStudy([t2('t2-a'), descriptionOnly], rules);
    expect(recognised[1]!.rule).toBe('t2w-description');
    expect(recognised[1]!.evidence).toBe('description');
    expect(inputs.t2w.seriesInstanceUid).toBe('t2-a');
    expect(inputs.t2w.notChosen[0]!.reason).toMatch(/only description evidence/);
  });

  it('two ADC maps: ambiguous, without falling back to a DWI series', () => {
    const { inputs } = recognizeStudy([adc('adc-1', 1200), adc('adc-2', 1100), dwi('dwi', [0, 800])], rules);
    expect(inputs.diffusion.status).toBe('ambiguous');
    expect(inputs.diffusion.notChosen.find((n) => n.seriesInstanceUid === 'dwi')?.reason).toMatch(
      /prefers the ADC map/,
    );
  });

  it('diffusionSource fit-from-dwi ignores the ADC map; adc-only reports a missing map', () => {
    const study = [adc('adc-1', 1200), dwi('dwi', [0, 50, 800])];
    const fit = recognizeStudy(study, rules, { diffusionSource: 'fit-from-dwi' }).inputs.diffusion;
    expect(fit.seriesInstanceUid).toBe('dwi');
    expect(fit.diffusion).toEqual({ representation: 'dwi-fit', bValues: [0, 50, 800] });
    const adcOnly = recognizeStudy([dwi('dwi', [0, 800])], rules, { diffusionSource: 'adc' }).inputs
      .diffusion;
    expect(adcOnly.status).toBe('missing');
  });

  it('single-b DWI series on one grid are combined for the fit; on different grids they are not', () => {
    const { inputs } = recognizeStudy([dwi('b800', [800]), dwi('b0', [0])], rules);
    expect(inputs.diffusion.status).toBe('chosen');
    expect(inputs.diffusion.diffusion).toEqual({
      representation: 'dwi-fit',
      bValues: [0, 800],
      combinedSeries: ['b0', 'b800'],
    });
    const otherGrid = { ...dwi('b0', [0]) };
    const smaller = {
      ...otherGrid,
      instances: otherGrid.instances.map((h) => ({ ...h, rows: 128, columns: 128 })),
    };
    expect(recognizeStudy([dwi('b800', [800]), smaller], rules).inputs.diffusion.status).toBe('missing');
    // Two series with the same single b-value add nothing to a fit.
    expect(recognizeStudy([dwi('b800', [800]), dwi('b800-bis', [800])], rules).inputs.diffusion.status).toBe(
      'missing',
    );
  });

  it('a DWI series with a single b-value cannot feed an ADC fit', () => {
    const { inputs } = recognizeStudy([dwi('dwi', [800])], rules);
    expect(inputs.diffusion.status).toBe('missing');
    expect(inputs.diffusion.reason).toMatch(/single b-value/);
  });
});

describe('Enhanced MR diffusion', () => {
  it('per-frame MRDiffusionSequence b-values group into b=0 (incl. 2) and b=800 in one multi-frame instance', () => {
    const frame = (b: number, z: number) => ({
      PlanePositionSequence: [{ ImagePositionPatient: [0, 0, z] }],
      PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }],
      MRDiffusionSequence: [{ DiffusionBValue: b }],
      MRImageFrameTypeSequence: [{ FrameType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION', 'NONE'] }],
    });
    const header = mrHeaderFromDataset(
      {
        SOPClassUID: '1.2.840.10008.5.1.4.1.1.4.1',
        SOPInstanceUID: '2.25.99',
        SeriesInstanceUID: 'enh-dwi',
        Manufacturer: 'Philips',
        Rows: 128,
        Columns: 128,
        NumberOfFrames: 6,
        ImageType: ['ORIGINAL', 'PRIMARY', 'DIFFUSION', 'NONE'],
        EchoPlanarPulseSequence: 'YES',
        PerFrameFunctionalGroupsSequence: [
          frame(0, 0),
          frame(2, 4),
          frame(800, 0),
          frame(800, 4),
          frame(0, 8),
          frame(800, 8),
        ],
      },
      'enhanced-dwi',
    );
    const { series: recognised, inputs } = recognizeStudy(
      [{ seriesInstanceUid: 'enh-dwi', instances: [header] }],
      rules,
    );
    expect(recognised[0]!.role).toBe('dwi');
    expect(recognised[0]!.facts.bValueGroups.map((g) => [g.b, g.frames.length, g.rawValues])).toEqual([
      [0, 3, [0, 2]],
      [800, 3, [800]],
    ]);
    expect(inputs.diffusion.diffusion).toEqual({ representation: 'dwi-fit', bValues: [0, 800] });
  });
});

describe('DCE phases', () => {
  it('separate series per phase are ordered by acquisition time; subtraction is not a phase', () => {
    const study = [
      dcePhaseSeries('ph2', 'fl3d_dyn_ph2', '101130'),
      dcePhaseSeries('ph0', 'fl3d_dyn_ph0', '100900'),
      dcePhaseSeries('ph1', 'fl3d_dyn_ph1', '101015'),
      dcePhaseSeries('sub', 'fl3d_dyn_SUB', '101015', { imageType: ['DERIVED', 'PRIMARY', 'M', 'SUB'] }),
    ];
    const { series: recognised, inputs } = recognizeStudy(study, rules);
    expect(recognised.map((s) => s.role)).toEqual(['dce', 'dce', 'dce', 'dce-derived']);
    expect(inputs.dcePhases.map((p) => p.seriesInstanceUid)).toEqual(['ph0', 'ph1', 'ph2']);
    expect(inputs.dcePre.seriesInstanceUid).toBe('ph0');
    expect(inputs.dcePost.seriesInstanceUid).toBe('ph1');
    expect(inputs.dcePost.notChosen.find((n) => n.seriesInstanceUid === 'sub')?.reason).toMatch(/derived/);
  });

  it('phases inside one series by TemporalPositionIdentifier', () => {
    const s = series(
      'dyn',
      { seriesDescription: 'Dyn eTHRIVE', vendor: 'philips', repetitionTime: 4.1 },
      [1, 2, 3, 4].flatMap((tp) => zs.map((z) => ({ z, temporalPosition: tp, acquisitionTime: '120000' }))),
    );
    const { series: recognised, inputs } = recognizeStudy([s], rules);
    expect(recognised[0]!.rule).toBe('dce-multiphase');
    expect(recognised[0]!.facts.phases.key).toBe('temporalPosition');
    expect(inputs.dcePhases).toHaveLength(4);
    expect(inputs.dcePost.phase?.orderedBy).toBe('temporalPosition 2');
  });

  it('interleaved acquisition times do not split into phases: reported, not guessed', () => {
    // Slice 1 acquired at 10:00:00 and 10:01:00, the others at 10:02:00 and 10:03:00: the
    // "first" frames span 10:00-10:02 and overlap the "second" ones (10:01-10:03).
    const frames = zs.flatMap((z, n) => [
      { sopInstanceUid: `a${n}`, frame: frameAt(z, n === 0 ? '100000' : '100200') },
      { sopInstanceUid: `b${n}`, frame: frameAt(z, n === 0 ? '100100' : '100300') },
    ]);
    const detection = detectPhases(frames, ['acquisitionTime']);
    expect(detection.count).toBeNull();
    expect(detection.reason).toMatch(/overlap/);
  });

  it('two multi-phase DCE acquisitions in one study: ambiguous', () => {
    const dyn = (uid: string) =>
      series(
        uid,
        { repetitionTime: 4 },
        [1, 2].flatMap((tp) => zs.map((z) => ({ z, temporalPosition: tp }))),
      );
    const { inputs } = recognizeStudy([dyn('dyn-a'), dyn('dyn-b')], rules);
    expect(inputs.dcePre.status).toBe('ambiguous');
    expect(inputs.dcePost.status).toBe('ambiguous');
    expect(inputs.dcePre.reason).toMatch(/2 multi-phase DCE acquisitions/);
  });

  it('a separate earlier DCE series on the same grid makes phase 1 of the dynamic series doubtful', () => {
    const dynamic = series(
      'dyn',
      { seriesDescription: 'fl3d_dyn', repetitionTime: 4 },
      [1, 2].flatMap((tp) =>
        zs.map((z) => ({ z, temporalPosition: tp, acquisitionTime: tp === 1 ? '101000' : '101100' })),
      ),
    );
    const { inputs } = recognizeStudy([dcePhaseSeries('pre', 'fl3d_pre', '100500'), dynamic], rules);
    expect(inputs.dcePre.status).toBe('ambiguous');
    expect(inputs.dcePre.reason).toMatch(/acquired before phase 1 \(101000\).*may already be post-contrast/);
    // Acquired after the dynamic series (e.g. a delayed high-resolution scan): no doubt.
    const after = recognizeStudy([dcePhaseSeries('late', 'fl3d_late', '103000'), dynamic], rules).inputs;
    expect(after.dcePre.status).toBe('chosen');
    expect(after.dcePre.seriesInstanceUid).toBe('dyn');
  });

  it('a single DCE-looking series: pre vs post cannot be told', () => {
    const { inputs } = recognizeStudy([dcePhaseSeries('only', 'fl3d_dyn', '101015')], rules);
    expect(inputs.dcePre.status).toBe('ambiguous');
    expect(inputs.dcePre.notChosen[0]!.reason).toMatch(/single DCE phase/);
  });
});

describe('ADC maps without ADC in ImageType', () => {
  it('a DERIVED series described as ADC that kept its source b-value is the map, not a DWI', () => {
    const map = series(
      'ge-adc',
      {
        vendor: 'ge',
        manufacturer: 'GE MEDICAL SYSTEMS',
        seriesDescription: 'ADC (10^-6 mm²/s):Feb 02 2024',
        imageType: ['DERIVED', 'SECONDARY', 'OTHER'],
        echoPlanar: true,
      },
      zs.map((z) => ({ z, b: { value: 1000, source: '(0018,9087) DiffusionBValue' as const } })),
    );
    const r = recognizeStudy([map], rules).series[0]!;
    expect(r.role).toBe('adc');
    expect(r.rule).toBe('adc-description');
    // Same header but an exponential ADC ("eADC") is neither the ADC map nor a DWI.
    const eadc = { ...map, instances: map.instances.map((h) => ({ ...h, seriesDescription: 'eADC' })) };
    const e = recognizeStudy([eadc], rules).series[0]!;
    expect([e.role, e.rule]).toEqual(['other', 'other-diffusion-maps-description']);
  });
});

describe('rule trace', () => {
  it('names the matching rule and why each earlier rule did not match', () => {
    const { series: recognised } = recognizeStudy([t2('t2-a')], rules);
    const r = recognised[0]!;
    expect(r.rule).toBe('t2w-by-timing');
    const trace = Object.fromEntries(r.ruleTrace.map((v) => [v.rule, v.why]));
    expect(trace['adc-by-image-type']).toBe(
      'imageType [ORIGINAL, PRIMARY, M] includes none of ADC, ADC_UNSPECIFIED',
    );
    expect(trace['dwi-by-b-value']).toBe('maxBValue is absent');
    expect(trace['dce-multiphase']).toBe('repetitionTime 4000 is not <= 15');
    expect(trace['ge-dwi-description']).toBe('vendor siemens not in [ge]');
  });
});

describe('ADC units', () => {
  const withHints = (windowCenter: number | null, units: string | null = null) =>
    series(
      'a',
      { values: { rescaleSlope: 1, rescaleIntercept: 0, windowCenter, largestPixelValue: null, units } },
      [{ z: 0 }],
    ).instances;
  it.each([
    [0.0012, 1e6, 'mm2/s'],
    [1.2, 1e3, '1e-3 mm2/s'],
    [1200, 1, '1e-6 mm2/s'],
  ])('window centre %d → scale %d (%s)', (wc, scale, unit) => {
    const u = inferAdcUnits(withHints(wc));
    expect(u.scaleTo1e6).toBe(scale);
    expect(u.unit).toBe(unit);
    expect(u.evidence).toMatch(/WindowCenter/);
  });
  it('an explicit UCUM unit wins; no evidence gives unknown', () => {
    expect(inferAdcUnits(withHints(1200, 'mm2/s')).scaleTo1e6).toBe(1e6);
    expect(inferAdcUnits(withHints(null)).unit).toBe('unknown');
    expect(inferAdcUnits(withHints(null), 0.0009).scaleTo1e6).toBe(1e6);
  });
});

describe('ADC values to 1e-6 mm²/s from pixel data', () => {
  it('a map stored in mm²/s (tissue ~0.001) is scaled by 1e6; unknown units refuse to convert', () => {
    const stored = [0, 0, 0.0009, 0.0011, 0.001, -0.0001, 0.0021];
    const typical = typicalPositiveValue(stored);
    // positive values 0.0009, 0.001, 0.0011, 0.0021: median (0.001 + 0.0011) / 2
    expect(typical).toBeCloseTo(0.00105, 12);
    const units = inferAdcUnits([], typical);
    expect(units).toMatchObject({ scaleTo1e6: 1e6, unit: 'mm2/s' });
    expect(units.evidence).toMatch(/typical voxel value/);
    expect(Array.from(adcTo1e6(stored, units, 'adc'))).toEqual(stored.map((v) => Math.fround(v * 1e6)));
    expect(() => adcTo1e6(stored, inferAdcUnits([]), 'adc series 7')).toThrow(/adc series 7: ADC units/);
  });
});

describe('formatRecognition (inspect dry run)', () => {
  it('lists roles, the rules that did not match before the winner, and slot choices', () => {
    const text = formatRecognition(recognizeStudy([t2('t2-a'), adc('adc-1', 1200)], rules));
    expect(text).toContain('role: t2w (header evidence)');
    expect(text).toContain('not dce-multiphase (dce): repetitionTime 4000 is not <= 15');
    expect(text).toContain('- t2w: chosen t2-a');
    expect(text).toContain('adc, b = -, units 1e-6 mm2/s');
    expect(text).toContain('- dcePre: missing');
  });
});

describe('DICOM TM parsing for phase order', () => {
  it('reads hhmmss.frac, the old hh:mm:ss form, and partial times; rejects junk', () => {
    expect(dicomTimeToSeconds('085803')).toBe(8 * 3600 + 58 * 60 + 3);
    expect(dicomTimeToSeconds('203006.5525')).toBeCloseTo(20 * 3600 + 30 * 60 + 6.5525, 9);
    expect(dicomTimeToSeconds('08:58:03')).toBe(dicomTimeToSeconds('085803'));
    expect(dicomTimeToSeconds('0858')).toBe(8 * 3600 + 58 * 60);
    expect(dicomTimeToSeconds('')).toBeNull();
    expect(dicomTimeToSeconds('8.58')).toBeNull();
  });
});

function frameAt(z: number, acquisitionTime: string): FrameHeader {
  return {
    frameNumber: 1,
    position: [0, 0, z],
    orientation: null,
    imageType: ['ORIGINAL'],
    bValue: null,
    temporalPosition: null,
    triggerTime: null,
    acquisitionTime,
    contentTime: null,
    echoTime: null,
  };
}
