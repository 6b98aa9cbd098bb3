import { type Geometry, IDENTITY } from '../volume/index.js';
import { HER2_EFFECTS } from './effects.js';
import type { PatientSpec } from './patient.js';
import type { GridSpec } from './protocol.js';
import type { Random } from './random.js';
import { type Scene, Tissue, type TissueSample } from './scene.js';

/**
 * Turns the scene into MR signal on a sequence's grid: tissue → signal per sequence (with the
 * planted HER-2 effects), partial volume through thick slices, then Rician noise as in magnitude
 * images.
 */

/** Axial grid covering `fov` around `centre` (LPS mm), identity direction (rows along +y). */
export function axialGrid(spec: GridSpec, centre: [number, number, number]): Geometry {
  const [rowSpacing, columnSpacing] = spec.pixelSpacing;
  const size: [number, number, number] = [
    Math.round(spec.fov[0] / columnSpacing),
    Math.round(spec.fov[1] / rowSpacing),
    Math.max(1, Math.round(spec.fov[2] / spec.sliceThickness)),
  ];
  const spacing: [number, number, number] = [columnSpacing, rowSpacing, spec.sliceThickness];
  const origin: [number, number, number] = [
    centre[0] - ((size[0] - 1) * spacing[0]) / 2,
    centre[1] - ((size[1] - 1) * spacing[1]) / 2,
    centre[2] - ((size[2] - 1) * spacing[2]) / 2,
  ];
  return { size, spacing, origin, direction: IDENTITY };
}

/** A signal model: fills `out` (one value per output image) from one tissue sample. */
export type SignalModel = (sample: TissueSample, out: Float64Array) => void;

/** Peritumoral weight: 1 at the lesion surface, decaying outside it, 0 inside and far away. */
function peritumoralWeight(distance: number): number {
  if (!(distance > 0) || distance > 4 * HER2_EFFECTS.peritumoralDecayMm + 3) return 0;
  return Math.exp(-distance / HER2_EFFECTS.peritumoralDecayMm);
}

function breastMix(sample: TissueSample, fat: number, fgt: number): number {
  return fat * (1 - sample.fgt) + fgt * sample.fgt;
}

/** Free water (oedema fluid) on each sequence, on the same scales as the tissues below. */
const FLUID = { t2: 1100, adc: 3000, dwiS0: 400 } as const;

/**
 * Necrotic tumour core: T2-bright, high ADC, no enhancement (liquefied debris, not free water).
 * `enhancement` is the fraction of the lesion's enhancement that necrosis keeps.
 */
const NECROSIS = { t2: 650, adc: 2300, dwiS0: 300, dcePre: 160, enhancement: 0.1 } as const;

/** Fraction of a breast-tissue sample replaced by oedema fluid (0 inside the lesion and far away). */
function oedemaFraction(strength: number, sample: TissueSample): number {
  const f = HER2_EFFECTS.oedemaWaterFraction * strength * peritumoralWeight(sample.lesionDistance);
  return Math.min(f, HER2_EFFECTS.oedemaMaxWaterFraction);
}

/** Two-compartment mix: `base` with a fraction `f` replaced by `other` (oedema fluid, necrosis). */
function mixCompartments(base: number, other: number, f: number): number {
  return (1 - f) * base + f * other;
}

export function t2Model(patient: PatientSpec): SignalModel {
  const sp = patient.strength.oedema;
  const si = patient.strength.intratumoral;
  return (s, out) => {
    let v: number;
    switch (s.tissue) {
      case Tissue.Air:
        v = 0;
        break;
      case Tissue.Muscle:
        v = 110;
        break;
      case Tissue.Thorax:
        v = 60;
        break;
      case Tissue.Lesion:
        v = mixCompartments(
          210 * (1 + HER2_EFFECTS.intratumoralTexture * si * s.texture),
          NECROSIS.t2,
          s.necrotic,
        );
        break;
      default:
        v = mixCompartments(breastMix(s, 420, 250), FLUID.t2, oedemaFraction(sp, s));
    }
    out[0] = v;
  };
}

/** Apparent diffusion coefficient (10⁻⁶ mm²/s) of one sample. */
export function adcOf(patient: PatientSpec, s: TissueSample): number {
  switch (s.tissue) {
    case Tissue.Air:
      return 0;
    case Tissue.Muscle:
      return 1400;
    case Tissue.Thorax:
      return 2400;
    case Tissue.Lesion:
      return mixCompartments(
        950 * (1 + 0.8 * HER2_EFFECTS.intratumoralTexture * patient.strength.intratumoral * s.texture),
        NECROSIS.adc,
        s.necrotic,
      );
    default:
      return mixCompartments(breastMix(s, 180, 1750), FLUID.adc, oedemaFraction(patient.strength.oedema, s));
  }
}

/** DWI with fat suppression: S(b) = S0 · exp(−b · ADC), one output per b-value. */
export function dwiModel(patient: PatientSpec, bValues: readonly number[]): SignalModel {
  return (s, out) => {
    let s0: number;
    switch (s.tissue) {
      case Tissue.Air:
        s0 = 0;
        break;
      case Tissue.Muscle:
        s0 = 220;
        break;
      case Tissue.Thorax:
        s0 = 120;
        break;
      case Tissue.Lesion:
        s0 = mixCompartments(360 * (1 + 0.1 * s.texture), NECROSIS.dwiS0, s.necrotic);
        break;
      default:
        s0 = mixCompartments(breastMix(s, 45, 320), FLUID.dwiS0, oedemaFraction(patient.strength.oedema, s));
    }
    const adc = adcOf(patient, s) * 1e-6;
    bValues.forEach((b, n) => {
      out[n] = s0 * Math.exp(-b * adc);
    });
  };
}

