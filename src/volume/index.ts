export * from './geometry.js';
export * from './mask-transfer.js';
export * from './ring.js';
export * from './volume.js';
