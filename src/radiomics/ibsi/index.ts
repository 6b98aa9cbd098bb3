export { type DigitalPhantomJson, type IbsiPhantom, PHANTOM_GREY_LEVELS, phantomInputs } from './phantom.js';
export {
  AGGREGATION_SETTINGS,
  familySource,
  findFeature,
  type IbsiComputation,
  type IbsiSource,
  type IbsiUnmapped,
  ibsiSources,
  resolveReferenceRow,
} from './reference-mapping.js';
export {
  type IbsiReferenceRow,
  parseIbsiReferenceCsv,
  roundToSignificant,
  withinTolerance,
} from './reference-values.js';
