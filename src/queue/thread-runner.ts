import { Worker } from 'node:worker_threads';
import { AppError } from '../errors/index.js';

/**
 * Runs CPU-heavy work in a worker thread so the worker process' event loop stays free: BullMQ
 * renews job locks on it, and a loop blocked by radiomics for longer than the lock duration
 * would let another worker take the job while it is still running.
 *
 * The module at `moduleUrl` runs with `workerData = data`, must post exactly one message
 * `{ ok: true, value }` or `{ ok: false, error: { code, message, retryable } }` and may then
 * exit. Aborting `signal` terminates the thread. `transferList` moves buffers of `data` into the
 * thread (they are unusable here afterwards).
 */

export interface ThreadError {
  code: string;
  message: string;
  retryable: boolean;
}

export type ThreadMessage<T> = { ok: true; value: T } | { ok: false; error: ThreadError };

/**
 * Starts the thread; entry points pass `startWorker` of `src/threads` (tsx loader for
 * .ts). Buffers in `transferList` are moved into the thread, not copied (a study's bytes).
 */
export type ThreadStarter = (
  moduleUrl: URL,
  workerData: unknown,
  transferList?: readonly ArrayBuffer[],
) => Worker;

const plainStart: ThreadStarter = (moduleUrl, workerData, transferList = []) =>
  new Worker(moduleUrl, { workerData, transferList: [...transferList] });

export function runInThread<T>(
  moduleUrl: URL,
  data: unknown,
  signal?: AbortSignal,
  start: ThreadStarter = plainStart,
  transferList: readonly ArrayBuffer[] = [],
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AppError('aborted', 'the work was cancelled before it started', { retryable: true }));
      return;
    }
    const worker = start(moduleUrl, data, transferList);
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    const onAbort = () => {
      settle(() => reject(new AppError('aborted', 'the work was cancelled', { retryable: true })));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (message: ThreadMessage<T>) => {
      settle(() => {
        if (message.ok) resolve(message.value);
        else
          reject(
            new AppError(message.error.code, message.error.message, { retryable: message.error.retryable }),
          );
      });
      void worker.terminate();
    });
    worker.once('error', (error) =>
      settle(() =>
        reject(new AppError('thread_crashed', `worker thread failed: ${error.message}`, { cause: error })),
      ),
    );
    worker.once('exit', (code) =>
      settle(() =>
        reject(new AppError('thread_exited', `worker thread exited with code ${code} without an answer`)),
      ),
    );
  });
}
