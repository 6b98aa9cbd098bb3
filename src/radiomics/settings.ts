import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import type { TextureSettings } from './feature-family.js';

/**
 * PyRadiomics parameter files (`setting:`, `imageType:`, `featureClass:`, `voxelSetting:`), checked
 * against the keys and ranges of PyRadiomics' `radiomics/schemas/paramSchema.yaml`, with the defaults
 * of `RadiomicsFeatureExtractor._getDefaultSettings` (one place: `DEFAULT_SETTINGS`). One key of our
 * own: `setting.mode` ('pyradiomics' by default, or 'ibsi') and the IBSI-mode option
 * `setting.roundIntensities`. Unknown keys and wrong types fail with an AppError naming the key.
 */

/** Interpolators by SimpleITK name and enum value; only the first three are implemented. */
export const INTERPOLATORS = {
  sitkNearestNeighbor: 1,
  sitkLinear: 2,
  sitkBSpline: 3,
  sitkGaussian: 4,
  sitkLabelGaussian: 5,
  sitkHammingWindowedSinc: 6,
  sitkCosineWindowedSinc: 7,
  sitkWelchWindowedSinc: 8,
  sitkLanczosWindowedSinc: 9,
  sitkBlackmanWindowedSinc: 10,
} as const;
export type InterpolatorName = keyof typeof INTERPOLATORS;
const SUPPORTED_INTERPOLATORS: readonly InterpolatorName[] = [
  'sitkNearestNeighbor',
  'sitkLinear',
  'sitkBSpline',
];

export const FEATURE_CLASSES = [
  'firstorder',
  'shape',
  'shape2D',
  'glcm',
  'glrlm',
  'glszm',
  'gldm',
  'ngtdm',
] as const;
export const IMAGE_TYPES = [
  'Original',
  'Wavelet',
  'LoG',
  'Square',
  'SquareRoot',
  'Logarithm',
  'Exponential',
  'Gradient',
  'LBP2D',
  'LBP3D',
] as const;
export type ImageTypeName = (typeof IMAGE_TYPES)[number];

const positive = () => z.number().positive();
const interpolator = z
  .union([z.enum(Object.keys(INTERPOLATORS) as [InterpolatorName]), z.number().int()])
  .transform((value, ctx) => {
    const name =
      typeof value === 'string'
        ? value
        : (Object.entries(INTERPOLATORS).find(([, code]) => code === value)?.[0] as
            | InterpolatorName
            | undefined);
    if (name === undefined || !SUPPORTED_INTERPOLATORS.includes(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `interpolator ${String(value)} is not supported (sitkNearestNeighbor, sitkLinear or sitkBSpline)`,
      });
      return z.NEVER;
    }
    return name;
  });

/** Every key of paramSchema.yaml's `setting` map (also allowed per image type), all optional. */
const settingFields = {
  minimumROIDimensions: z.number().int().min(1).max(3),
  minimumROISize: positive().int().nullable(),
  geometryTolerance: positive().nullable(),
  correctMask: z.boolean(),
  additionalInfo: z.boolean(),
  label: positive().int(),
  label_channel: z.number().int().min(0),
  binWidth: positive(),
  binCount: positive().int().nullable(),
  normalize: z.boolean(),
  normalizeScale: positive(),
  removeOutliers: positive().nullable(),
  resampledPixelSpacing: z.array(z.number().min(0)).length(3).nullable(),
  interpolator,
  padDistance: z.number().int().min(0),
  distances: z.array(positive().int()).min(1),
  force2D: z.boolean(),
  force2Ddimension: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  resegmentRange: z.array(z.number()).min(1).max(2).nullable(),
  resegmentMode: z.enum(['absolute', 'relative', 'sigma']),
  resegmentShape: z.boolean(),
  preCrop: z.boolean(),
  sigma: z.array(positive()),
  start_level: z.number().int().min(0),
  level: positive().int(),
  wavelet: z.string(),
  gradientUseSpacing: z.boolean(),
  lbp2DRadius: positive(),
  lbp2DSamples: z.number().int().min(1),
  lbp2DMethod: z.enum(['default', 'ror', 'uniform', 'var']),
  lbp3DLevels: z.number().int().min(1),
  lbp3DIcosphereRadius: positive(),
  lbp3DIcosphereSubdivision: z.number().int().min(0),
  voxelArrayShift: z.number().int(),
  symmetricalGLCM: z.boolean(),
  weightingNorm: z.enum(['manhattan', 'euclidean', 'infinity', 'no_weighting']).nullable(),
  gldm_a: z.number().int().min(0),
  // ours
  mode: z.enum(['pyradiomics', 'ibsi']),
  roundIntensities: z.boolean(),
};

