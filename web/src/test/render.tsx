import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { vi } from 'vitest';
import { I18nProvider } from '../i18n';
import { SessionProvider } from '../lib/session';
import type { Locale } from '../api/types';

export type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown };

/** fetch stub: routes "METHOD /path" to a handler; records calls. Unknown -> 404. */
export function stubApi(routes: Record<string, Handler>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fn = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.split('?')[0];
    let body: unknown = undefined;
    if (typeof init.body === 'string') body = JSON.parse(init.body);
    calls.push({ method, url, body });
    const h = routes[`${method} ${path}`];
    const r = h ? h(url, init) : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no' } } };
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status: r.status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}

export function renderAt(
  path: string,
  routePattern: string,
  element: ReactElement,
  locale: Locale = 'en',
) {
  // The notifications store outlives a test's render: start each one without another's toasts.
  notifications.clean();
  notifications.cleanQueue();
  return render(
    <MantineProvider env="test">
      <Notifications />
      <SessionProvider>
        <I18nProvider initial={locale}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={routePattern} element={element} />
              <Route path="*" element={<div data-testid="elsewhere" />} />
            </Routes>
          </MemoryRouter>
        </I18nProvider>
      </SessionProvider>
    </MantineProvider>,
  );
}
