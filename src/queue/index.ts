export * from './analysis-queue.js';
export * from './analysis-worker.js';
export * from './job-schemas.js';
export * from './redis-listener-store.js';
export * from './thread-runner.js';
