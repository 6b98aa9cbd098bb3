export { type AppConfig, ConfigError, describeSettings, loadConfig, SETTINGS } from './app-config.js';
