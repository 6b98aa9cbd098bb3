import { AppError } from '../../errors/index.js';
import type { TextureSettings } from '../feature-family.js';

/** PyRadiomics' defaults (`featureextractor._getDefaultSettings` and the feature classes). */
export const DEFAULT_TEXTURE_SETTINGS: TextureSettings = {
  mode: 'pyradiomics',
  force2D: false,
  force2Ddimension: 0,
  distances: [1],
  symmetricalGLCM: true,
  weightingNorm: null,
  gldm_a: 0,
  voxelArrayShift: 0,
  sliceAggregation: 'merged',
};

/** Defaults overridden by `overrides`, then checked. */
export function textureSettings(overrides: Partial<TextureSettings> = {}): TextureSettings {
  const settings = { ...DEFAULT_TEXTURE_SETTINGS, ...overrides };
  validateTextureSettings(settings);
  return settings;
}

/** Throws `texture_settings_invalid` naming the setting, the expectation and the value found. */
export function validateTextureSettings(settings: TextureSettings): void {
  const fail = (setting: string, expected: string, found: unknown): never => {
    throw new AppError(
      'texture_settings_invalid',
      `Texture setting "${setting}" is expected to be ${expected}. Found: ${JSON.stringify(found)}`,
      { details: { setting } },
    );
  };
  if (settings.mode !== 'pyradiomics' && settings.mode !== 'ibsi') {
    fail('mode', "'pyradiomics' or 'ibsi'", settings.mode);
  }
  if (![0, 1, 2].includes(settings.force2Ddimension))
    fail('force2Ddimension', '0, 1 or 2', settings.force2Ddimension);
  if (settings.distances.length === 0 || settings.distances.some((d) => !Number.isInteger(d) || d < 1)) {
    fail('distances', 'a non-empty list of positive integers', settings.distances);
  }
  if (!Number.isFinite(settings.gldm_a) || settings.gldm_a < 0)
    fail('gldm_a', 'a number ≥ 0', settings.gldm_a);
  if (!Number.isFinite(settings.voxelArrayShift))
    fail('voxelArrayShift', 'a finite number', settings.voxelArrayShift);
  const norms = ['manhattan', 'euclidean', 'infinity', 'no_weighting', null];
  if (!norms.includes(settings.weightingNorm)) {
    fail('weightingNorm', 'manhattan, euclidean, infinity, no_weighting or null', settings.weightingNorm);
  }
  const agg = settings.sliceAggregation;
  if (agg !== undefined && agg !== 'merged' && agg !== 'averaged') {
    fail('sliceAggregation', "'merged' or 'averaged'", agg);
  }
}
