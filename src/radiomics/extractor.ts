import { AppError } from '../errors/index.js';
import {
  type BoundingBox,
  boundingBox,
  crop,
  type Geometry,
  indexToPhysical,
  type Mask,
  physicalToIndex,
  selectLabel,
  type Volume,
  type VoxelArray,
} from '../volume/index.js';
import { type DiagnosticValue, imageDiagnostics, maskDiagnostics } from './diagnostics.js';
import { discretise } from './discretise.js';
import type { FeatureFamily, RoiInput } from './feature-family.js';
import { applyImageType, cropForFilter, imageTypePadding, isFilterImageType } from './filters/index.js';
import { checkRoi, checkSameGrid, normalizeImage, resegmentMask, roundIntensities } from './preprocessing.js';
import { ibsiGrid, pyradiomicsGrid, resampleMaskIbsi, resampleOnto } from './resample.js';
import {
  type ExtractionParams,
  type FeatureClassName,
  type ImageTypeName,
  type Settings,
  settingsFor,
  textureSettings,
} from './settings.js';

/**
 * One extraction: image + mask + parameters → one flat result, following PyRadiomics' pipeline
 * (`RadiomicsFeatureExtractor.execute`, see design/pyradiomics-conventions.md):
 * 1. grid check (`geometryTolerance`; with `correctMask` a mask on another grid is resampled onto
 *    the image grid), `normalize`, then resampling (`resampledPixelSpacing` +
 *    `interpolator`; IBSI mode: centre-aligned grid, interpolated mask kept at ≥ 0.5, optional
 *    intensity rounding) or `preCrop`;
 * 2. ROI checks of `label` (`minimumROIDimensions`, `minimumROISize`);
 * 3. `resegmentRange`/`resegmentMode` → intensity mask; the morphological mask (shape) stays the
 *    label unless `resegmentShape`;
 * 4. shape (once, on the original image) with its mask padded by one voxel;
 * 5. per image type (`Original`, and the derived images of LoG, Wavelet, Square, ... from
 *    `filters/` with the type's own setting overrides): crop to the bounding box without padding,
 *    discretise (`binWidth`/`binCount`), compute each enabled class. Filter warnings (a LoG sigma
 *    skipped as too large) go to `diagnostics_Configuration_FilterWarnings`.
 * Keys: `diagnostics_*` first (when `additionalInfo`), then `<imagetype>_<class>_<Feature>`.
 * Pure and deterministic: the same inputs give bit-identical results.
 */

export type ResultValue = DiagnosticValue;
export type ExtractionResult = Record<string, ResultValue>;

/** Where the result came from; the caller knows it (core code reads no files or package.json). */
export interface Provenance {
  /** her2-radiomics version. */
  readonly version?: string;
}

interface EnabledClass {
  readonly family: FeatureFamily;
  readonly names: readonly string[];
}

