import { type ParseArgsConfig, parseArgs } from 'node:util';
import { AppError } from '../errors/index.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  description: string;
  valueName?: string;
};

/** One `her2` sub-command: its help text is generated from the option specs. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line after `her2 <name>`, e.g. `--image IMG --mask MASK [--out FILE]`. */
  readonly usage: string;
  readonly options: Record<string, OptionSpec>;
  /** Whether positional arguments are accepted (e.g. `her2 inspect DIR`). */
  readonly positionals?: boolean;
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Where a command writes; injected so tests can capture output. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function helpText(command: Command): string {
  const lines = [
    `her2 ${command.name} — ${command.summary}`,
    '',
    `Usage: her2 ${command.name} ${command.usage}`,
    '',
  ];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('Options:');
    for (const [name, spec] of entries) {
      const flag = spec.type === 'string' ? `--${name} ${spec.valueName ?? 'VALUE'}` : `--${name}`;
      lines.push(`  ${flag.padEnd(28)} ${spec.description}`);
    }
  }
  lines.push(`  ${'--help'.padEnd(28)} show this help`);
  return lines.join('\n');
}

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean' } };
  for (const [name, spec] of Object.entries(command.options)) {
    const { description: _d, valueName: _v, ...rest } = spec;
    options[name] = rest;
  }
  try {
    const parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new AppError('usage', `${(error as Error).message} (see: her2 ${command.name} --help)`);
  }
}

/** Reads a required string option or fails with a usage error naming it. */
export function requireString(args: ParsedArgs, name: string, command: string): string {
  const value = args.values[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('usage', `--${name} is required (see: her2 ${command} --help)`);
  }
  return value;
}

/** Reads an optional whole-number option (`fallback` when absent) or fails naming it and the minimum. */
export function wholeNumberOption(args: ParsedArgs, name: string, fallback: number, min: number): number {
  const value = args.values[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new AppError('usage', `--${name} must be a whole number ≥ ${min}, found ${String(value)}`);
  return n;
}
