import { createHash } from 'node:crypto';
import type { Geometry } from '../volume/index.js';
import { drawLesionMasks, drawReaderStyle } from './masks.js';
import { type StudyContext, type WrittenInstance, writeMrSeries } from './mr-writer.js';
import { type Centre, drawPatient, type Her2Status, type PatientSpec } from './patient.js';
import { CENTRES, type GridSpec, type SequenceKey, type StudySize } from './protocol.js';
import { createRandom, derivedUid } from './random.js';
import {
  adcMap,
  axialGrid,
  dceModel,
  drawKinetics,
  dwiModel,
  renderSignal,
  t2Model,
  toMagnitude,
} from './render.js';
import { createScene } from './scene.js';

/**
 * One synthetic patient's breast MRI study, in memory: T2W, DWI (b0 + b800 in one series), its
 * ADC map, DCE (pre + four post-contrast phases), and each reader's lesion masks on the grids the
 * masks are drawn on. Same options → byte-identical objects.
 */

/** The marker in every synthetic patient name, id and accession number; log checks search for it. */
export const CANARY = 'ZZCANARY';

export interface StudyOptions {
  seed: string | number;
  index: number;
  her2: Her2Status;
  centre: Centre;
  size: StudySize;
}

export interface GeneratedSeries {
  key: SequenceKey | 'dce-phase';
  seriesInstanceUid: string;
  seriesNumber: number;
  description: string;
  geometry: Geometry;
  /** SOP Instance UIDs of the first volume's slices, in slice order (what masks reference). */
  sliceSopInstanceUids: string[];
  instances: WrittenInstance[];
  /** DCE phase index (0 = pre-contrast) for per-phase series, or the phases a series holds. */
  phases?: number[];
}

/** A reader's lesion masks on the grid of the series they were drawn on. */
export interface GeneratedMask {
  /** Which series they were drawn on (its key and UID) and in which object type they are delivered. */
  sequence: 't2' | 'adc' | 'dce';
  delivery: 'SEG' | 'RTSTRUCT';
  reader: 1 | 2;
  seriesInstanceUid: string;
  geometry: Geometry;
  /** One binary mask per lesion. */
  lesions: Uint8Array[];
}

export interface GeneratedStudy {
  options: StudyOptions;
  patient: PatientSpec;
  context: StudyContext;
  series: GeneratedSeries[];
  masks: GeneratedMask[];
}

