/**
 * Worker-thread start-up shared by the CLI (feature extraction, synthetic cohorts) and the queue
 * workers (radiomics off the event loop): a neutral home so that neither layer imports the other.
 */
export { siblingModule, startWorker } from './start-worker.js';
