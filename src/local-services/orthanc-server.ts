import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/index.js';
import { freePort } from './free-port.js';
import { type ManagedProcess, startProcess, waitUntilReady } from './managed-process.js';

export interface OrthancCredentials {
  readonly username: string;
  readonly password: string;
}

export interface LocalOrthanc {
  readonly url: string;
  readonly httpPort: number;
  readonly dicomPort: number | null;
  readonly credentials: OrthancCredentials;
  readonly configFile: string;
  readonly process: ManagedProcess;
}

export interface OrthancOptions {
  /** Seconds without new instances before Orthanc reports `StableStudy`. */
  stableAge?: number;
  /** Open a DICOM port (C-STORE tests); off by default. */
  dicom?: boolean;
  /** Reuse ports and credentials (a restart of the same server in fault tests). */
  reuse?: Pick<LocalOrthanc, 'httpPort' | 'dicomPort' | 'credentials'>;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORTHANC_TEST_TEMPLATE = join(repoRoot, 'orthanc-config', 'orthanc.test.json');

export function basicAuthHeader(credentials: OrthancCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** Orthanc's `/system` document, the part the health check reads. */
export interface OrthancSystem {
  Version: string;
  ApiVersion: number;
  DicomAet: string;
}

export async function orthancSystem(url: string, credentials: OrthancCredentials): Promise<OrthancSystem> {
  const response = await fetch(`${url}/system`, { headers: { authorization: basicAuthHeader(credentials) } });
  if (!response.ok) throw new AppError('orthanc_unavailable', `GET /system answered ${response.status}`);
  return (await response.json()) as OrthancSystem;
}

/** Names of the plugins Orthanc loaded (`GET /plugins`). */
export async function orthancPlugins(url: string, credentials: OrthancCredentials): Promise<string[]> {
  const response = await fetch(`${url}/plugins`, {
    headers: { authorization: basicAuthHeader(credentials) },
  });
  if (!response.ok) throw new AppError('orthanc_unavailable', `GET /plugins answered ${response.status}`);
  return (await response.json()) as string[];
}

/**
 * Fills the test template: data folder, ports, `DicomWeb.Host` with the port (else STOW's
 * RetrieveURLs lose it), one generated user. Remote access stays off.
 */
export function fillOrthancTemplate(
  template: Record<string, unknown>,
  values: {
    dataDir: string;
    httpPort: number;
    dicomPort: number | null;
    credentials: OrthancCredentials;
    stableAge: number;
  },
): Record<string, unknown> {
  const text = JSON.stringify(template).replaceAll('@DATA_DIR@', values.dataDir);
  const config = JSON.parse(text) as Record<string, unknown>;
  config.HttpPort = values.httpPort;
  config.DicomServerEnabled = values.dicomPort !== null;
  config.DicomPort = values.dicomPort ?? 0;
  config.StableAge = values.stableAge;
  config.RemoteAccessAllowed = false;
  config.AuthenticationEnabled = true;
  config.RegisteredUsers = { [values.credentials.username]: values.credentials.password };
  const dicomWeb = { ...(config.DicomWeb as Record<string, unknown>) };
  dicomWeb.Host = `127.0.0.1:${values.httpPort}`;
  config.DicomWeb = dicomWeb;
  return config;
}

/** Starts Orthanc on free ports with its storage and index in `dataDir`. */
export async function startOrthanc(dataDir: string, options: OrthancOptions = {}): Promise<LocalOrthanc> {
  const httpPort = options.reuse?.httpPort ?? (await freePort());
  const dicomPort = options.reuse ? options.reuse.dicomPort : options.dicom ? await freePort() : null;
  const credentials = options.reuse?.credentials ?? {
    username: 'her2test',
    password: randomBytes(18).toString('base64url'),
  };
  const template = JSON.parse(await readFile(ORTHANC_TEST_TEMPLATE, 'utf8')) as Record<string, unknown>;
  const config = fillOrthancTemplate(template, {
    dataDir,
    httpPort,
    dicomPort,
    credentials,
    stableAge: options.stableAge ?? 1,
  });
  await mkdir(join(dataDir, 'storage'), { recursive: true });
  await mkdir(join(dataDir, 'index'), { recursive: true });
  const configFile = join(dataDir, 'orthanc.json');
  await writeFile(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
  const proc = startProcess('Orthanc', 'Orthanc', [configFile], join(dataDir, 'orthanc.log'));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitUntilReady(
    proc,
    async () => {
      await orthancSystem(url, credentials);
      return true;
    },
    30_000,
  );
  return { url, httpPort, dicomPort, credentials, configFile, process: proc };
}
