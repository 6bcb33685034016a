import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, readCookie, request, setRequestLocale } from './http';
import '../i18n'; // registers the server message translator, as the app's I18nProvider module does

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

  it('shows a keyed server error in the request language, with its params', async () => {
    const body = {
      error: {
        code: 'RATE_LIMITED',
        message: 'too many login attempts from this address; try again later',
        key: 'auth.tooManyAttempts',
        params: { seconds: '42' },
      },
    };
    try {
      for (const [locale, text] of [
        ['es', 'Demasiados intentos: vuelve a probar dentro de 42 s.'],
        ['fr', 'Trop de tentatives : réessayez dans 42 s.'],
        ['en', 'Too many attempts: try again in 42 s.'],
      ]) {
        setRequestLocale(locale);
        mockFetch(429, body);
        const err = (await request('/api/v1/x', { method: 'POST' }).catch((e) => e)) as ApiError;
        expect(err).toMatchObject({ status: 429, code: 'RATE_LIMITED', key: 'auth.tooManyAttempts' });
        expect(err.message).toBe(text);
      }
      // Local dates and wall times in params are written the reader's way.
      setRequestLocale('es');
      mockFetch(409, {
        error: {
          code: 'CONFLICT',
          message: 'departure 2026-12-04 10:00 has 5 seats sold, more than 3',
          key: 'calendar.belowSold',
          params: { date: '2026-12-04', time: '10:00', sold: '5', capacity: '3' },
        },
      });
      let keyed = (await request('/api/v1/x', { method: 'POST' }).catch((e) => e)) as ApiError;
      expect(keyed.message).toBe('La salida del 4 de diciembre de 2026 a las 10:00 tiene 5 plazas vendidas, más de 3.');
      setRequestLocale('en');
      mockFetch(409, {
        error: { code: 'CONFLICT', message: 'x', key: 'calendar.belowSold', params: { date: '2026-12-04', time: '17:00', sold: '5', capacity: '3' } },
      });
      keyed = (await request('/api/v1/x', { method: 'POST' }).catch((e) => e)) as ApiError;
      expect(keyed.message).toBe('The departure on December 4, 2026 at 5:00 PM has 5 seats sold, more than 3.');
      // A key the dictionaries do not know, or no key: the server's English, as sent.
      setRequestLocale('es');
      mockFetch(409, { error: { code: 'CONFLICT', message: 'odd state', key: 'booking.noSuchKey' } });
      let err = (await request('/api/v1/x', { method: 'POST' }).catch((e) => e)) as ApiError;
      expect(err.message).toBe('odd state');
      mockFetch(409, { error: { code: 'CONFLICT', message: 'plain', params: 'junk' } });
      err = (await request('/api/v1/x', { method: 'POST' }).catch((e) => e)) as ApiError;
      expect(err.message).toBe('plain');
    } finally {
      setRequestLocale(null);
    }
  });

  it('copes with a non-JSON error body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>502</html>', { status: 502, statusText: 'Bad Gateway' })));
    const err = await request('/api/v1/x').catch((e) => e);
    expect(err).toMatchObject({ status: 502, code: 'HTTP_502' });
  });
});
