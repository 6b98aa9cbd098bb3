import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { type AppConfig, inputLimitsOf, loadConfig } from '../src/config/index.js';
import { describeError } from '../src/errors/index.js';
import { createLogger, type Logger, randomSalt, studyKey } from '../src/observability/index.js';
import { DicomWebClient, OrthancRest, PacsHttp } from '../src/pacs/index.js';

/**
 * What both processes share: configuration from the environment (the only place `process.env`
 * is read), the logger, the PACS clients, the ops server and the SIGTERM/SIGINT handling.
 */
export interface Runtime {
  config: AppConfig;
  logger: Logger;
  studyKey: (studyInstanceUid: string) => string;
  http: PacsHttp;
  rest: OrthancRest;
  dicomWeb: DicomWebClient;
}

export function startRuntime(component: string): Runtime {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, fields: { component } });
  const salt = config.logSalt ?? randomSalt();
  const http = new PacsHttp({
    baseUrl: config.orthancUrl,
    username: config.orthancUsername,
    password: config.orthancPassword,
  });
  return {
    config,
    logger,
    studyKey: (uid) => studyKey(salt, uid),
    http,
    rest: new OrthancRest(http),
    dicomWeb: new DicomWebClient(http, '/dicom-web', inputLimitsOf(config).maxInstanceBytes),
  };
}

/** Serves the ops app on `port` (0 = not at all); resolves with a closer. */
export async function serveOps(app: Express, port: number, logger: Logger): Promise<() => Promise<void>> {
  if (port === 0) return async () => {};
  const server: Server = createServer(app);
  // Slow clients cannot hold connections open for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(port, resolve));
  logger.info('ops server listening', { port });
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Runs `stop` once on the first SIGTERM or SIGINT; a second signal exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutting down', { signal });
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: describeError(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
