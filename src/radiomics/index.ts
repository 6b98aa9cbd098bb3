export * from './diagnostics.js';
export * from './discretise.js';
export * from './extractor.js';
export * from './feature-family.js';
export * from './preprocessing.js';
export * from './registry.js';
export * from './resample.js';
export * from './settings.js';
