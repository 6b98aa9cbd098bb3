import { HER2_EFFECTS } from './effects.js';
import type { Random } from './random.js';

export type Her2Status = 'positive' | 'negative';
export type Centre = 1 | 2;
export type Vec3 = [number, number, number];

/** A lobe of the lesion surface: r(u) = r₀ (1 + Σ amplitude · cos(frequency · u·direction + phase)). */
export interface SurfaceLobe {
  direction: Vec3;
  frequency: number;
  amplitude: number;
  phase: number;
}

/** A spicule: a thin cone leaving the surface along `direction`. */
export interface Spicule {
  direction: Vec3;
  lengthMm: number;
  widthRad: number;
}

export interface LesionSpec {
  /** Centre in LPS mm. */
  centre: Vec3;
  radiusMm: number;
  lobes: SurfaceLobe[];
  spicules: Spicule[];
}

/** The generator's latent HER-2 scores, one per planted mechanism (src/synth/effects.ts). */
export interface LatentScores {
  /** Peritumoral oedema: T2 and ADC of the ring. */
  oedema: number;
  /** Peritumoral hypervascularity: enhancement of the ring on DCE. */
  vascular: number;
  /** Intratumoral texture. */
  intratumoral: number;
}

/** Everything that makes one synthetic patient, drawn from the seed. */
export interface PatientSpec {
  index: number;
  her2: Her2Status;
  centre: Centre;
  laterality: 'L' | 'R';
  lesions: LesionSpec[];
  /** Latent HER-2 scores (the oracle's inputs; src/synth/effects.ts). */
  latent: LatentScores;
  /** exp(gain × latent): multipliers of the planted effects. */
  strength: LatentScores;
  /** Fibroglandular density 0..1 and breast size (mm), independent of the label. */
  anatomy: { fgtDensity: number; breastRadiusMm: number; breastDepthMm: number };
  /**
   * Central necrosis of the lesions, independent of the label: radius of the necrotic core as a
   * fraction of the lesion radius, 0 for none. Many breast cancers of every subtype have one, and it
   * dominates their internal heterogeneity on every sequence.
   */
  necrosisFraction: number;
  /** Whether a second reader also drew masks (reproducibility subset). */
  secondReader: boolean;
}

function unitVector(random: Random): Vec3 {
  const u = random.uniform(-1, 1);
  const t = random.uniform(0, 2 * Math.PI);
  const s = Math.sqrt(1 - u * u);
  return [s * Math.cos(t), s * Math.sin(t), u];
}

function drawLesion(
  random: Random,
  breastCentreX: number,
  anatomy: PatientSpec['anatomy'],
  radiusMm: number,
): LesionSpec {
  // Anywhere in the anterior two thirds of the breast, away from the skin and the chest wall.
  const reach = anatomy.breastRadiusMm * 0.45;
  const centre: Vec3 = [
    breastCentreX + random.uniform(-reach, reach),
    -random.uniform(0.25, 0.65) * anatomy.breastDepthMm,
    random.uniform(-reach, reach) * 0.6,
  ];
  const spiculated = random.next() < 0.4;
  const lobes = Array.from({ length: random.int(2, 5) }, () => ({
    direction: unitVector(random),
    frequency: random.uniform(1.5, 4),
    amplitude: random.uniform(0.05, 0.16),
    phase: random.uniform(0, 2 * Math.PI),
  }));
  const spicules = spiculated
    ? Array.from({ length: random.int(4, 9) }, () => ({
        direction: unitVector(random),
        lengthMm: random.uniform(0.3, 0.8) * radiusMm,
        widthRad: random.uniform(0.12, 0.25),
      }))
    : [];
  return { centre, radiusMm, lobes, spicules };
}

/** Half of the lesions have a necrotic core of 25–60 % of their radius (own stream: label-blind). */
function drawNecrosis(random: Random): number {
  const present = random.next() < 0.5;
  const fraction = random.uniform(0.25, 0.6);
  return present ? fraction : 0;
}

/**
 * Draws one patient. The label and the latent scores come from their own streams, and every
 * other draw comes from streams that never see the label, so size, position, laterality and
 * anatomy are independent of HER-2 status by construction.
 */
export function drawPatient(random: Random, index: number, her2: Her2Status, centre: Centre): PatientSpec {
  const latentRandom = random.fork('latent');
  const sign = her2 === 'positive' ? 0.5 : -0.5;
  const latent: LatentScores = {
    oedema: sign * HER2_EFFECTS.oedemaSeparation + latentRandom.normal(),
    intratumoral: sign * HER2_EFFECTS.intratumoralSeparation + latentRandom.normal(),
    vascular: sign * HER2_EFFECTS.vascularSeparation + latentRandom.normal(),
  };
  const anatomyRandom = random.fork('anatomy');
  const anatomy = {
    fgtDensity: anatomyRandom.uniform(0.15, 0.6),
    breastRadiusMm: anatomyRandom.uniform(55, 75),
    breastDepthMm: anatomyRandom.uniform(70, 105),
  };
  const lesionRandom = random.fork('lesion');
  const laterality = lesionRandom.next() < 0.5 ? 'L' : 'R';
  // LPS: patient left is +x.
  const breastCentreX = laterality === 'L' ? 90 : -90;
  const radius = Math.exp(lesionRandom.uniform(Math.log(6), Math.log(14)));
  const lesions = [drawLesion(lesionRandom, breastCentreX, anatomy, radius)];
  if (lesionRandom.next() < 0.15) {
    // A satellite lesion, far enough from the first that each is its own finding.
    const radius2 = lesionRandom.uniform(6, 9);
    for (let attempt = 0; attempt < 10; attempt++) {
      const candidate = drawLesion(lesionRandom, breastCentreX, anatomy, radius2);
      const gap = Math.hypot(...(candidate.centre.map((c, n) => c - lesions[0]!.centre[n]!) as Vec3));
      if (gap > 1.6 * radius + 1.6 * radius2 + 10) {
        lesions.push(candidate);
        break;
      }
    }
  }
  return {
    index,
    her2,
    centre,
    laterality,
    lesions,
    latent,
    strength: {
      oedema: Math.exp(HER2_EFFECTS.strengthGain * latent.oedema),
      vascular: Math.exp(HER2_EFFECTS.strengthGain * latent.vascular),
      intratumoral: Math.exp(HER2_EFFECTS.strengthGain * latent.intratumoral),
    },
    anatomy,
    necrosisFraction: drawNecrosis(random.fork('necrosis')),
    secondReader: random.fork('reader').next() < 0.25,
  };
}
