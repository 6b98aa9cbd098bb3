export * from './geometry.js';
export * from './ring.js';
export * from './volume.js';
