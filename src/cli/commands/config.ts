import { describeSettings, loadConfig } from '../../config/index.js';
import type { Command } from '../command.js';

/**
 * `her2 config`: checks the environment the way every process does at start-up and shows the
 * effective settings (secrets masked). Exit 2 with one line per bad setting.
 */
export const configCommand: Command = {
  name: 'config',
  summary: 'check the HER2_* environment settings and show the effective configuration (secrets masked)',
  usage: '[--json]',
  options: { json: { type: 'boolean', description: 'print the effective configuration as JSON' } },
  async run(args, io) {
    const config = loadConfig(io.env);
    const shown: Record<string, unknown> = {};
    for (const row of describeSettings()) {
      const value = config[row.key];
      shown[row.env] = row.secret && value !== undefined ? '***' : (value ?? null);
    }
    if (args.values.json === true) {
      io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    } else {
      for (const [env, value] of Object.entries(shown)) io.stdout(`${env}=${value ?? ''}\n`);
    }
    return 0;
  },
};
