import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { DEFAULT_SETTINGS, parseParams, settingsFor } from './settings.js';

function failure(text: string): AppError {
  try {
    parseParams(text, 'params.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('params_invalid');
    return error as AppError;
  }
  throw new Error('expected params_invalid');
}

describe('PyRadiomics parameter files', () => {
  it('fills PyRadiomics defaults when a key is absent', () => {
    const p = parseParams('', 'empty.yaml');
    expect(p.setting.binWidth).toBe(25);
    expect(p.setting.binCount).toBeNull();
    expect(p.setting.label).toBe(1);
    expect(p.setting.padDistance).toBe(5);
    expect(p.setting.interpolator).toBe('sitkBSpline');
    expect(p.setting.minimumROIDimensions).toBe(2);
    expect(p.setting.resegmentMode).toBe('absolute');
    expect(p.setting.mode).toBe('pyradiomics');
    expect(Object.keys(p.imageTypes)).toEqual(['Original']);
    // all classes but shape2D (PyRadiomics enables shape2D only with force2D / when named)
    expect(Object.keys(p.featureClasses).sort()).toEqual([
      'firstorder',
      'glcm',
      'gldm',
      'glrlm',
      'glszm',
      'ngtdm',
      'shape',
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('reads a typical file with image-type overrides and feature lists', () => {
    const p = parseParams(
      [
        'imageType:',
        '  Original: {}',
        '  LoG: {sigma: [1.0, 3.0], binWidth: 5}',
        'featureClass:',
        '  firstorder: [Mean, Median]',
        '  glcm:',
        'setting:',
        '  binWidth: 10',
        '  resampledPixelSpacing: [1, 1, 0]',
        '  interpolator: 2',
        '  resegmentRange: [-3, 3]',
        '  resegmentMode: sigma',
        '  mode: ibsi',
      ].join('\n'),
      'p.yaml',
    );
    expect(p.setting.binWidth).toBe(10);
    expect(p.setting.interpolator).toBe('sitkLinear'); // SimpleITK enum value 2
    expect(p.setting.resampledPixelSpacing).toEqual([1, 1, 0]);
    expect(p.featureClasses).toEqual({ firstorder: ['Mean', 'Median'], glcm: [] });
    expect(settingsFor(p, 'LoG').binWidth).toBe(5);
    expect(settingsFor(p, 'Original').binWidth).toBe(10);
    expect(p.warnings).toEqual([]); // sigma is used by the LoG filter (filters/)
  });

  it('accepts every key of paramSchema.yaml', () => {
    const all = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'mode' && k !== 'roundIntensities');
    expect(all).toHaveLength(37);
    const p = parseParams(
      `setting:\n${all.map((k) => `  ${k}: ${JSON.stringify(DEFAULT_SETTINGS[k as keyof typeof DEFAULT_SETTINGS])}`).join('\n')}\nvoxelSetting: {kernelRadius: 2, maskedKernel: true, initValue: 0}`,
      'all.yaml',
    );
    expect(p.setting).toEqual(DEFAULT_SETTINGS);
    expect(p.voxelSetting.kernelRadius).toBe(2);
  });

  it('names the key for unknown keys, wrong types and out-of-range values', () => {
    expect(failure('setting:\n  binwidth: 5').message).toBe(
      'params.yaml: unknown key setting.binwidth (not a PyRadiomics parameter)',
    );
    expect(failure('settings:\n  binWidth: 5').message).toMatch(/unknown key settings/);
    expect(failure('setting:\n  binWidth: abc').message).toMatch(
      /^params\.yaml: setting\.binWidth: .*number/,
    );
    expect(failure('setting:\n  binWidth: 0').message).toMatch(/setting\.binWidth/);
    expect(failure('setting:\n  label: 1.5').message).toMatch(/setting\.label/);
    expect(failure('setting:\n  minimumROIDimensions: 4').message).toMatch(/setting\.minimumROIDimensions/);
    expect(failure('setting:\n  resegmentMode: percent').message).toMatch(/setting\.resegmentMode/);
    expect(failure('setting:\n  interpolator: sitkGaussian').message).toMatch(
      /setting\.interpolator: interpolator sitkGaussian is not supported/,
    );
    expect(failure('imageType:\n  Sobel: {}').message).toMatch(/imageType\.Sobel/);
    expect(failure('featureClass:\n  glcmm: []').message).toMatch(/featureClass\.glcmm/);
    expect(failure('imageType:\n  LoG: {binWidht: 3}').message).toMatch(/imageType\.LoG\.binWidht/);
    expect(failure('setting: [1, 2').message).toMatch(/not valid YAML/);
    expect(failure('- a\n- b').message).toMatch(/expected a mapping/);
  });

  it('warns about keys that have no effect here', () => {
    const p = parseParams('setting:\n  label_channel: 2\nvoxelSetting: {kernelRadius: 1}', 'w.yaml');
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toMatch(/label_channel/);
    expect(p.warnings[1]).toMatch(/voxelSetting/);
  });
});
