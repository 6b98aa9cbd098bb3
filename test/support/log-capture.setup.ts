import { recordTestLog } from './test-log.js';

/**
 * vitest setup file: log records (JSON lines with "level" and "msg", as src/observability writes
 * them) that test code writes to stdout or stderr, or prints through console, are teed to the
 * per-run log folder for the canary scan. Everything still reaches vitest as before.
 */
const isLogRecord = (line: string) =>
  line.startsWith('{') && line.includes('"level":') && line.includes('"msg":');

function tee(text: string): void {
  for (const line of text.split('\n')) if (isLogRecord(line)) recordTestLog(line);
}

for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array)
      tee(String(chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk));
    return original(chunk, ...rest);
  }) as typeof stream.write;
}
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    tee(args.map((a) => (typeof a === 'string' ? a : '')).join(' '));
    original(...args);
  };
}
