import type { FeatureFamily } from './feature-family.js';

/**
 * The feature families the product computes, in PyRadiomics' class order. The families themselves
 * live in `./families/` (written in parallel); this list is where they are wired in. Until then it
 * is empty and `her2 extract` computes diagnostics only (default-enabled classes without a family
 * are listed in `diagnostics_Configuration_SkippedClasses`).
 */
export const featureFamilies: readonly FeatureFamily[] = [];
