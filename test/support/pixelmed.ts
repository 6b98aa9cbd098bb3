import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * PixelMed's DicomSRValidator (Debian libpixelmed-java): checks an SR against its TID templates.
 * It needs 1-4 minutes on the shared build machine, so tests run it only with HER2_PIXELMED=1.
 * On Java 17 its XPath use needs the jdk.xml limits lifted.
 */

export const PIXELMED_JAR = '/usr/share/java/pixelmed.jar';

const hasJava =
  spawnSync('sh', ['-c', 'command -v java']).status === 0 &&
  spawnSync('test', ['-f', PIXELMED_JAR]).status === 0;

/** Whether the validator is installed. */
export const pixelmedInstalled = hasJava;
/** Whether tests should run it (installed and HER2_PIXELMED=1). */
export const runPixelmed = hasJava && process.env.HER2_PIXELMED === '1';
/** Why PixelMed tests are skipped, or null when they run. */
export const pixelmedSkipReason = runPixelmed
  ? null
  : hasJava
    ? 'set HER2_PIXELMED=1 to run it (takes minutes)'
    : 'java or pixelmed.jar missing';

/** Runs DicomSRValidator on a file; returns its report. */
export function pixelmedValidateFile(file: string): string {
  return execFileSync(
    'java',
    [
      '-Djdk.xml.xpathExprGrpLimit=0',
      '-Djdk.xml.xpathExprOpLimit=0',
      '-Djdk.xml.xpathTotalOpLimit=0',
      '-cp',
      PIXELMED_JAR,
      'com.pixelmed.validate.DicomSRValidator',
      file,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Runs DicomSRValidator on SR bytes; returns its report. */
export function pixelmedValidate(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'her2-pixelmed-'));
  try {
    const file = path.join(dir, 'sr.dcm');
    writeFileSync(file, bytes);
    return pixelmedValidateFile(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
