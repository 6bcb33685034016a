import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, readCookie, request } from './http';

function mockFetch(status: number, body: unknown) {
  const fn = vi.fn(async (_url: string, _init: RequestInit) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    }),
  );
  vi.stubGlobal('fetch', fn);
  return fn;
}

describe('http client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'paseo_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('reads cookies', () => {
    expect(readCookie('paseo_csrf', 'a=1; paseo_csrf=abc%3D; b=2')).toBe('abc=');
    expect(readCookie('x', 'a=1')).toBeNull();
  });

  it('sends X-CSRF-Token from the paseo_csrf cookie on POST, not on GET', async () => {
    document.cookie = 'paseo_csrf=tok123; path=/';
    const fetch = mockFetch(200, { ok: true });
    await request('/api/v1/x', { method: 'POST', body: { a: 1 } });
    let headers = fetch.mock.calls[0][1].headers as Record<string, string>;
    expect(headers['X-CSRF-Token']).toBe('tok123');
    expect(headers['Content-Type']).toBe('application/json');
    expect(fetch.mock.calls[0][1].body).toBe('{"a":1}');
    await request('/api/v1/x', { query: { q: 'a b', empty: '', page: 2 } });
    headers = fetch.mock.calls[1][1].headers as Record<string, string>;
    expect(headers['X-CSRF-Token']).toBeUndefined();
    expect(fetch.mock.calls[1][0]).toBe('/api/v1/x?q=a+b&page=2');
  });

  it('turns the Paseo error shape into ApiError with code, message and field', async () => {
    mockFetch(400, { error: { code: 'INVALID_ARGUMENT', message: 'bad email', field: 'email' } });
    const err = (await request('/api/v1/x', { method: 'POST', body: {} }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', field: 'email' });
    expect(err.message).toBe('bad email');
  });

  it('copes with a non-JSON error body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>502</html>', { status: 502, statusText: 'Bad Gateway' })));
    const err = await request('/api/v1/x').catch((e) => e);
    expect(err).toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});
