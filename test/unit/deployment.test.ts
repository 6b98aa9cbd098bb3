import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeSettings, loadConfig } from '../../src/config/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const composePath = path.join(repoRoot, 'docker/compose.yml');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  volumes?: string[];
  networks?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean } | null>;
}

const compose = parse(readFileSync(composePath, 'utf8')) as ComposeFile;
const her2Settings = describeSettings();

/** A value taken from the environment when compose runs: `${VAR}`, `${VAR:?…}`, `${VAR:-…}`. */
const requiredReference = /^\$\{[A-Z0-9_]+:\?[^}]+\}$/;

describe('docker/compose.yml', () => {
  it('runs the listener and the workers from the same image, each by its command', () => {
    const { listener, worker } = compose.services;
    expect(listener?.image).toBe(worker?.image);
    expect(listener?.command).toEqual(['node', 'dist/workers/listener.js']);
    expect(worker?.command).toEqual(['node', 'dist/workers/worker.js']);
  });

  it.each(['listener', 'worker'])('gives the %s every HER2_* setting that has no default', (name) => {
    const environment = compose.services[name]?.environment ?? {};
    const required = her2Settings.filter((s) => s.required).map((s) => s.env);
    expect(required.length).toBeGreaterThan(0);
    for (const env of required) expect(Object.keys(environment), env).toContain(env);
    // Nothing the code does not know: a misspelt variable would be ignored silently.
    const known = new Set(her2Settings.map((s) => s.env));
    for (const env of Object.keys(environment)) expect(known.has(env), env).toBe(true);
  });

  it('takes every secret from the environment, failing when it is missing', () => {
    const secrets = new Set(her2Settings.filter((s) => s.secret || s.required).map((s) => s.env));
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [env, value] of Object.entries(service.environment ?? {})) {
        const isSecret = secrets.has(env) || /PASSWORD|SECRET|AUTH/.test(env);
        if (!isSecret) continue;
        if (env === 'HER2_REDIS_URL') {
          // The URL is fixed; only its password is a reference.
          expect(value, `${name}.${env}`).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379$/);
        } else {
          expect(value, `${name}.${env}`).toMatch(requiredReference);
        }
      }
    }
  });

  it.each(['listener', 'worker'])('gives the %s an environment the configuration accepts', (name) => {
    // Interpolated as compose would: `${VAR:-default}` takes its default, `${VAR:?…}` a
    // placeholder long enough for every length rule (hex, so it is URL-safe too).
    const placeholder = 'abcdef0123456789abcdef0123456789';
    const interpolate = (value: string) =>
      value.replace(/\$\{[A-Z0-9_]+(?::-([^}]*)|:\?[^}]*)\}/g, (_match, fallback?: string) =>
        fallback === undefined ? placeholder : fallback,
      );
    const environment = Object.fromEntries(
      Object.entries(compose.services[name]?.environment ?? {}).map(([env, value]) => [
        env,
        interpolate(String(value)),
      ]),
    );
    const config = loadConfig(environment);
    expect(config.orthancUrl).toBe('http://orthanc:8042');
    expect(config.redisUrl).toBe(`redis://:${placeholder}@redis:6379`);
    expect(config.demoMode).toBe(false);
    expect(config.shadowMode).toBe(true);
  });

  it('never lets a demo model run', () => {
    expect(compose.services.worker?.environment?.HER2_DEMO_MODE).toBe('false');
  });

  it('has a health check for every service', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
    }
    expect(compose.services.redis?.healthcheck?.test?.join(' ')).toContain('redis-cli ping');
    // Orthanc's check logs in (credentials on curl's stdin) and asks /system.
    const orthancCheck = compose.services.orthanc?.healthcheck?.test?.join(' ') ?? '';
    expect(orthancCheck).toContain('$$ORTHANC_PASSWORD');
    expect(orthancCheck).toMatch(/curl .*-K - .*\/system$/);
    expect(compose.services.listener?.healthcheck?.test?.join(' ')).toContain('/healthz');
  });

  it('keeps Orthanc storage and Redis data in named volumes, and Redis on an internal network only', () => {
    expect(Object.keys(compose.volumes ?? {})).toEqual(
      expect.arrayContaining(['orthanc-storage', 'redis-data']),
    );
    expect(compose.services.orthanc?.volumes).toContain('orthanc-storage:/var/lib/orthanc/db');
    expect(compose.services.redis?.volumes).toContain('redis-data:/data');
    const redisNetworks = compose.services.redis?.networks ?? [];
    expect(redisNetworks.length).toBeGreaterThan(0);
    for (const network of redisNetworks) expect(compose.networks?.[network]?.internal, network).toBe(true);
  });

  it('is accepted by docker-compose (when installed)', (context) => {
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      console.log('skipped: docker-compose is not on PATH');
      context.skip();
    }
    // Throwaway values that satisfy every `${VAR:?}`; nothing is started.
    const env = {
      PATH: process.env.PATH ?? '',
      ORTHANC_USERNAME: 'test-user',
      ORTHANC_PASSWORD: 'test-password',
      REDIS_PASSWORD: 'abcdef0123456789',
      HER2_MODEL_PATH: '/models/model.json',
      HER2_MODELS_DIR: repoRoot,
      HER2_LOG_SALT: 'test-salt-0123456789',
      HER2_OPS_USERNAME: 'ops',
      HER2_OPS_PASSWORD: 'test-ops-password',
      HER2_WEBHOOK_SECRET: 'test-webhook-secret-0123456789',
    };
    const ok = spawnSync('docker-compose', ['-f', composePath, 'config', '-q'], { encoding: 'utf8', env });
    expect(ok.status, ok.stderr).toBe(0);
    // And without a secret, compose refuses to run.
    const { ORTHANC_PASSWORD: _omitted, ...missing } = env;
    const refused = spawnSync('docker-compose', ['-f', composePath, 'config', '-q'], {
      encoding: 'utf8',
      env: missing,
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('ORTHANC_PASSWORD');
  });
});

