import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSettings } from './app-config.js';

/** Cells of the README table row whose first cell is `` `env` ``, trimmed. */
function readmeRow(readme: string, env: string): string[] | undefined {
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells[1] === `\`${env}\``) return cells.slice(1, -1);
  }
  return undefined;
}

describe('README configuration table', () => {
  it('lists every setting with its default', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const s of describeSettings()) {
      const row = readmeRow(readme, s.env);
      expect(row, `README row for ${s.env}`).toBeDefined();
      const expected = s.required ? 'required' : s.default === null ? '—' : `\`${s.default}\``;
      expect(row![2], `default of ${s.env} in README`).toBe(expected);
    }
  });
});
