/** Optional harmonisation of features across sites (centres) before selection: ComBat. */
export {
  applyCombat,
  applyCombatToTable,
  type CombatFeatureParameters,
  type CombatOptions,
  type CombatParameters,
  fitCombat,
  selectCombatFeatures,
} from './combat.js';
