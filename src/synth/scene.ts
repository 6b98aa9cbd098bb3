import { createNoise } from './noise.js';
import type { LesionSpec, PatientSpec, Vec3 } from './patient.js';
import type { Random } from './random.js';

/**
 * The patient's anatomy as continuous functions of LPS position (mm), for a prone bilateral
 * breast MRI: chest wall and thorax posterior (y > 10), two breasts anterior (y < 10) with fat and
 * fibroglandular tissue, lesions with irregular surfaces. Sequences turn a `TissueSample` into
 * signal; grids only sample it, so every sequence sees the same patient.
 */

export const Tissue = { Air: 0, Fat: 1, Fibroglandular: 2, Muscle: 3, Thorax: 4, Lesion: 5 } as const;
export type Tissue = (typeof Tissue)[keyof typeof Tissue];

export interface TissueSample {
  tissue: Tissue;
  /** 0 = fat, 1 = fibroglandular, smooth in between (breast tissue only). */
  fgt: number;
  /** Signed distance to the nearest lesion surface (mm, negative inside); +Infinity when far away. */
  lesionDistance: number;
  /** Intratumoral texture fields in [-1, 1] (zero outside lesions). */
  texture: number;
  textureEnhancement: number;
  /** Necrotic fraction of a lesion sample, 0..1 (zero outside lesions and in lesions without necrosis). */
  necrotic: number;
}

export interface Scene {
  readonly patient: PatientSpec;
  sample(x: number, y: number, z: number, out: TissueSample): void;
  /** Signed distance to the nearest lesion surface, shifted per reader (for masks). */
  lesionDistance(x: number, y: number, z: number): { distance: number; lesion: number };
}

const CHEST_WALL_Y = 10;
const MUSCLE_THICKNESS = 18;

/** r(u) of a lesion surface along the unit direction u. */
function surfaceRadius(lesion: LesionSpec, ux: number, uy: number, uz: number): number {
  let r = 1;
  for (const lobe of lesion.lobes) {
    const t = ux * lobe.direction[0] + uy * lobe.direction[1] + uz * lobe.direction[2];
    r += lobe.amplitude * Math.cos(lobe.frequency * t + lobe.phase);
  }
  r *= lesion.radiusMm;
  for (const spicule of lesion.spicules) {
    const cos = ux * spicule.direction[0] + uy * spicule.direction[1] + uz * spicule.direction[2];
    const angle = Math.acos(Math.max(-1, Math.min(1, cos)));
    if (angle < spicule.widthRad) r += spicule.lengthMm * (1 - angle / spicule.widthRad);
  }
  return r;
}

/** Approximate signed distance (radial) from p to the surface of `lesion`. */
export function lesionSignedDistance(lesion: LesionSpec, x: number, y: number, z: number): number {
  const dx = x - lesion.centre[0];
  const dy = y - lesion.centre[1];
  const dz = z - lesion.centre[2];
  const rho = Math.hypot(dx, dy, dz);
  if (rho < 1e-9) return -surfaceRadius(lesion, 1, 0, 0);
  return rho - surfaceRadius(lesion, dx / rho, dy / rho, dz / rho);
}

export function createScene(patient: PatientSpec, random: Random): Scene {
  const fgtNoise = createNoise(random.fork('fgt'), 14, 4, 0.55);
  const textureNoise = createNoise(random.fork('texture'), 3.5, 3, 0.6);
  const enhancementNoise = createNoise(random.fork('texture-enhancement'), 4.5, 2, 0.5);
  const { breastRadiusMm, breastDepthMm, fgtDensity } = patient.anatomy;
  const lesions = patient.lesions;
  const maxLesionReach = Math.max(...lesions.map((l) => l.radiusMm * 2.5 + 15));

  const nearestLesion = (x: number, y: number, z: number) => {
    let distance = Number.POSITIVE_INFINITY;
    let lesion = -1;
    lesions.forEach((l, n) => {
      const dx = x - l.centre[0];
      const dy = y - l.centre[1];
      const dz = z - l.centre[2];
      if (dx * dx + dy * dy + dz * dz > maxLesionReach * maxLesionReach) return;
      const d = lesionSignedDistance(l, x, y, z);
      if (d < distance) {
        distance = d;
        lesion = n;
      }
    });
    return { distance, lesion };
  };

  /** Necrotic core: a sphere of necrosisFraction × radius, its edge blurred over ~1.5 mm and made irregular by the texture. */
  const necroticFraction = (lesion: LesionSpec, x: number, y: number, z: number, texture: number) => {
    if (!(patient.necrosisFraction > 0)) return 0;
    const rho = Math.hypot(x - lesion.centre[0], y - lesion.centre[1], z - lesion.centre[2]);
    const edge = patient.necrosisFraction * lesion.radiusMm + 1.2 * texture;
    return Math.min(1, Math.max(0, (edge - rho) / 1.5 + 0.5));
  };

  return {
    patient,
    lesionDistance: nearestLesion,
    sample(x, y, z, out) {
      out.fgt = 0;
      out.texture = 0;
      out.textureEnhancement = 0;
      out.necrotic = 0;
      out.lesionDistance = Number.POSITIVE_INFINITY;
      // Thorax: an ellipse behind the chest wall.
      if (y >= CHEST_WALL_Y) {
        const inside = (x / 165) ** 2 + ((y - 70) / 75) ** 2 <= 1;
        out.tissue = !inside
          ? Tissue.Air
          : y < CHEST_WALL_Y + MUSCLE_THICKNESS
            ? Tissue.Muscle
            : Tissue.Thorax;
        return;
      }
      // Breasts: half-ellipsoids hanging anteriorly (y < 10) centred at x = ±90.
      const side = x >= 0 ? 90 : -90;
      const ex = (x - side) / breastRadiusMm;
      const ey = (y - CHEST_WALL_Y) / breastDepthMm;
      const ez = z / (breastRadiusMm * 0.9);
      const radial = ex * ex + ey * ey + ez * ez;
      if (radial > 1) {
        out.tissue = Tissue.Air;
        return;
      }
      const { distance, lesion } = nearestLesion(x, y, z);
      out.lesionDistance = distance;
      if (distance < 0) {
        out.tissue = Tissue.Lesion;
        out.texture = textureNoise.at(x, y, z);
        out.textureEnhancement = enhancementNoise.at(x, y, z);
        out.necrotic = necroticFraction(lesions[lesion]!, x, y, z, out.texture);
        return;
      }
      // Fibroglandular tissue: central, patchy; fat towards the skin.
      const score = fgtNoise.at(x, y, z) + (fgtDensity - 0.5) * 1.4 - Math.sqrt(radial) + 0.8;
      out.fgt = Math.min(1, Math.max(0, (score + 0.12) / 0.24));
      out.tissue = out.fgt > 0.5 ? Tissue.Fibroglandular : Tissue.Fat;
    },
  };
}

export type { Vec3 };
