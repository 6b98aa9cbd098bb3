export * from './geometry.js';
export * from './volume.js';
