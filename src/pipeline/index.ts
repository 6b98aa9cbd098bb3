export * from './analysis-request.js';
export * from './input-hash.js';
export * from './listener.js';
export * from './listener-store.js';
export * from './output-marker.js';
export * from './ports.js';
export * from './qualifier.js';
export * from './site-rules-qualifier.js';
