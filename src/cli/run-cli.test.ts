import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { runCli } from './run-cli.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), env: {}, cwd: '/' },
  };
}

describe('her2 CLI', () => {
  it('lists every command in the overview', async () => {
    const c = io();
    expect(await runCli(['--help'], c.io)).toBe(0);
    for (const command of commands) expect(c.out.join('')).toContain(command.name);
  });

  it.each(commands.map((c) => c.name))('prints help for %s', async (name) => {
    const c = io();
    expect(await runCli([name, '--help'], c.io)).toBe(0);
    expect(c.out.join('')).toContain(`Usage: her2 ${name}`);
  });

  it('fails with one line on an unknown command or option', async () => {
    const c = io();
    expect(await runCli(['frobnicate'], c.io)).toBe(2);
    expect(c.err.join('')).toBe("her2: unknown command 'frobnicate' (see: her2 --help)\n");
    const d = io();
    expect(await runCli([commands[0]!.name, '--no-such-option'], d.io)).toBe(2);
    expect(d.err.join('')).toMatch(/^her2 \w+: usage: Unknown option '--no-such-option'.*\n$/);
  });
});

describe('her2 config', () => {
  it('fails fast with one line naming each bad setting', async () => {
    const c = io();
    c.io.env = { HER2_ORTHANC_USERNAME: 'u', HER2_REDIS_URL: 'localhost:6379' } as never;
    expect(await runCli(['config'], c.io)).toBe(2);
    expect(c.err.join('')).toBe(
      'her2 config: config_invalid: HER2_ORTHANC_PASSWORD is required (Orthanc HTTP password)\n' +
        'HER2_REDIS_URL must be a redis:// or rediss:// URL with a host, e.g. redis://127.0.0.1:6379\n',
    );
  });

  it('masks secrets in the effective configuration', async () => {
    const c = io();
    c.io.env = { HER2_ORTHANC_USERNAME: 'u', HER2_ORTHANC_PASSWORD: 'pw-canary-123' } as never;
    expect(await runCli(['config', '--json'], c.io)).toBe(0);
    const shown = JSON.parse(c.out.join(''));
    expect(shown.HER2_ORTHANC_PASSWORD).toBe('***');
    expect(shown.HER2_WORKER_CONCURRENCY).toBe(1);
    expect(c.out.join('')).not.toContain('pw-canary-123');
  });
});