export function extract(
  image: Volume,
  inputMask: Mask,
  params: ExtractionParams,
  families: readonly FeatureFamily[],
  provenance: Provenance = {},
): ExtractionResult {
  for (const type of Object.keys(params.imageTypes)) {
    if (type !== 'Original' && !isFilterImageType(type)) {
      throw new AppError('image_type_unsupported', `imageType ${type} is not supported`, {
        details: { imageType: type },
      });
    }
  }
  const { enabled, skipped } = enabledClasses(params, families);
  let mask = inputMask;
  const s = params.setting;
  const label = s.label;
  const diagnostics: Record<string, DiagnosticValue> = {};
  const info = s.additionalInfo;
  if (info) {
    diagnostics.diagnostics_Versions_her2radiomics = provenance.version ?? 'unknown';
    diagnostics.diagnostics_Configuration_Mode = s.mode;
    diagnostics.diagnostics_Configuration_Settings = JSON.stringify(s);
    diagnostics.diagnostics_Configuration_EnabledImageTypes = JSON.stringify(params.imageTypes);
    diagnostics.diagnostics_Configuration_Warnings = params.warnings.join(' | ');
    diagnostics.diagnostics_Configuration_SkippedClasses = skipped.join(', ');
  }

  if (s.correctMask && !sameGridWithin(image.geometry, mask.geometry, s.geometryTolerance ?? 1e-6)) {
    mask = correctMask(image.geometry, mask, label);
  }
  checkSameGrid(image.geometry, mask.geometry, s.geometryTolerance ?? 1e-6);
  const originalBox = checkRoi(mask, label, s.minimumROIDimensions, s.minimumROISize);
  if (info) {
    Object.assign(diagnostics, imageDiagnostics('Image-original', image, true));
    Object.assign(diagnostics, maskDiagnostics('Mask-original', image, mask, label, originalBox, true));
  }

  // 1. normalise, resample or pre-crop
  let img: Volume = s.normalize ? normalizeImage(image, s.normalizeScale, s.removeOutliers) : image;
  let msk: Mask = mask;
  let resampled = false;
  if (s.resampledPixelSpacing !== null) {
    if (s.mode === 'ibsi') {
      const grid = ibsiGrid(img.geometry, s.resampledPixelSpacing);
      img = resampleOnto(img, grid, s.interpolator, 'float64');
      if (s.roundIntensities) img = roundIntensities(img);
      msk = resampleMaskIbsi(msk, label, grid, s.interpolator);
      resampled = true;
    } else {
      const grid = pyradiomicsGrid(msk.geometry, originalBox, s.resampledPixelSpacing, s.padDistance);
      if (grid === null) {
        [img, msk] = cropClipped(img, msk, originalBox, s.padDistance);
      } else {
        img = resampleOnto(img, grid, s.interpolator, 'input');
        msk = resampleOnto(msk, grid, 'sitkNearestNeighbor', 'input') as Mask;
        resampled = true;
      }
    }
  } else if (s.preCrop) {
    [img, msk] = cropClipped(img, msk, originalBox, s.padDistance);
  }

  // 2. ROI checks on the grid features are computed on
  const box = checkRoi(
    msk,
    label,
    s.minimumROIDimensions,
    s.minimumROISize,
    resampled ? 'resampled mask' : 'mask',
  );
  if (info && resampled) {
    Object.assign(diagnostics, imageDiagnostics('Image-interpolated', img, false));
    Object.assign(diagnostics, maskDiagnostics('Mask-interpolated', img, msk, label, box, false));
  }

  // 3. re-segmentation
  const morphological = selectLabel(msk, label);
  let intensity = morphological;
  let intensityBox = box;
  if (s.resegmentRange !== null) {
    const reseg = resegmentMask(img, msk, label, s.resegmentRange, s.resegmentMode);
    intensity = reseg.mask;
    intensityBox = checkRoi(intensity, 1, s.minimumROIDimensions, s.minimumROISize, 'resegmented mask');
    if (info) {
      diagnostics['diagnostics_Mask-resegmented_Thresholds'] = reseg.thresholds;
      Object.assign(diagnostics, maskDiagnostics('Mask-resegmented', img, intensity, 1, intensityBox, false));
    }
  }
  const shapeMask = s.resegmentShape ? intensity : morphological;
  const shapeBox = s.resegmentShape ? intensityBox : box;

  // 4. shape, once, on the original image's morphological mask (PyRadiomics' computeShape);
  //    shape2D only where the ROI is 2D or force2D asks for per-slice shape, as PyRadiomics.
  const features: ExtractionResult = {};
  const isShape = (family: FeatureFamily) => family.name === 'shape' || family.name === 'shape2D';
  const sliceAxis = 2 - s.force2Ddimension;
  const singleSlice = shapeBox.lo[sliceAxis] === shapeBox.hi[sliceAxis];
  for (const { family, names } of enabled.filter((e) => isShape(e.family))) {
    if (family.name === 'shape2D' && !(s.force2D || singleSlice)) {
      if (info) diagnostics.diagnostics_Configuration_SkippedShape2D = 'ROI is 3D and force2D is off';
      continue;
    }
    const input = roiInput(img, shapeMask, shapeBox, 1, s, null);
    const values = family.compute(input, textureSettings(s), names);
    for (const name of names) features[`original_${family.name}_${name}`] = values[name] ?? Number.NaN;
  }

  // 5. first order and texture per image type (Original and each derived image)
  const filterWarnings: string[] = [];
  for (const imageType of Object.keys(params.imageTypes) as ImageTypeName[]) {
    const typeSettings = settingsFor(params, imageType);
    const lowerBound =
      typeSettings.resegmentRange !== null && typeSettings.resegmentMode === 'absolute'
        ? typeSettings.resegmentRange[0]!
        : null;
    for (const derived of derivedImages(
      img,
      intensity,
      intensityBox,
      imageType,
      typeSettings,
      filterWarnings,
    )) {
      const roi = roiInput(derived.image, derived.mask, derived.box, 0, typeSettings, lowerBound);
      for (const { family, names } of enabled.filter((e) => !isShape(e.family))) {
        const values = family.compute(roi, textureSettings(typeSettings), names);
        for (const name of names) {
          const value = values[name];
          features[`${derived.name}_${family.name}_${name}`] = value === undefined ? Number.NaN : value;
        }
      }
    }
  }
  if (info && filterWarnings.length > 0) {
    diagnostics.diagnostics_Configuration_FilterWarnings = filterWarnings.join(' | ');
  }
  return { ...diagnostics, ...features };
}

