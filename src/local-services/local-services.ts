import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePackages, SERVICE_PACKAGES } from './debian-packages.js';
import {
  type LocalOrthanc,
  type OrthancOptions,
  orthancPlugins,
  orthancSystem,
  startOrthanc,
} from './orthanc-server.js';
import { type LocalRedis, pingRedis, type RedisOptions, startRedis } from './redis-server.js';

/**
 * Redis and Orthanc for tests and the demo: Debian's packages, on loopback, on free ports, with
 * their data in a fresh temporary folder, stopped by their own process ids. Two runs side by side
 * never collide.
 */
export interface LocalServices {
  readonly tempDir: string;
  readonly redis: LocalRedis | null;
  readonly orthanc: LocalOrthanc | null;
  /** Stops what was started and removes the temporary folder (unless `keepData`). */
  stop(): Promise<void>;
}

export interface LocalServicesOptions {
  /** `{ appendOnly: true }`: AOF persistence as in docker/redis.conf (fault tests). */
  redis?: boolean | Omit<RedisOptions, 'port'>;
  orthanc?: boolean | OrthancOptions;
  /** Install missing Debian packages when root (default true). */
  install?: boolean;
  /** Keep the temporary folder after stop (for inspecting logs). */
  keepData?: boolean;
  progress?: (line: string) => void;
  /**
   * Put into the temporary folder's name, which appears in every server's command line: the test
   * script passes its own id so it can check that none of *its* servers outlive the tests.
   */
  runTag?: string;
}

export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const wantRedis = options.redis ?? true;
  const wantOrthanc = options.orthanc ?? true;
  if (options.install ?? true) await ensurePackages(SERVICE_PACKAGES, { progress: options.progress });
  // HER2_TEST_RUN is set by scripts/test.sh (its process id): this harness only serves tests and
  // the demo, and reading the tag here spares every test from passing it.
  const runTag = options.runTag ?? process.env.HER2_TEST_RUN ?? 'local';
  const tempDir = await mkdtemp(join(tmpdir(), `her2-services-${runTag}-`));
  let redis: LocalRedis | null = null;
  let orthanc: LocalOrthanc | null = null;
  const stop = async () => {
    await Promise.all([redis?.process.stop(), orthanc?.process.stop()]);
    if (!options.keepData) await rm(tempDir, { recursive: true, force: true });
  };
  try {
    if (wantRedis) {
      redis = await startRedis(tempDir, typeof wantRedis === 'object' ? wantRedis : {});
      options.progress?.(`redis-server listening on 127.0.0.1:${redis.port} (pid ${redis.process.pid})`);
    }
    if (wantOrthanc) {
      const orthancOptions = typeof wantOrthanc === 'object' ? wantOrthanc : {};
      orthanc = await startOrthanc(join(tempDir, 'orthanc'), orthancOptions);
      options.progress?.(`Orthanc listening on 127.0.0.1:${orthanc.httpPort} (pid ${orthanc.process.pid})`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { tempDir, redis, orthanc, stop };
}

export interface HealthReport {
  redis?: { ok: boolean };
  orthanc?: { ok: boolean; version?: string; dicomWebPlugin: boolean };
}

/** What the demo and `her2 services` print: each service answering, Orthanc's version and plugins. */
export async function checkHealth(services: LocalServices): Promise<HealthReport> {
  const report: HealthReport = {};
  if (services.redis) report.redis = { ok: await pingRedis(services.redis.port) };
  if (services.orthanc) {
    const { url, credentials } = services.orthanc;
    try {
      const system = await orthancSystem(url, credentials);
      const plugins = await orthancPlugins(url, credentials);
      report.orthanc = { ok: true, version: system.Version, dicomWebPlugin: plugins.includes('dicom-web') };
    } catch {
      report.orthanc = { ok: false, dicomWebPlugin: false };
    }
  }
  return report;
}
