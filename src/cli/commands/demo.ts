import { AppError } from '../../errors/index.js';
import { checkHealth, startLocalServices } from '../../local-services/index.js';
import type { Command } from '../command.js';

/**
 * The README's demo: starts Redis and Orthanc from Debian's packages on loopback (free ports,
 * temporary data), checks both answer, and stops them. The analysis steps join as they land.
 */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the end-to-end demo on built-in synthetic data (starts and stops its own Redis and Orthanc)',
  usage: '[--keep-data]',
  options: {
    'keep-data': { type: 'boolean', description: 'keep the temporary folder (service logs) after the demo' },
  },
  async run(args, io) {
    const keepData = args.values['keep-data'] === true;
    io.stdout('Starting Redis and Orthanc on loopback (free ports, temporary data folder)...\n');
    const services = await startLocalServices({ keepData, progress: (line) => io.stdout(`  ${line}\n`) });
    try {
      const health = await checkHealth(services);
      const redisOk = health.redis?.ok === true;
      const orthancOk = health.orthanc?.ok === true && health.orthanc.dicomWebPlugin;
      io.stdout(`Redis: ${redisOk ? 'healthy (PING answered PONG)' : 'NOT answering'}\n`);
      io.stdout(
        `Orthanc: ${
          orthancOk ? `healthy (version ${health.orthanc?.version}, DICOMweb plugin loaded)` : 'NOT healthy'
        }\n`,
      );
      if (!redisOk || !orthancOk) {
        throw new AppError('demo_failed', `services not healthy (logs in ${services.tempDir})`);
      }
      return 0;
    } finally {
      await services.stop();
      io.stdout(
        keepData ? `Stopped; data and logs kept in ${services.tempDir}\n` : 'Stopped Redis and Orthanc.\n',
      );
    }
  },
};