interface DerivedImage {
  /** Feature-key prefix: `original`, `log-sigma-3-0-mm-3D`, `wavelet-LLH`, ... */
  readonly name: string;
  readonly image: Volume;
  readonly mask: Mask;
  readonly box: BoundingBox;
}

/**
 * The images of one image type, each with the intensity mask and ROI box on its grid. `Original`
 * is the preprocessed image itself. Filters with a spatial reach (LoG, Wavelet, Gradient, LBP2D)
 * run on the ROI box widened by their padding rule (`imageTypePadding`) and clipped to the image,
 * which gives the ROI the values PyRadiomics gets by filtering the whole image (exactly, except
 * the recursive LoG: within 1e-6 of its response range) at a fraction of the cost. Voxel-wise
 * types (Square, ...) scale by the image's max |I|, so they get the whole image, as in PyRadiomics.
 */
function derivedImages(
  img: Volume,
  mask: Mask,
  box: BoundingBox,
  imageType: ImageTypeName,
  settings: Settings,
  warnings: string[],
): DerivedImage[] {
  if (imageType === 'Original') return [{ name: 'original', image: img, mask, box }];
  if (imageType === 'LoG' && settings.sigma.length > 1) {
    // One crop per sigma: the margin grows with sigma, so small sigmas need far fewer voxels.
    const images: DerivedImage[] = [];
    const skipped: string[] = [];
    for (const sigma of settings.sigma) {
      try {
        images.push(...derivedImages(img, mask, box, imageType, { ...settings, sigma: [sigma] }, warnings));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'filter_no_output')) throw error;
        skipped.push(error.message);
      }
    }
    warnings.push(...skipped);
    if (images.length === 0) {
      throw new AppError('filter_no_output', `LoG: no usable sigma among [${settings.sigma.join(', ')}]`, {
        details: { sigma: settings.sigma },
      });
    }
    return images;
  }
  const padding = imageTypePadding(imageType, settings, img.geometry.spacing);
  const whole = padding.every((p) => p === 0);
  const input = whole ? { volume: img, offset: [0, 0, 0] as const } : cropForFilter(img, box, padding);
  const inputMask = whole ? mask : cropForFilter(mask, box, padding).volume;
  const shifted: BoundingBox = {
    lo: [0, 1, 2].map((d) => box.lo[d]! - input.offset[d]!) as unknown as BoundingBox['lo'],
    hi: [0, 1, 2].map((d) => box.hi[d]! - input.offset[d]!) as unknown as BoundingBox['hi'],
  };
  const result = applyImageType(input.volume, imageType, settings);
  warnings.push(...result.warnings);
  return result.images.map((filtered) => ({
    name: filtered.name,
    image: filtered.volume,
    mask: inputMask,
    box: shifted,
  }));
}