function seedTag(seed: string | number): string {
  return createHash('sha256').update(String(seed)).digest('hex').slice(0, 2).toUpperCase();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function addMinutes(hhmmss: string, minutes: number): string {
  const seconds =
    Number(hhmmss.slice(0, 2)) * 3600 + Number(hhmmss.slice(2, 4)) * 60 + Number(hhmmss.slice(4, 6));
  const total = Math.round(seconds + minutes * 60);
  return `${pad(Math.floor(total / 3600), 2)}${pad(Math.floor((total % 3600) / 60), 2)}${pad(total % 60, 2)}`;
}

/** Identifiers: obviously synthetic, with the canary; every tenth patient has a non-ASCII name. */
export function studyContext(options: StudyOptions, random: ReturnType<typeof createRandom>): StudyContext {
  const tag = seedTag(options.seed);
  const number = pad(options.index, 4);
  const variant = options.index % 10;
  const name =
    variant === 3
      ? { charset: 'ISO_IR 100' as const, name: `${CANARY}^Renée Sjöberg` }
      : variant === 7
        ? { charset: 'ISO_IR 192' as const, name: `${CANARY}^Ελένη Ōta` }
        : { charset: undefined, name: `${CANARY}^SYNTH${number}` };
  const day = 1 + random.int(0, 27);
  const month = 1 + random.int(0, 11);
  const birthYear = 1950 + random.int(0, 35);
  return {
    specificCharacterSet: name.charset,
    patientName: name.name,
    patientId: `${CANARY}-${tag}-${number}`,
    patientBirthDate: `${birthYear}0101`,
    patientSex: 'F',
    patientAge: `${pad(2025 - birthYear, 3)}Y`,
    studyInstanceUid: derivedUid(options.seed, options.index, 'study'),
    studyDate: `2025${pad(month, 2)}${pad(day, 2)}`,
    studyTime: '093000',
    studyId: `S${number}`,
    accessionNumber: `${CANARY}${tag}${number}`,
    studyDescription: 'MR BREAST BILATERAL W WO CONTRAST',
    referringPhysicianName: 'SYNTHETIC^REFERRER',
    frameOfReferenceUid: derivedUid(options.seed, options.index, 'frame-of-reference'),
  };
}

/**
 * The protocol's field of view, widened where needed so that every lesion (with a margin for its
 * lobes and spicules) lies inside it: a satellite lesion must be visible on every sequence.
 */
function coverLesions(spec: GridSpec, centre: [number, number, number], patient: PatientSpec): GridSpec {
  const fov: [number, number, number] = [...spec.fov];
  for (const lesion of patient.lesions) {
    const reach = 1.8 * lesion.radiusMm + 8;
    for (let axis = 0; axis < 3; axis++) {
      const needed = 2 * (Math.abs(lesion.centre[axis]! - centre[axis]!) + reach);
      if (needed > fov[axis]!) fov[axis] = Math.ceil(needed);
    }
  }
  return { ...spec, fov };
}

export function generateStudy(options: StudyOptions): GeneratedStudy {
  const root = createRandom(`${options.seed}/patient/${options.index}`);
  const patient = drawPatient(root.fork('spec'), options.index, options.her2, options.centre);
  const scene = createScene(patient, root.fork('scene'));
  const context = studyContext(options, root.fork('identifiers'));
  const centre = CENTRES[options.centre];
  const noise = root.fork('noise');
  const layout = root.fork('layout');
  const lesion = patient.lesions[0]!;
  const fovCentre: [number, number, number] =
    options.size === 'small'
      ? [
          lesion.centre[0] + layout.uniform(-6, 6),
          lesion.centre[1] + layout.uniform(-6, 6),
          lesion.centre[2] + layout.uniform(-3, 3),
        ]
      : [layout.uniform(-5, 5), -30 + layout.uniform(-5, 5), lesion.centre[2] + layout.uniform(-8, 8)];
  const uid = (...parts: (string | number)[]) => derivedUid(options.seed, options.index, ...parts);
  const seriesOut: GeneratedSeries[] = [];
  const seriesStart = '093500';

  const add = (
    key: GeneratedSeries['key'],
    seriesNumber: number,
    description: string,
    imageType: string[],
    geometry: Geometry,
    volumes: Parameters<typeof writeMrSeries>[0]['volumes'],
    protocolKey: SequenceKey,
    extra: { phases?: number[]; numberOfTemporalPositions?: number; contrastStartTime?: string } = {},
  ) => {
    const seriesInstanceUid = uid('series', key, seriesNumber);
    const instances = writeMrSeries({
      context,
      centre,
      protocol: centre.series[protocolKey],
      seriesInstanceUid,
      seriesNumber,
      seriesDescription: description,
      imageType,
      geometry,
      volumes,
      uidSeed: `${options.seed}/${options.index}`,
      numberOfTemporalPositions: extra.numberOfTemporalPositions,
      contrastStartTime: extra.contrastStartTime,
    });
    const series: GeneratedSeries = {
      key,
      seriesInstanceUid,
      seriesNumber,
      description,
      geometry,
      sliceSopInstanceUids: instances.slice(0, geometry.size[2]).map((i) => i.sopInstanceUid),
      instances,
      ...(extra.phases ? { phases: extra.phases } : {}),
    };
    seriesOut.push(series);
    return series;
  };

  // T2-weighted
  const t2 = centre.series.t2;
  const t2Grid = axialGrid(coverLesions(t2.grid[options.size], fovCentre, patient), fovCentre);
  const [t2Signal] = renderSignal(scene, t2Grid, t2Model(patient), 1);
  const t2Series = add(
    't2',
    t2.seriesNumber,
    t2.description,
    ['ORIGINAL', 'PRIMARY', 'OTHER'],
    t2Grid,
    [
      {
        pixels: toMagnitude(t2Signal!, t2.intensityScale, t2.noiseSigma, noise.fork('t2')),
        acquisitionTime: addMinutes(seriesStart, 2),
      },
    ],
    't2',
  );

  // DWI (one series, b-values per instance) and the ADC map computed from it
  const dwi = centre.series.dwi;
  const dwiGrid = axialGrid(coverLesions(dwi.grid[options.size], fovCentre, patient), fovCentre);
  const bValues = centre.diffusionBValues;
  const dwiSignal = renderSignal(scene, dwiGrid, dwiModel(patient, bValues), bValues.length);
  const dwiPixels = dwiSignal.map((s, n) =>
    toMagnitude(s, dwi.intensityScale, dwi.noiseSigma, noise.fork(`dwi-${n}`)),
  );
  const dwiTime = addMinutes(seriesStart, 6);
  add(
    'dwi',
    dwi.seriesNumber,
    dwi.description,
    ['ORIGINAL', 'PRIMARY', 'OTHER'],
    dwiGrid,
    bValues.map((b, n) => ({ pixels: dwiPixels[n]!, acquisitionTime: dwiTime, diffusionBValue: b })),
    'dwi',
  );
  const adc = centre.series.adc;
  const adcPixels = adcMap(dwiPixels[0]!, dwiPixels[1]!, bValues[1] - bValues[0], 5 * dwi.noiseSigma);
  const adcType =
    options.centre === 1 ? ['DERIVED', 'SECONDARY', 'ADC'] : ['DERIVED', 'PRIMARY', 'DIFFUSION', 'ADC'];
  const adcSeries = add(
    'adc',
    adc.seriesNumber,
    adc.description,
    adcType,
    dwiGrid,
    [{ pixels: adcPixels, acquisitionTime: dwiTime }],
    'adc',
  );

  // DCE: pre-contrast + post-contrast phases
  const dce = centre.series.dce;
  const dceGrid = axialGrid(coverLesions(dce.grid[options.size], fovCentre, patient), fovCentre);
  const minutes = [0, ...centre.dcePhaseMinutes];
  const dceSignal = renderSignal(
    scene,
    dceGrid,
    dceModel(patient, drawKinetics(root.fork('kinetics')), minutes),
    minutes.length,
  );
  const injection = addMinutes(seriesStart, 12);
  const dceVolumes = minutes.map((t, n) => ({
    pixels: toMagnitude(dceSignal[n]!, dce.intensityScale, dce.noiseSigma, noise.fork(`dce-${n}`)),
    acquisitionTime: addMinutes(injection, n === 0 ? -1 : t),
    postContrast: n > 0,
  }));
  let dceMaskSeries: GeneratedSeries;
  if (centre.dceStorage === 'series-per-phase') {
    const phaseSeries = dceVolumes.map((volume, n) =>
      add(
        'dce-phase',
        dce.seriesNumber + n,
        `${dce.description} ${n === 0 ? 'pre' : `ph${n}`}`,
        ['ORIGINAL', 'PRIMARY', 'OTHER'],
        dceGrid,
        [volume],
        'dce',
        { phases: [n], contrastStartTime: n > 0 ? injection : undefined },
      ),
    );
    dceMaskSeries = phaseSeries[1]!;
  } else {
    dceMaskSeries = add(
      'dce',
      dce.seriesNumber,
      dce.description,
      ['ORIGINAL', 'PRIMARY', 'OTHER'],
      dceGrid,
      dceVolumes.map((v, n) => ({ ...v, temporalPosition: n + 1 })),
      'dce',
      {
        phases: minutes.map((_, n) => n),
        numberOfTemporalPositions: minutes.length,
        contrastStartTime: injection,
      },
    );
  }

  // Masks: DCE (SEG, first post-contrast phase), T2 (RTSTRUCT), ADC (SEG); a second reader for some.
  const masks: GeneratedMask[] = [];
  const readers: (1 | 2)[] = patient.secondReader ? [1, 2] : [1];
  for (const reader of readers) {
    const draw = (
      sequence: GeneratedMask['sequence'],
      delivery: GeneratedMask['delivery'],
      series: GeneratedSeries,
    ) => {
      const r = root.fork(`mask-${sequence}-${reader}`);
      masks.push({
        sequence,
        delivery,
        reader,
        seriesInstanceUid: series.seriesInstanceUid,
        geometry: series.geometry,
        lesions: drawLesionMasks(scene, series.geometry, drawReaderStyle(r), r.fork('wobble')),
      });
    };
    draw('dce', 'SEG', dceMaskSeries);
    draw('t2', 'RTSTRUCT', t2Series);
    draw('adc', 'SEG', adcSeries);
  }
  return { options, patient, context, series: seriesOut, masks };
}
