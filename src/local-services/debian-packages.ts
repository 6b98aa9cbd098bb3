import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError } from '../errors/index.js';

const run = promisify(execFile);

/** Debian packages the services harness and the DICOM validation tests need. */
export const SERVICE_PACKAGES = ['redis-server', 'orthanc', 'orthanc-dicomweb'] as const;
/** Validators the tests run on what we write (each check skips with a printed reason where its tool is absent). */
export const VALIDATION_PACKAGES = [
  'dicom3tools',
  'dcmtk',
  'libpixelmed-java',
  'default-jre-headless',
  'poppler-utils',
  'docker-compose',
] as const;
export const REQUIRED_PACKAGES: readonly string[] = [...SERVICE_PACKAGES, ...VALIDATION_PACKAGES];

/** Which of `packages` dpkg does not report as installed. */
export async function missingPackages(packages: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) {
    try {
      // dpkg-query's own format syntax, not a template literal
      // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format string
      const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', name]);
      if (!stdout.includes('install ok installed')) missing.push(name);
    } catch {
      missing.push(name);
    }
  }
  return missing;
}

export interface EnsurePackagesOptions {
  /** Called with a line of progress for the person waiting. */
  progress?: (line: string) => void;
}

/**
 * Installs what is missing when running as root; otherwise fails with the exact command to run.
 * apt's services are not started: the harness starts its own instances on free ports.
 */
export async function ensurePackages(
  packages: readonly string[] = REQUIRED_PACKAGES,
  options: EnsurePackagesOptions = {},
): Promise<void> {
  const missing = await missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new AppError('system_packages_missing', `missing Debian packages; run as root: ${command}`, {
      details: { missing },
    });
  }
  options.progress?.(`installing Debian packages: ${missing.join(' ')}`);
  // policy-rc.d 101 keeps apt from starting the packaged services (we start our own on free ports).
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', RUNLEVEL: '1' };
  try {
    await run('apt-get', ['update', '-q'], { env, maxBuffer: 64 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    throw new AppError(
      'system_packages_install_failed',
      `could not install ${missing.join(' ')}: ${command}`,
      {
        cause: error,
      },
    );
  }
  const still = await missingPackages(missing);
  if (still.length > 0) {
    throw new AppError('system_packages_install_failed', `still missing after apt-get: ${still.join(' ')}`);
  }
}
