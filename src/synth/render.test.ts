import { describe, expect, it } from 'vitest';
import { drawPatient, type PatientSpec } from './patient.js';
import { createRandom } from './random.js';
import { adcOf, dceModel, t2Model } from './render.js';
import { Tissue, type TissueSample } from './scene.js';

/**
 * The planted effects on single tissue samples, against values worked out by hand from the
 * documented constants (effects.ts and render.ts): oedema fraction at the lesion surface =
 * 0.25 × strength (weight e^0 = 1), fluid T2 1100 / ADC 3000; fat T2 420 / ADC 180; lesion T2 210,
 * necrotic core T2 650 / ADC 2300 and 10 % of the lesion's enhancement.
 */
function patientWith(strength: Partial<PatientSpec['strength']>): PatientSpec {
  const patient = drawPatient(createRandom('render-test'), 0, 'positive', 1);
  return { ...patient, strength: { oedema: 1, vascular: 1, intratumoral: 1, ...strength } };
}

function sample(overrides: Partial<TissueSample>): TissueSample {
  return {
    tissue: Tissue.Fat,
    fgt: 0,
    lesionDistance: 1e-9,
    texture: 0,
    textureEnhancement: 0,
    necrotic: 0,
    ...overrides,
  };
}

const t2 = (patient: PatientSpec, s: TissueSample) => {
  const out = new Float64Array(1);
  t2Model(patient)(s, out);
  return out[0]!;
};

describe('planted peritumoral oedema (two-compartment free water)', () => {
  it('moves fat at the lesion surface a quarter of the way to fluid per unit strength', () => {
    const patient = patientWith({ oedema: 1 });
    // 0.75 × 420 + 0.25 × 1100 = 590; ADC 0.75 × 180 + 0.25 × 3000 = 885.
    expect(t2(patient, sample({}))).toBeCloseTo(590, 6);
    expect(adcOf(patient, sample({}))).toBeCloseTo(885, 6);
  });

  it('scales with the oedema strength, is capped at 80 % fluid and decays with distance', () => {
    // Strength 2: f = 0.5 → 0.5 × 420 + 0.5 × 1100 = 760.
    expect(t2(patientWith({ oedema: 2 }), sample({}))).toBeCloseTo(760, 6);
    // Strength 10: f = min(2.5, 0.8) → 0.2 × 420 + 0.8 × 1100 = 964.
    expect(t2(patientWith({ oedema: 10 }), sample({}))).toBeCloseTo(964, 6);
    // 2.5 mm out: weight e^-1, f = 0.25 e^-1 = 0.0919699 → 420 + 0.0919699 × 680 = 482.5395.
    expect(t2(patientWith({ oedema: 1 }), sample({ lesionDistance: 2.5 }))).toBeCloseTo(482.5395, 3);
    // Far away (beyond 4 decay lengths + 3 mm): no oedema.
    expect(t2(patientWith({ oedema: 5 }), sample({ lesionDistance: 14 }))).toBe(420);
  });

  it('is not driven by the vascular score', () => {
    expect(t2(patientWith({ oedema: 1, vascular: 5 }), sample({}))).toBeCloseTo(590, 6);
  });
});

describe('label-blind necrotic core', () => {
  const lesion = (necrotic: number) => sample({ tissue: Tissue.Lesion, lesionDistance: -3, necrotic });

  it('turns lesion T2 and ADC into those of necrosis', () => {
    const patient = patientWith({});
    expect(t2(patient, lesion(0))).toBe(210);
    expect(t2(patient, lesion(1))).toBe(650);
    // Half necrotic: the midpoint, 430.
    expect(t2(patient, lesion(0.5))).toBe(430);
    expect(adcOf(patient, lesion(1))).toBe(2300);
  });

  it('keeps 10 % of the lesion enhancement in necrosis', () => {
    const kinetics = { peak: 1.5, washInMinutes: 1, washOutPerMinute: 0 };
    const model = dceModel(patientWith({}), kinetics, [0, 2]);
    const viable = new Float64Array(2);
    const necrotic = new Float64Array(2);
    model(lesion(0), viable);
    model(lesion(1), necrotic);
    // Enhancement at 2 min: 1.5 × (1 − e^-2) = 1.2969992; viable 175 × 2.2969992, necrotic 160 × 1.1296999.
    expect(viable[1]).toBeCloseTo(175 * (1 + 1.5 * (1 - Math.exp(-2))), 6);
    expect(necrotic[1]).toBeCloseTo(160 * (1 + 0.1 * 1.5 * (1 - Math.exp(-2))), 6);
    expect(necrotic[0]).toBe(160);
  });
});

describe('planted peritumoral hypervascularity (DCE)', () => {
  it('adds a fraction of the lesion enhancement in lesion signal units, whatever the tissue', () => {
    const kinetics = { peak: 1.5, washInMinutes: 1, washOutPerMinute: 0 };
    const model = dceModel(patientWith({ vascular: 2 }), kinetics, [0, 2]);
    const fat = new Float64Array(2);
    const fgt = new Float64Array(2);
    model(sample({ fgt: 0 }), fat);
    model(sample({ fgt: 1, tissue: Tissue.Fibroglandular }), fgt);
    // Lesion enhancement at 2 min 1.5 × (1 − e^-2); rim gain 175 × 0.35 × 2 × that = 158.8824.
    const gain = 175 * 0.35 * 2 * 1.5 * (1 - Math.exp(-2));
    expect(gain).toBeCloseTo(158.8824, 3);
    expect(fat[0]).toBe(90);
    expect(fat[1]).toBeCloseTo(90 + gain, 6);
    // FGT: its own background enhancement 0.12 × 2 / 6 = 4 % plus the same rim gain.
    expect(fgt[1]).toBeCloseTo(190 * 1.04 + gain, 6);
    // The oedema score does not move it.
    const other = new Float64Array(2);
    dceModel(patientWith({ vascular: 2, oedema: 5 }), kinetics, [0, 2])(sample({ fgt: 0 }), other);
    expect(other[1]).toBeCloseTo(fat[1]!, 9);
  });
});
