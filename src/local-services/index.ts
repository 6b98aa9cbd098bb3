export * from './debian-packages.js';
export * from './free-port.js';
export * from './local-services.js';
export * from './managed-process.js';
export * from './orthanc-server.js';
export * from './redis-server.js';