describe('docker/redis.conf', () => {
  const lines = readFileSync(path.join(repoRoot, 'docker/redis.conf'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('persists every write and never evicts queue keys', () => {
    expect(lines).toEqual(
      expect.arrayContaining([
        'appendonly yes',
        'appendfsync everysec',
        'maxmemory-policy noeviction',
        'protected-mode yes',
      ]),
    );
  });

  it('holds no password (it comes from the environment)', () => {
    expect(lines.some((line) => line.startsWith('requirepass'))).toBe(false);
  });
});

describe('orthanc-config/orthanc.production.json', () => {
  const config = JSON.parse(
    readFileSync(path.join(repoRoot, 'orthanc-config/orthanc.production.json'), 'utf8'),
  ) as Record<string, unknown> & { DicomWeb?: Record<string, unknown> };

  it('is reachable by viewers and our containers, and only with a password', () => {
    expect(config.RemoteAccessAllowed).toBe(true);
    expect(config.AuthenticationEnabled).toBe(true);
  });

  it('holds no credentials (the users file is generated at container start)', () => {
    expect(config.RegisteredUsers).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/password/i);
  });

  it('waits 60 s for a stable study, overwrites retried writes, serves DICOM and DICOMweb', () => {
    expect(config.StableAge).toBe(60);
    expect(config.OverwriteInstances).toBe(true);
    expect(config.DicomServerEnabled).toBe(true);
    expect(config.DicomWeb?.Enable).toBe(true);
    expect(config.DicomWeb?.Ssl).toBe(false);
  });
});

describe('docker/orthanc/entrypoint.sh', () => {
  const entrypoint = path.join(repoRoot, 'docker/orthanc/entrypoint.sh');

  /** Runs the entrypoint with `true` in place of Orthanc, in a temporary config folder. */
  function runEntrypoint(credentials: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'her2-orthanc-entrypoint-'));
    try {
      const result = spawnSync('sh', [entrypoint], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HER2_ORTHANC_CONFIG_SOURCE: path.join(repoRoot, 'orthanc-config'),
          HER2_ORTHANC_CONFIG_DIR: dir,
          HER2_ORTHANC_BIN: 'true',
          ...credentials,
        },
      });
      const read = (name: string) => {
        try {
          return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
        } catch {
          return null;
        }
      };
      return { result, users: read('users.json'), orthanc: read('orthanc.json') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('writes RegisteredUsers from the environment as a JSON file Orthanc merges', () => {
    const { result, users, orthanc } = runEntrypoint({
      ORTHANC_USERNAME: 'her2',
      ORTHANC_PASSWORD: 'p4ss-w0rd_x',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(users).toEqual({ RegisteredUsers: { her2: 'p4ss-w0rd_x' } });
    // Beside it, the production configuration unchanged.
    expect(orthanc).toEqual(
      JSON.parse(readFileSync(path.join(repoRoot, 'orthanc-config/orthanc.production.json'), 'utf8')),
    );
  });

  it.each([
    ['a quote', 'pa"ss'],
    ['a backslash', 'pa\\ss'],
    ['a line break', 'pa\nss'],
  ])('refuses a password with %s instead of writing broken JSON', (_what, password) => {
    const { result, users } = runEntrypoint({ ORTHANC_USERNAME: 'her2', ORTHANC_PASSWORD: password });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('must not contain');
    expect(users).toBeNull();
  });

  it('stops naming the variable when a credential is missing', () => {
    const { result, users } = runEntrypoint({ ORTHANC_USERNAME: 'her2' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('ORTHANC_PASSWORD');
    expect(users).toBeNull();
  });
});
