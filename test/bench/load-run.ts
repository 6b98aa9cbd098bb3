import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { LocalRedis } from '../../src/local-services/index.js';
import { AnalysisQueue } from '../../src/queue/index.js';
import { derivedUid } from '../../src/synth/random.js';

/**
 * The load run shared by `npm run bench -- load` and the scaled CI test: `studies` analysis jobs
 * queued at once, `workers` worker processes (test/bench/load-worker.ts) draining them; returns
 * throughput, per-study run counts (exactly-once) and each worker's peak RSS.
 */
export interface LoadResult {
  studies: number;
  workers: number;
  /** From the first job queued to the last completed. */
  seconds: number;
  studiesPerSecond: number;
  completed: number;
  failed: number;
  /** How many studies ran 0, 1, 2… times. */
  runHistogram: Record<number, number>;
  perWorker: { pid: number; jobs: number; peakRssMb: number }[];
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

function lines(
  child: ChildProcess,
): AsyncIterable<Record<string, unknown>> & { all: Record<string, unknown>[] } {
  const all: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        all.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not ours
      }
      for (const w of waiters.splice(0)) w();
      nl = buffer.indexOf('\n');
    }
  });
  return {
    all,
    async *[Symbol.asyncIterator]() {
      let seen = 0;
      for (;;) {
        while (seen < all.length) yield all[seen++]!;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
  };
}

async function first(
  stream: AsyncIterable<Record<string, unknown>>,
  test: (l: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  for await (const line of stream) if (test(line)) return line;
  throw new Error('stream ended');
}

export async function runLoad(redis: LocalRedis, studies: number, workers: number): Promise<LoadResult> {
  const id = randomBytes(5).toString('hex');
  const queueName = `load-${id}`;
  const prefix = `load${id}`;
  const queue = new AnalysisQueue({
    connection: { url: redis.url },
    name: queueName,
    prefix,
    attempts: 3,
    backoffMs: 200,
  });
  const client = new Redis(redis.url, { maxRetriesPerRequest: null });
  const children = Array.from({ length: workers }, () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/bench/load-worker.ts')],
      {
        cwd: repoRoot,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          LOAD_REDIS_URL: redis.url,
          LOAD_QUEUE: queueName,
          LOAD_PREFIX: prefix,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return { child, stream: lines(child) };
  });
  try {
    await Promise.all(children.map((c) => first(c.stream, (l) => l.ready === true)));
    const uids = Array.from({ length: studies }, (_, n) => derivedUid('load', id, n));
    const started = performance.now();
    for (const uid of uids) {
      await queue.enqueue(
        {
          studyInstanceUid: uid,
          pacsStudyId: `load-${n(uid)}`,
          inputHash: createHash('sha256').update(uid).digest('hex'),
          inputInstanceCount: 11,
          trigger: 'stable',
          supersedesJobId: null,
          requestedAt: new Date(0).toISOString(),
        },
        `load-${n(uid)}`,
      );
    }
    let completed = 0;
    let failed = 0;
    const deadline = Date.now() + 10 * 60_000;
    while (Date.now() < deadline) {
      completed = await queue.queue.getCompletedCount();
      failed = await queue.queue.getFailedCount();
      if (completed + failed >= studies) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const runs = await client.hgetall(`${prefix}:load:runs`);
    const runHistogram: Record<number, number> = {};
    for (const uid of uids) {
      const count = Number(runs[uid] ?? 0);
      runHistogram[count] = (runHistogram[count] ?? 0) + 1;
    }
    for (const { child } of children) child.kill('SIGTERM');
    const done = await Promise.all(children.map((c) => first(c.stream, (l) => l.done === true)));
    return {
      studies,
      workers,
      seconds,
      studiesPerSecond: studies / seconds,
      completed,
      failed,
      runHistogram,
      perWorker: done.map((d) => ({
        pid: Number(d.pid),
        jobs: Number(d.jobs),
        peakRssMb: Number(d.peakRssMb),
      })),
    };
  } finally {
    for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
    await queue.close();
    client.disconnect();
  }
}

/** A short, colon-free job id part from a UID. */
function n(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 16);
}

export function describeLoad(r: LoadResult): string {
  const rss = r.perWorker.map((w) => `${w.jobs} jobs / peak RSS ${w.peakRssMb.toFixed(0)} MiB`).join('; ');
  return (
    `load: ${r.studies} studies, ${r.workers} worker processes: completed ${r.completed}, failed ${r.failed}, ` +
    `${r.seconds.toFixed(1)} s, ${r.studiesPerSecond.toFixed(1)} studies/s; runs per study ${JSON.stringify(r.runHistogram)}; per worker: ${rss}`
  );
}
