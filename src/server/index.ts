export * from './basic-auth.js';
export * from './dashboard.js';
export * from './metrics.js';
export * from './ops-app.js';