export const SettingOverridesSchema = z.strictObject(settingFields).partial();
export type SettingOverrides = z.infer<typeof SettingOverridesSchema>;
export type Settings = Required<SettingOverrides>;

/** PyRadiomics' defaults (`_getDefaultSettings` and the feature classes' own defaults). */
export const DEFAULT_SETTINGS: Settings = {
  minimumROIDimensions: 2,
  minimumROISize: null,
  geometryTolerance: null,
  correctMask: false,
  additionalInfo: true,
  label: 1,
  label_channel: 0,
  binWidth: 25,
  binCount: null,
  normalize: false,
  normalizeScale: 1,
  removeOutliers: null,
  resampledPixelSpacing: null,
  interpolator: 'sitkBSpline',
  padDistance: 5,
  distances: [1],
  force2D: false,
  force2Ddimension: 0,
  resegmentRange: null,
  resegmentMode: 'absolute',
  resegmentShape: false,
  preCrop: false,
  sigma: [],
  start_level: 0,
  level: 1,
  wavelet: 'coif1',
  gradientUseSpacing: true,
  lbp2DRadius: 1,
  // getLBP2DImage uses kwargs.get('lbp2DSamples', 8); its docstring's [9] is not what runs
  lbp2DSamples: 8,
  lbp2DMethod: 'uniform',
  lbp3DLevels: 2,
  lbp3DIcosphereRadius: 1,
  lbp3DIcosphereSubdivision: 1,
  voxelArrayShift: 0,
  symmetricalGLCM: true,
  weightingNorm: null,
  gldm_a: 0,
  mode: 'pyradiomics',
  roundIntensities: false,
};

const VoxelSettingSchema = z
  .strictObject({ kernelRadius: positive().int(), maskedKernel: z.boolean(), initValue: z.number() })
  .partial();

const ParamsFileSchema = z.strictObject({
  setting: SettingOverridesSchema.nullable().optional(),
  imageType: z.partialRecord(z.enum(IMAGE_TYPES), SettingOverridesSchema.nullable()).nullable().optional(),
  featureClass: z
    .partialRecord(z.enum(FEATURE_CLASSES), z.array(z.string()).nullable())
    .nullable()
    .optional(),
  voxelSetting: VoxelSettingSchema.nullable().optional(),
});

export type FeatureClassName = (typeof FEATURE_CLASSES)[number];

/** A parameter file, resolved: defaults filled, per-image-type overrides kept apart. */
export interface ExtractionParams {
  readonly setting: Settings;
  /** Enabled image types and their own overrides (PyRadiomics default: `Original` only). */
  readonly imageTypes: Readonly<Partial<Record<ImageTypeName, SettingOverrides>>>;
  /** Enabled classes; an empty list = every non-deprecated feature (PyRadiomics default: all classes). */
  readonly featureClasses: Readonly<Partial<Record<FeatureClassName, readonly string[]>>>;
  /** Whether `featureClass` was given in the file ('file') or all classes are on by default. */
  readonly featureClassSource: 'file' | 'default';
  readonly voxelSetting: z.infer<typeof VoxelSettingSchema>;
  /** Keys accepted for compatibility that have no effect here, one sentence each. */
  readonly warnings: readonly string[];
}