/** The cropped arrays a family sees: box (+ pad voxels of zeros) of the image and a 0/1 mask. */
function roiInput(
  image: Volume,
  mask: Mask,
  box: BoundingBox,
  pad: number,
  s: Settings,
  lowerBound: number | null,
): RoiInput {
  const croppedImage = crop(image, box, pad, 0);
  const croppedMask = crop(mask, box, pad, 0);
  const values: number[] = [];
  const positions: number[] = [];
  for (let n = 0; n < croppedMask.data.length; n++) {
    if (croppedMask.data[n] === 0) continue;
    values.push(croppedImage.data[n]!);
    positions.push(n);
  }
  const { levels: roiLevels, binCount } = discretise(values, {
    mode: s.mode,
    binWidth: s.binWidth,
    binCount: s.binCount,
    lowerBound,
  });
  const levels = new Int32Array(croppedMask.data.length);
  for (let r = 0; r < positions.length; r++) levels[positions[r]!] = roiLevels[r]!;
  return {
    size: croppedImage.geometry.size,
    spacing: croppedImage.geometry.spacing,
    image: Float64Array.from(croppedImage.data as ArrayLike<number>),
    mask: Uint8Array.from(croppedMask.data, (v) => (v === 0 ? 0 : 1)),
    levels,
    binCount,
  };
}

function sameGridWithin(a: Geometry, b: Geometry, tolerance: number): boolean {
  try {
    checkSameGrid(a, b, tolerance);
    return true;
  } catch {
    return false;
  }
}

/**
 * `correctMask` (PyRadiomics `_correctMask`): a mask on another grid is resampled onto the image grid
 * by nearest neighbour, provided the centres of the ROI's bounding-box corner voxels lie inside the
 * image (otherwise ROI voxels would be lost).
 */
function correctMask(image: Geometry, mask: Mask, label: number): Mask {
  const box = boundingBox(mask, label);
  if (box === null)
    throw new AppError('label_absent', `mask: label ${label} is not present (empty ROI)`, {
      details: { label },
    });
  for (const corner of [0, 1, 2, 3, 4, 5, 6, 7]) {
    const index = [0, 1, 2].map((axis) => (corner & (1 << axis) ? box.hi[axis]! : box.lo[axis]!));
    const point = indexToPhysical(mask.geometry, index[0]!, index[1]!, index[2]!);
    const inImage = physicalToIndex(image, point[0], point[1], point[2]);
    if (inImage.some((v, axis) => v < -0.5 || v >= image.size[axis]! - 0.5)) {
      throw new AppError(
        'mask_outside_image',
        'correctMask: the ROI bounding box extends outside the image',
        {
          details: { label },
        },
      );
    }
  }
  return resampleOnto(mask, image, 'sitkNearestNeighbor', 'input') as Mask;
}

/** PyRadiomics `cropToTumorMask`: box widened by `pad` voxels, clipped to the image. */
function cropClipped(image: Volume, mask: Mask, box: BoundingBox, pad: number): [Volume<VoxelArray>, Mask] {
  const size = mask.geometry.size;
  const clipped: BoundingBox = {
    lo: box.lo.map((v) => Math.max(0, v - pad)) as unknown as BoundingBox['lo'],
    hi: box.hi.map((v, axis) => Math.min(size[axis]! - 1, v + pad)) as unknown as BoundingBox['hi'],
  };
  return [crop(image, clipped), crop(mask, clipped)];
}

/** Enabled families and feature names; unknown classes or features fail with their name. */
function enabledClasses(
  params: ExtractionParams,
  families: readonly FeatureFamily[],
): { enabled: EnabledClass[]; skipped: string[] } {
  const enabled: EnabledClass[] = [];
  const skipped: string[] = [];
  for (const [className, requested] of Object.entries(params.featureClasses) as [
    FeatureClassName,
    readonly string[],
  ][]) {
    const family = families.find((f) => f.name === className);
    if (!family) {
      if (params.featureClassSource === 'default') {
        skipped.push(className);
        continue;
      }
      throw new AppError(
        'feature_class_unavailable',
        `featureClass ${className} is not available in this build`,
        {
          details: { featureClass: className },
        },
      );
    }
    let names: string[];
    if (requested.length === 0) {
      names = family.features.filter((f) => !f.deprecated).map((f) => f.name);
    } else {
      for (const name of requested) {
        if (!family.features.some((f) => f.name === name)) {
          throw new AppError('feature_unknown', `featureClass ${className}: unknown feature ${name}`, {
            details: { featureClass: className, feature: name },
          });
        }
      }
      names = [...requested];
    }
    enabled.push({ family, names });
  }
  return { enabled, skipped };
}
