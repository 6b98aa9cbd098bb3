export * from './analysis-pacs.js';
export * from './dicomweb.js';
export * from './http.js';
export * from './multipart.js';
export * from './orthanc-rest.js';
export * from './series-headers.js';
