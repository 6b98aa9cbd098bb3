/** Model layer: feature vector, random forest, model file. */
export * from './forest/index.js';
