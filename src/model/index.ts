/** Model layer: features table, random forest, training workbench, model file. */
export * from './artifact.js';
export * from './canonical-json.js';
export * from './csv.js';
export * from './extraction-settings.js';
export * from './feature-table-csv.js';
export * from './forest/index.js';
export * from './models-config.js';
export * from './training/index.js';
