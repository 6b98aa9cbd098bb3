import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AppError } from '../errors/index.js';

/** Every regular file under `dir` (recursively, sorted), as bytes named by their relative path. */
export async function readFolderFiles(dir: string): Promise<{ name: string; bytes: Uint8Array }[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .sort();
  } catch (cause) {
    throw new AppError('folder_unreadable', `cannot read folder ${dir}`, { cause });
  }
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const file of entries)
    files.push({ name: relative(dir, file), bytes: new Uint8Array(await readFile(file)) });
  return files;
}
