import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running `moduleUrl`. From TypeScript sources (tsx, tests) the worker
 * first registers tsx's loader — worker threads do not inherit it; from the built JavaScript the
 * module runs directly. Buffers in `transferList` move to the thread instead of being copied.
 */
export function startWorker(
  moduleUrl: URL,
  workerData?: unknown,
  transferList: readonly ArrayBuffer[] = [],
): Worker {
  const options = { workerData, transferList: [...transferList] };
  if (moduleUrl.pathname.endsWith('.ts')) {
    const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(moduleUrl.href)}); })`;
    return new Worker(code, { eval: true, ...options });
  }
  return new Worker(moduleUrl, options);
}

/** The sibling module `name` (without extension) of `here`, with the same extension (.ts or .js). */
export function siblingModule(here: string, name: string): URL {
  const extension = here.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, here);
}
