import type { FeatureFamily } from '../feature-family.js';
import { firstorderFamily } from './firstorder.js';
import { glcmFamily } from './glcm.js';
import { gldmFamily } from './gldm.js';
import { gldzmFamily } from './gldzm.js';
import { glrlmFamily } from './glrlm.js';
import { glszmFamily } from './glszm.js';
import { intensityHistogramFamily } from './intensity-histogram.js';
import { intensityStatisticsFamily } from './intensity-statistics.js';
import { intensityVolumeHistogramFamily } from './intensity-volume-histogram.js';
import { ngldmFamily } from './ngldm.js';
import { ngtdmFamily } from './ngtdm.js';

export {
  glcmDirectionWeight,
  glrlmDirectionWeight,
  neighbourOffsets,
  type Offset,
  textureDirections,
} from './directions.js';
export { firstorderFamily } from './firstorder.js';
export { glcmFamily } from './glcm.js';
export { gldmFamily } from './gldm.js';
export { gldzmFamily } from './gldzm.js';
export { glrlmFamily } from './glrlm.js';
export { glszmFamily } from './glszm.js';
export { intensityHistogramFamily } from './intensity-histogram.js';
export { intensityStatisticsFamily } from './intensity-statistics.js';
export { intensityVolumeHistogramFamily } from './intensity-volume-histogram.js';
export { localIntensityFamily, PEAK_RADIUS_MM, type WholeImageInput } from './local-intensity.js';
export { ngldmFamily } from './ngldm.js';
export { ngtdmFamily } from './ngtdm.js';
export { DEFAULT_TEXTURE_SETTINGS, textureSettings, validateTextureSettings } from './texture-settings.js';

/** PyRadiomics' classes computed on the ROI crop (first order and texture; shape is elsewhere). */
export const textureFamilies: readonly FeatureFamily[] = [
  firstorderFamily,
  glcmFamily,
  glrlmFamily,
  glszmFamily,
  gldmFamily,
  ngtdmFamily,
];

/**
 * IBSI families PyRadiomics lacks, computed on the ROI crop (IBSI mode). Local intensity is apart
 * (`localIntensityFamily`): it needs the whole image.
 */
export const ibsiFamilies: readonly FeatureFamily[] = [
  intensityStatisticsFamily,
  intensityHistogramFamily,
  intensityVolumeHistogramFamily,
  gldzmFamily,
  ngldmFamily,
];
