export { type AdcUnits, adcTo1e6, inferAdcUnits, typicalPositiveValue } from './adc-units.js';
export { classifySeries, evaluateRule, type RuleVerdict, type SeriesRecognition } from './classify-series.js';
export { type ConditionVerdict, evaluateCondition } from './conditions.js';
export {
  detectPhases,
  dicomTimeToSeconds,
  type FrameRef,
  type PhaseDetection,
  type TemporalPhase,
} from './dce-phases.js';
export { formatRecognition } from './format-recognition.js';
export { recognizeStudy, type StudyRecognition } from './recognize-study.js';
export { classifySegment, type SegmentDescription, type SegmentRoleVerdict } from './segment-roles.js';
export {
  type DcePhase,
  type InputSelection,
  type NotChosen,
  type SlotChoice,
  type SlotName,
  selectInputs,
} from './select-inputs.js';
export {
  type BValueGroup,
  type FactValue,
  groupBValues,
  groupBySeries,
  type SeriesFacts,
  type SeriesInput,
  seriesFacts,
} from './series-facts.js';
export {
  type RecognitionSettings,
  type RecognitionSettingsInput,
  recognitionSettingsSchema,
} from './settings.js';
export {
  type Condition,
  FACT_FIELDS,
  type FactField,
  PHASE_KEYS,
  type PhaseKey,
  parseSiteRules,
  SERIES_ORDER_KEYS,
  SERIES_ROLES,
  type SegmentRule,
  type SeriesRole,
  type SeriesRule,
  type SiteRules,
  siteRulesSchema,
  validateSiteRules,
} from './site-rules.js';
export { DEFAULT_SITE_RULES_PATH, readSiteRulesFile } from './site-rules-file.js';
