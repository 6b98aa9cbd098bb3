import { textureFamilies } from './families/index.js';
import { shapeFamily } from './families/shape.js';
import { shape2DFamily } from './families/shape2d.js';
import type { FeatureFamily } from './feature-family.js';

/**
 * The feature families the product computes, in PyRadiomics' class order: shape (computed once,
 * on the original image's morphological mask), then first order and the texture classes per
 * image type.
 */
export const featureFamilies: readonly FeatureFamily[] = [shapeFamily, shape2DFamily, ...textureFamilies];
