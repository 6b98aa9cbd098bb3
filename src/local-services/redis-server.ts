import { Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { type ManagedProcess, startProcess, waitUntilReady } from './managed-process.js';

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  readonly process: ManagedProcess;
}

export interface RedisOptions {
  /**
   * Append-only persistence with `appendfsync everysec`, as docker/redis.conf ships it (fault
   * tests); off by default. Each write reaches the AOF (the kernel) before Redis answers and is
   * fsynced within a second: a graceful stop or `kill -9` of the process loses at most the write
   * in flight; a power loss or kernel crash can lose about the last second of acknowledged writes.
   */
  appendOnly?: boolean;
  /** Reuse this port (a restart of the same server in fault tests). */
  port?: number;
}

/** Sends PING over a raw socket and resolves whether PONG came back. */
export function pingRedis(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts redis-server on 127.0.0.1 on a free port with its data in `dataDir`. */
export async function startRedis(dataDir: string, options: RedisOptions = {}): Promise<LocalRedis> {
  const port = options.port ?? (await freePort());
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--protected-mode',
    'yes',
    '--dir',
    dataDir,
    '--save',
    '',
    '--appendonly',
    options.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
  ];
  const proc = startProcess('redis-server', 'redis-server', args, join(dataDir, 'redis.log'));
  await waitUntilReady(proc, () => pingRedis(port), 15_000);
  return { url: `redis://127.0.0.1:${port}`, port, process: proc };
}