/** Lesion kinetics, drawn independently of the label: fast wash-in, mild wash-out. */
export interface Kinetics {
  peak: number;
  washInMinutes: number;
  washOutPerMinute: number;
}

export function drawKinetics(random: Random): Kinetics {
  return {
    peak: random.uniform(1.1, 1.8),
    washInMinutes: random.uniform(0.5, 1.1),
    washOutPerMinute: random.uniform(0.01, 0.08),
  };
}

function lesionCurve(k: Kinetics, t: number): number {
  if (t <= 0) return 0;
  return k.peak * (1 - Math.exp(-t / k.washInMinutes)) * Math.exp(-k.washOutPerMinute * t);
}

/** Pre-contrast signal of viable lesion on the fat-suppressed T1 DCE series. */
const LESION_DCE_PRE = 175;

/** T1-weighted fat-suppressed DCE: one output per phase (minutes after injection; 0 = pre-contrast). */
export function dceModel(patient: PatientSpec, kinetics: Kinetics, minutes: readonly number[]): SignalModel {
  const sp = patient.strength.vascular;
  const si = patient.strength.intratumoral;
  const curve = minutes.map((t) => lesionCurve(kinetics, t));
  return (s, out) => {
    minutes.forEach((t, n) => {
      let pre: number;
      let enhancement: number;
      let added = 0;
      switch (s.tissue) {
        case Tissue.Air:
          pre = 0;
          enhancement = 0;
          break;
        case Tissue.Muscle:
          pre = 210;
          enhancement = t > 0 ? 0.35 * (1 - Math.exp(-t / 1.2)) : 0;
          break;
        case Tissue.Thorax:
          pre = 100;
          enhancement = t > 0 ? 1.2 * (1 - Math.exp(-t / 0.3)) * Math.exp(-0.1 * t) : 0;
          break;
        case Tissue.Lesion:
          pre = mixCompartments(LESION_DCE_PRE, NECROSIS.dcePre, s.necrotic);
          enhancement =
            curve[n]! *
            (1 + HER2_EFFECTS.intratumoralTexture * si * s.textureEnhancement) *
            mixCompartments(1, NECROSIS.enhancement, s.necrotic);
          break;
        default:
          pre = breastMix(s, 90, 190);
          enhancement = (0.12 * t * s.fgt) / 6;
          // Leaky peritumoral vessels: contrast uptake added in the lesion's signal units, not
          // scaled by the tissue's own (fat-suppressed) signal: fat suppression does not suppress
          // the enhancement of a fatty voxel's water compartment.
          added =
            LESION_DCE_PRE *
            HER2_EFFECTS.peritumoralEnhancement *
            sp *
            peritumoralWeight(s.lesionDistance) *
            curve[n]!;
      }
      out[n] = pre * (1 + enhancement) + added;
    });
  };
}

/**
 * Samples `model` on `grid`: in-plane at voxel centres, through-plane averaged over three points
 * for slices thicker than 2.5 mm (partial volume). Returns one Float32Array per output.
 */
export function renderSignal(
  scene: Scene,
  grid: Geometry,
  model: SignalModel,
  outputs: number,
): Float32Array[] {
  const [nx, ny, nz] = grid.size;
  const [sx, sy, sz] = grid.spacing;
  const images = Array.from({ length: outputs }, () => new Float32Array(nx * ny * nz));
  const offsets = sz > 2.5 ? [-sz / 3, 0, sz / 3] : [0];
  const sample: TissueSample = {
    tissue: Tissue.Air,
    fgt: 0,
    lesionDistance: 0,
    texture: 0,
    textureEnhancement: 0,
    necrotic: 0,
  };
  const values = new Float64Array(outputs);
  const sum = new Float64Array(outputs);
  let n = 0;
  for (let k = 0; k < nz; k++) {
    const z = grid.origin[2] + k * sz;
    for (let j = 0; j < ny; j++) {
      const y = grid.origin[1] + j * sy;
      for (let i = 0; i < nx; i++, n++) {
        const x = grid.origin[0] + i * sx;
        sum.fill(0);
        for (const dz of offsets) {
          scene.sample(x, y, z + dz, sample);
          model(sample, values);
          for (let o = 0; o < outputs; o++) sum[o]! += values[o]!;
        }
        for (let o = 0; o < outputs; o++) images[o]![n] = sum[o]! / offsets.length;
      }
    }
  }
  return images;
}

/** Magnitude of signal plus complex Gaussian noise (Rician), scaled and stored as unsigned 16 bit. */
export function toMagnitude(signal: Float32Array, scale: number, sigma: number, random: Random): Uint16Array {
  const out = new Uint16Array(signal.length);
  for (let n = 0; n < signal.length; n++) {
    const re = signal[n]! * scale + sigma * random.normal();
    const im = sigma * random.normal();
    out[n] = Math.min(65535, Math.round(Math.hypot(re, im)));
  }
  return out;
}

/**
 * ADC map as scanners compute it from two b-values: ln(S_low/S_high)/(b_high − b_low) in
 * 10⁻⁶ mm²/s, 0 where the low-b signal is background.
 */
export function adcMap(
  low: Uint16Array,
  high: Uint16Array,
  deltaB: number,
  backgroundLevel: number,
): Uint16Array {
  const out = new Uint16Array(low.length);
  for (let n = 0; n < low.length; n++) {
    const s0 = low[n]!;
    const sb = Math.max(high[n]!, 1);
    if (s0 <= backgroundLevel) continue;
    out[n] = Math.min(4000, Math.max(0, Math.round((Math.log(s0 / sb) / deltaB) * 1e6)));
  }
  return out;
}
