export * from './analysis-assets.js';
export * from './analysis-queue.js';
export * from './analysis-thread-input.js';
export * from './analysis-worker.js';
export * from './job-schemas.js';
export * from './redis-listener-store.js';
export * from './study-analysis.js';
export * from './thread-runner.js';
