export * from './analyze-study-files.js';
export * from './study-inputs.js';
