import { describeError } from '../errors/index.js';
import { type Command, type CommandIo, helpText, parseCommandArgs } from './command.js';
import { commands } from './commands/index.js';

function overview(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length)) + 2;
  return [
    'her2 — HER-2 status from breast MRI radiomics (research use only)',
    '',
    'Usage: her2 <command> [options]     her2 <command> --help',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
  ].join('\n');
}

/** Runs the CLI and returns the exit code; never throws. */
export async function runCli(
  argv: string[],
  io: CommandIo,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${overview(list)}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    io.stderr(`her2: unknown command '${name}' (see: her2 --help)\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help === true) {
      io.stdout(`${helpText(command)}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    io.stderr(`her2 ${name}: ${describeError(error)}\n`);
    return 2;
  }
}
