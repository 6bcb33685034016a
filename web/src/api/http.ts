// Low-level fetch wrapper: JSON in/out, CSRF header, Paseo's one error shape.
//   {"error":{"code":"INVALID_ARGUMENT","message":"...","field":"email","key":"field.required"}}
// An error with a message key (and its params) reaches the screens in the user's language: the
// ApiError's message is the dictionary's "server.<key>" text, else the server's English.
// Every non-GET request carries X-CSRF-Token = the `paseo_csrf` cookie (double-submit token set by
// the accounts API at login).

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  /** The server's message key ("booking.soldOut"), when it sent one. */
  readonly key?: string;
  constructor(status: number, code: string, message: string, field?: string, key?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.key = key;
  }
}

/** Turns a server message key and its params into the user's language; null when the key has no
 *  text. Set by the i18n module when it loads (http.ts cannot import it: it imports http.ts). */
export type ServerMessageTranslator = (
  locale: string | null,
  key: string,
  params: Record<string, string>,
) => string | null;
let serverMessages: ServerMessageTranslator | null = null;
export function setServerMessageTranslator(fn: ServerMessageTranslator | null): void {
  serverMessages = fn;
}

export const CSRF_COOKIE = 'paseo_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when any request answers 401 (session expired): the app goes back to /login. */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

// The UI language, sent as Accept-Language on every request so the extranet and back-office reads
// answer product, option, extra and question texts in it (the server falls back to the user's
// stored language, then English). Set by I18nProvider whenever the language changes.
let requestLocale: string | null = null;
export function setRequestLocale(locale: string | null): void {
  requestLocale = locale;
}
export function getRequestLocale(): string | null {
  return requestLocale;
}

interface ServerError {
  code?: string;
  message?: string;
  field?: string;
  key?: string;
  params?: Record<string, string>;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Don't broadcast a 401 (login form, /me probe). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      params.set(k, String(v));
    }
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (requestLocale) headers['Accept-Language'] = requestLocale;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body instanceof Blob) {
    body = opts.body;
    headers['Content-Type'] = opts.body.type || 'application/octet-stream';
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    const token = readCookie(CSRF_COOKIE);
    if (token) headers[CSRF_HEADER] = token;
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message || 'network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!res.ok) {
    const err = (json as { error?: ServerError } | undefined)?.error;
    if (res.status === 401 && !opts.quiet401) unauthenticatedListeners.forEach((fn) => fn());
    const key = typeof err?.key === 'string' ? err.key : undefined;
    const params = err?.params && typeof err.params === 'object' ? err.params : {};
    const translated = key && serverMessages ? serverMessages(requestLocale, key, params) : null;
    throw new ApiError(
      res.status,
      err?.code ?? `HTTP_${res.status}`,
      translated ?? err?.message ?? (res.statusText || `HTTP ${res.status}`),
      err?.field,
      key,
    );
  }
  return json as T;
}
