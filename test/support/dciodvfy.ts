import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const dciodvfyAvailable = hasTool('dciodvfy');
if (!dciodvfyAvailable)
  console.log('dciodvfy not on PATH (Debian dicom3tools): IOD validation tests skipped');

/** Runs dicom3tools' dciodvfy on the bytes; returns its report lines (it writes them to stderr). */
export function dciodvfy(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'her2-dciodvfy-'));
  try {
    const file = path.join(dir, 'object.dcm');
    writeFileSync(file, bytes);
    const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
