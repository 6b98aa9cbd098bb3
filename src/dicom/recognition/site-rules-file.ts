import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../errors/index.js';
import { parseSiteRules, type SiteRules } from './site-rules.js';

/** The shipped defaults, `config/site-rules.default.yaml` at the repository root. */
export const DEFAULT_SITE_RULES_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../config/site-rules.default.yaml',
);

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
