import { AppError } from '../errors/index.js';
import { REGIONS, type Region, SEQUENCES, type Sequence } from '../model/feature-table-csv.js';
import type { LoadedModel } from '../model/index.js';
import {
  type ExtractionParams,
  FEATURE_CLASSES,
  type FeatureClassName,
  resolveParams,
} from '../radiomics/index.js';

/**
 * What a model needs from a study: the sequences and regions its features come from, and the
 * extraction parameters stored with it, narrowed to the feature classes it reads (each class is
 * computed on its own, so leaving the others out changes no value and saves most of the time).
 */

export interface ModelNeeds {
  /** Sequence → the regions the model reads on it, in table order; sequences in table order. */
  regions: ReadonlyMap<Sequence, readonly Region[]>;
  /** The model's extraction settings as stored in it. */
  params: ExtractionParams;
  /** The same, with only the feature classes the model reads enabled. */
  narrowedParams: ExtractionParams;
}

export function modelNeeds(model: LoadedModel): ModelNeeds {
  const { artifact } = model;
  const params = resolveParams(artifact.extraction.settings, `model "${artifact.name}" extraction settings`);
  const wanted = new Map<Sequence, Set<Region>>();
  const classes = new Set<FeatureClassName>();
  for (const f of artifact.features) {
    if (!wanted.has(f.sequence)) wanted.set(f.sequence, new Set());
    wanted.get(f.sequence)!.add(f.region);
    // keys are imageType_class_Feature
    const featureClass = f.key.split('_').at(-2) as FeatureClassName;
    if (!(FEATURE_CLASSES as readonly string[]).includes(featureClass)) {
      throw new AppError(
        'model_feature_unknown',
        `Model "${artifact.name}" reads feature "${f.column}", whose class "${featureClass}" the extractor does not know.`,
        { details: { feature: f.column } },
      );
    }
    classes.add(featureClass);
  }
  const regions = new Map<Sequence, readonly Region[]>();
  for (const sequence of SEQUENCES) {
    const set = wanted.get(sequence);
    if (set)
      regions.set(
        sequence,
        REGIONS.filter((r) => set.has(r)),
      );
  }
  const featureClasses = Object.fromEntries(
    Object.entries(params.featureClasses).filter(([name]) => classes.has(name as FeatureClassName)),
  );
  return { regions, params, narrowedParams: { ...params, featureClasses } };
}

/** Every sequence and region with all of `params`' features: what a training table holds. */
export function everyFeature(params: ExtractionParams): ModelNeeds {
  return {
    regions: new Map(SEQUENCES.map((sequence) => [sequence, REGIONS])),
    params,
    narrowedParams: params,
  };
}
