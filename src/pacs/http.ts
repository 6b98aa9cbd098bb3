import { AppError } from '../errors/index.js';

/**
 * HTTP to the PACS with the retry policy every PACS call shares: transient faults (connection
 * refused or reset, timeouts, 5xx, 429) are retried with exponential backoff; 4xx answers become
 * non-retryable `AppError`s at once. After the last try a transient fault surfaces as a
 * *retryable* `AppError`, so the job queue retries the whole analysis later.
 */

export interface PacsHttpOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Tries per request, first included. @defaultValue 4 */
  attempts?: number;
  /** First retry delay; doubles each try. @defaultValue 250 */
  backoffMs?: number;
  /** Per-request timeout. @defaultValue 60000 */
  timeoutMs?: number;
  /** For tests: replaces the global fetch. */
  fetch?: typeof fetch;
}

export interface PacsRequest {
  method?: string;
  /** Path below the base URL, starting with `/`. */
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Statuses the caller handles itself (returned, not thrown). */
  acceptStatuses?: readonly number[];
  signal?: AbortSignal;
  /** Overrides the tries of this one request (health checks use 1). */
  attempts?: number;
}

export class PacsHttp {
  private readonly authorization: string;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PacsHttpOptions) {
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
    if (this.attempts < 1) throw new AppError('pacs_config_invalid', 'PACS attempts must be at least 1');
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** Sends the request, retrying transient faults; the response body is not yet read. */
  async request(req: PacsRequest): Promise<Response> {
    const method = req.method ?? 'GET';
    // The path (not the full URL) goes into messages: no host, and the caller chose what it shows.
    const what = `${method} ${pathForMessages(req.path)}`;
    let lastProblem = '';
    const attempts = req.attempts ?? this.attempts;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await delay(this.backoffMs * 2 ** (attempt - 2), req.signal);
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.baseUrl}${req.path}`, {
          method,
          headers: { authorization: this.authorization, ...req.headers },
          body: req.body,
          signal,
        });
      } catch (error) {
        if (req.signal?.aborted) throw new AppError('aborted', `${what} was cancelled`, { cause: error });
        lastProblem = networkProblem(error);
        continue;
      }
      if (response.ok || req.acceptStatuses?.includes(response.status)) return response;
      // Bodies are drained, not quoted: Orthanc's error texts can echo UIDs from the request.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        lastProblem = `status ${response.status}`;
        continue;
      }
      throw new AppError(
        response.status === 401 || response.status === 403 ? 'pacs_unauthorized' : 'pacs_request_rejected',
        `${what} answered ${response.status}`,
        { details: { status: response.status } },
      );
    }
    throw new AppError('pacs_unavailable', `${what} failed after ${attempts} tries (${lastProblem})`, {
      retryable: true,
    });
  }

  async json<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await this.request({ path, headers: { accept: 'application/json' }, signal });
    return (await response.json()) as T;
  }
}

/** A short, identifier-free description of a fetch failure (its cause code, e.g. ECONNREFUSED). */
function networkProblem(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The path without its query and with DICOM UIDs replaced by `{uid}`: messages end up in logs and
 * job failure reasons, which never carry study identifiers.
 */
export function pathForMessages(path: string): string {
  return path
    .split('?')[0]!
    .split('/')
    .map((segment) => (/^\d+(\.\d+)+$/.test(segment) ? '{uid}' : segment))
    .join('/');
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('aborted', 'request cancelled'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new AppError('aborted', 'request cancelled'));
      },
      { once: true },
    );
  });
}
