import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../errors/index.js';
import { parseSiteRules, type SiteRules } from './site-rules.js';

/**
 * The shipped defaults, `config/site-rules.default.yaml` at the repository root. Found relative to
 * this module both when run from source (src/dicom/recognition) and when built (dist/src/...).
 */
export const DEFAULT_SITE_RULES_PATH = defaultRulesPath();

function defaultRulesPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = ['../../..', '../../../..'].map((up) =>
    path.resolve(here, up, 'config/site-rules.default.yaml'),
  );
  return candidates.find((file) => existsSync(file)) ?? candidates[0]!;
}

/** Reads and validates a site rules file (the only I/O of recognition). */
export async function readSiteRulesFile(file: string = DEFAULT_SITE_RULES_PATH): Promise<SiteRules> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('site_rules_unreadable', `site rules file ${path.basename(file)} cannot be read`, {
      cause,
      details: { file },
    });
  }
  return parseSiteRules(text, path.basename(file));
}
