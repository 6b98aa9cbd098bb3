import { describe, expect, it } from 'vitest';
import { parseModelsConfig } from '../../model/models-config.js';
import { runCli } from '../run-cli.js';
import { markSynthetic, SYNTHETIC_LABEL } from './study.js';

describe('her2 study', () => {
  it('marks every model synthetic, in its title and intended use', () => {
    const config = markSynthetic(parseModelsConfig({}));
    expect(config.synthetic).toBe(true);
    expect(config.intendedUse.startsWith(SYNTHETIC_LABEL)).toBe(true);
    expect(config.models).toHaveLength(8);
    expect(config.models.every((m) => m.title.endsWith(`(${SYNTHETIC_LABEL})`))).toBe(true);
    // Applied twice (a config that already says so) the label is not repeated.
    expect(markSynthetic(config).models[0]!.title).toBe(config.models[0]!.title);
  });

  it('refuses bad options before generating anything', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t), env: {}, cwd: '/nonexistent' };
    expect(await runCli(['study', '--out', 'x', '--export', 'all_peri'], io)).not.toBe(0);
    expect(err.join('')).toContain('--export must be MODEL=FILE');
    expect(await runCli(['study', '--out', 'x', '--patients', '5'], io)).not.toBe(0);
    expect(err.join('')).toContain('--patients must be a whole number ≥ 6');
  });
});
