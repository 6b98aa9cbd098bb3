import type { Vec3 } from '../volume/index.js';

/**
 * The contract between the extractor (settings, preprocessing, discretisation, cropping) and
 * one feature family (firstorder, glcm, shape, ...). Families are pure functions of these arrays.
 */

/** One feature as the registry knows it. */
export interface FeatureDefinition {
  /** PyRadiomics' name within its class, e.g. `JointEnergy`. */
  readonly name: string;
  /** IBSI permanent identifier (e.g. `8ZQL`), or null with `noIbsiCodeReason`. */
  readonly ibsiCode: string | null;
  /** The IBSI feature name, where IBSI has the feature. */
  readonly ibsiName?: string;
  /** Why the feature has no IBSI code (required when `ibsiCode` is null). */
  readonly noIbsiCodeReason?: string;
  /** Deprecated in PyRadiomics: computed only when named explicitly in `featureClass`. */
  readonly deprecated?: boolean;
  /** Formula and any deviation from IBSI, for docs and the docs test. */
  readonly doc: string;
}

/**
 * The region of interest, cropped to the mask's bounding box without padding (PyRadiomics step 4).
 * Arrays are x fastest, then y, then z; `size` is (x, y, z).
 */
export interface RoiInput {
  readonly size: Vec3;
  readonly spacing: Vec3;
  /** Intensities after filtering, before discretisation. */
  readonly image: Float64Array;
  /** 1 = voxel in the intensity ROI (after re-segmentation), 0 = outside. */
  readonly mask: Uint8Array;
  /** Discretised grey level of each ROI voxel, 1..binCount; 0 outside the ROI. */
  readonly levels: Int32Array;
  /** Highest grey level that discretisation can produce (N_g in IBSI terms). */
  readonly binCount: number;
}

/** How texture matrices are built and aggregated. PyRadiomics names and defaults. */
export interface TextureSettings {
  /** 'pyradiomics' (default) or 'ibsi': which definition wins where the two differ. */
  readonly mode: 'pyradiomics' | 'ibsi';
  readonly force2D: boolean;
  /** Axis normal to the slices with force2D: 0 = z (axial, PyRadiomics' default), 1 = y, 2 = x. */
  readonly force2Ddimension: 0 | 1 | 2;
  readonly distances: readonly number[];
  readonly symmetricalGLCM: boolean;
  readonly weightingNorm: 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting' | null;
  readonly gldm_a: number;
  readonly voxelArrayShift: number;
  /**
   * With force2D: `'merged'` pools the matrices of all slices (PyRadiomics; IBSI "2.5D"), `'averaged'`
   * computes the features of each slice apart and averages them over slices (IBSI "2D"; not in
   * PyRadiomics). Ignored without force2D.
   * @defaultValue 'merged'
   */
  readonly sliceAggregation?: 'merged' | 'averaged';
}

/** A feature family: its registry entries and the computation. */
export interface FeatureFamily {
  /** PyRadiomics class name: firstorder, shape, shape2D, glcm, glrlm, glszm, gldm, ngtdm. */
  readonly name: string;
  readonly features: readonly FeatureDefinition[];
  /**
   * Computes the requested features (`names`, PyRadiomics names) for one ROI. A feature that is
   * undefined for this ROI (e.g. a division by zero PyRadiomics also meets) is NaN.
   */
  compute(input: RoiInput, settings: TextureSettings, names: readonly string[]): Record<string, number>;
}