/** Keys that only matter to filters or features not computed here; setting them warns. */
/** Settings of the one image type without a filter implementation (LBP3D). */
const UNSUPPORTED_FILTER_KEYS: readonly (keyof Settings)[] = [
  'lbp3DLevels',
  'lbp3DIcosphereRadius',
  'lbp3DIcosphereSubdivision',
];

function describeIssue(issue: z.core.$ZodIssue, source: string): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(', ');
    return `${source}: unknown key ${keys} (not a PyRadiomics parameter)`;
  }
  return `${source}: ${where || '(top level)'}: ${issue.message}`;
}

/** Validates an already-parsed parameter object (e.g. from YAML or JSON). */
export function resolveParams(input: unknown, source = 'parameters'): ExtractionParams {
  const parsed = ParamsFileSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('params_invalid', describeIssue(issue, source), {
      details: { path: issue.path.map(String), issues: parsed.error.issues.length },
    });
  }
  const file = parsed.data;
  const setting: Settings = { ...DEFAULT_SETTINGS, ...dropUndefined(file.setting ?? {}) };
  const imageTypes: Partial<Record<ImageTypeName, SettingOverrides>> = {};
  for (const [name, overrides] of Object.entries(file.imageType ?? { Original: {} })) {
    imageTypes[name as ImageTypeName] = dropUndefined(overrides ?? {});
  }
  const featureClasses: Partial<Record<FeatureClassName, readonly string[]>> = {};
  const classes =
    file.featureClass ??
    Object.fromEntries(FEATURE_CLASSES.filter((c) => c !== 'shape2D').map((c) => [c, null]));
  for (const [name, features] of Object.entries(classes))
    featureClasses[name as FeatureClassName] = features ?? [];

  const warnings: string[] = [];
  const given = { ...(file.setting ?? {}) } as Record<string, unknown>;
  for (const overrides of Object.values(imageTypes)) Object.assign(given, overrides);
  for (const key of UNSUPPORTED_FILTER_KEYS) {
    if (given[key] !== undefined)
      warnings.push(`setting ${key} only affects imageType LBP3D, which is not computed`);
  }
  if (given.label_channel !== undefined && given.label_channel !== 0) {
    warnings.push('setting label_channel has no effect: only scalar (single-channel) masks are read');
  }
  if (file.voxelSetting)
    warnings.push('voxelSetting has no effect: voxel-based (feature map) extraction is not implemented');
  if (setting.mode === 'pyradiomics' && given.roundIntensities === true) {
    warnings.push('setting roundIntensities applies in IBSI mode only (PyRadiomics does not round)');
  }
  return {
    setting,
    imageTypes,
    featureClasses,
    featureClassSource: file.featureClass ? 'file' : 'default',
    voxelSetting: file.voxelSetting ?? {},
    warnings,
  };
}

/** Parses a PyRadiomics YAML (or JSON) parameter file's text. `source` names it in errors. */
export function parseParams(text: string, source = 'parameters'): ExtractionParams {
  let object: unknown;
  try {
    object = parseYaml(text);
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new AppError('params_invalid', `${source}: not valid YAML${line ? ` (line ${line})` : ''}`, {
      cause: error,
    });
  }
  if (object !== null && object !== undefined && (typeof object !== 'object' || Array.isArray(object))) {
    throw new AppError(
      'params_invalid',
      `${source}: expected a mapping of setting/imageType/featureClass/voxelSetting`,
    );
  }
  return resolveParams(object, source);
}

/** Settings in effect for one image type: the general settings, then that type's overrides. */
export function settingsFor(params: ExtractionParams, imageType: ImageTypeName): Settings {
  return { ...params.setting, ...(params.imageTypes[imageType] ?? {}) };
}

/** The part of the settings the texture families read. */
export function textureSettings(s: Settings): TextureSettings {
  return {
    mode: s.mode,
    force2D: s.force2D,
    force2Ddimension: s.force2Ddimension,
    distances: s.distances,
    symmetricalGLCM: s.symmetricalGLCM,
    weightingNorm: s.weightingNorm,
    gldm_a: s.gldm_a,
    voxelArrayShift: s.voxelArrayShift,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
