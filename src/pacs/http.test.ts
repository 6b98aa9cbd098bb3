import { describe, expect, it } from 'vitest';
import { PacsHttp } from './http.js';

function fakeFetch(answers: (() => Response)[]) {
  const calls: { url: string; authorization: string | null }[] = [];
  const impl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as typeof fetch;
  return { impl, calls };
}

const refused = () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
};

function client(impl: typeof fetch, attempts = 3) {
  return new PacsHttp({
    baseUrl: 'http://pacs/',
    username: 'u',
    password: 'p',
    attempts,
    backoffMs: 1,
    fetch: impl,
  });
}

describe('PacsHttp', () => {
  it('sends basic auth and retries refused connections and 5xx until an answer', async () => {
    const { impl, calls } = fakeFetch([
      refused,
      () => new Response('', { status: 503 }),
      () => Response.json({ ok: 1 }),
    ]);
    expect(await client(impl).json('/system')).toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual({ url: 'http://pacs/system', authorization: `Basic ${btoa('u:p')}` });
  });

  it('gives up after the last try with a retryable error naming the cause', async () => {
    const { impl } = fakeFetch([refused, refused]);
    await expect(client(impl, 2).json('/system')).rejects.toMatchObject({
      code: 'pacs_unavailable',
      retryable: true,
      message: 'GET /system failed after 2 tries (ECONNREFUSED)',
    });
  });

  it('turns 4xx into non-retryable errors at once, without quoting the body', async () => {
    const { impl, calls } = fakeFetch([() => new Response('unknown 1.2.3.4', { status: 404 })]);
    const error = await client(impl)
      .json('/dicom-web/studies/1.2.840.5/series/1.2.3?x=1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pacs_request_rejected', retryable: false });
    expect((error as Error).message).toBe('GET /dicom-web/studies/{uid}/series/{uid} answered 404');
    expect(calls).toHaveLength(1);
    const unauthorized = fakeFetch([() => new Response('', { status: 401 })]);
    await expect(client(unauthorized.impl).json('/system')).rejects.toMatchObject({
      code: 'pacs_unauthorized',
    });
  });
});
