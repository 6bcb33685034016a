// API keys on the Resellers screen against a stubbed API: "last used" in the viewer's locale and
// zone (never raw UTC), Revoke only after a confirmation, and a failed revoke keeps the dialog open
// with the server's message.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiKey } from '../../api/types';
import { formatDateTime, formatUserDateTime, userTimeZone } from '../../lib/format';
import { renderAt, stubApi } from '../../test/render';
import { ApiKeysTable } from './ApiKeysTable';
import Resellers from './Resellers';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };
const BASE = '/api/v1/admin/resellers/r1';
const USED = '2026-03-01T10:00:00Z';

function world(keys: ApiKey[], revoke?: () => { status: number; body?: unknown }) {
  let current = [...keys];
  return stubApi({
    'GET /api/v1/me': () => unauth,
    'GET /api/v1/admin/suppliers': () => ({ status: 200, body: { items: [] } }),
    'GET /api/v1/admin/resellers': () => ({
      status: 200,
      body: { items: [{ id: 'r1', name: 'Viajes Sol', status: 'active', email: 'api@sol.test', keys: current }] },
    }),
    [`GET ${BASE}/contracts`]: () => ({ status: 200, body: { items: [] } }),
    [`POST ${BASE}/keys/k1/revoke`]:
      revoke ??
      (() => {
        current = current.map((k) => (k.id === 'k1' ? { ...k, revokedAt: '2026-03-02T10:00:00Z' } : k));
        return { status: 204 };
      }),
  });
}
const key: ApiKey = { id: 'k1', name: 'octo-live', prefix: 'pk_live_ab', lastUsedAt: USED };

describe('API keys: last used', () => {
  it('is shown in the given zone and locale with the zone name', async () => {
    stubApi({ 'GET /api/v1/me': () => unauth });
    renderAt(
      '/k',
      '/k',
      <ApiKeysTable
        reseller={{ id: 'r1', name: 'Viajes Sol', keys: [key, { ...key, id: 'k2', lastUsedAt: null }] } as never}
        onChanged={() => undefined}
        timeZone="Europe/Madrid"
      />,
      'es',
    );
    const cells = await screen.findAllByTestId('key-last-used');
    // 10:00 UTC is 11:00 in Madrid (CET) on 1 March; Spanish date format.
    expect(cells[0].textContent).toBe(formatUserDateTime(USED, 'es', 'Europe/Madrid'));
    expect(cells[0].textContent).toContain('11:00');
    expect(cells[0].textContent).toMatch(/mar/);
    expect(cells[0].textContent).not.toBe(formatDateTime(USED, 'UTC', 'es'));
    expect(cells[1]).toHaveTextContent('Nunca');
  });

  it("defaults to the browser's zone", async () => {
    vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions').mockReturnValue({
      ...new Intl.DateTimeFormat('en', { timeZone: 'America/New_York' }).resolvedOptions(),
    });
    expect(userTimeZone()).toBe('America/New_York');
    vi.restoreAllMocks();
    world([key]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'fr');
    const cell = await screen.findByTestId('key-last-used');
    expect(cell.textContent).toBe(formatUserDateTime(USED, 'fr', userTimeZone()));
  });
});

describe('API keys: supplier scope', () => {
  it('says which supplier a restricted key is limited to, and "all" for the others', async () => {
    world([key, { id: 'k2', name: 'madrid-only', prefix: 'pk_live_cd', supplierId: 's1' }]);
    renderAt(
      '/x',
      '/x',
      <ApiKeysTable
        reseller={{ id: 'r1', name: 'Viajes Sol', keys: [key, { id: 'k2', name: 'madrid-only', prefix: 'pk_live_cd', supplierId: 's1' }] }}
        onChanged={() => undefined}
        supplierNames={new Map([['s1', 'Paseos Madrid']])}
      />,
      'es',
    );
    const scopes = await screen.findAllByTestId('key-supplier-scope');
    expect(scopes.map((c) => c.textContent)).toEqual(['Todos', 'Paseos Madrid']);
  });
});

describe('API keys: revoke', () => {
  it('asks for confirmation, and revokes only when confirmed', async () => {
    const calls = world([key]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('api-key-row');

    await u.click(within(row).getByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Revoke the key "octo-live" (pk_live_ab…) of Viajes Sol?');
    await u.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.some((c) => c.url.endsWith('/revoke'))).toBe(false);

    await u.click(within(row).getByRole('button', { name: 'Revoke' }));
    await u.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([`${BASE}/keys/k1/revoke`]);
    const after = await screen.findByTestId('api-key-row');
    await within(after).findByText('Revoked');
    expect(within(after).queryByRole('button', { name: 'Revoke' })).toBeNull();
  });

  it('keeps the dialog open with the server message when revoking fails', async () => {
    world([key], () => ({
      status: 403,
      body: { error: { code: 'PERMISSION_DENIED', message: 'only platform admins revoke keys' } },
    }));
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'es');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('api-key-row');
    await u.click(within(row).getByRole('button', { name: 'Revocar' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('¿Revocar la clave «octo-live»');
    await u.click(within(dialog).getByRole('button', { name: 'Revocar' }));
    expect(await within(dialog).findByTestId('revoke-key-error')).toHaveTextContent(
      'only platform admins revoke keys',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Revocar' })).toBeInTheDocument();
  });
});
