export {
  type AppConfig,
  ConfigError,
  describeSettings,
  inputLimitsOf,
  loadConfig,
  SETTINGS,
} from './app-config.js';
