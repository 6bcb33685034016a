// Account screen: a supplier owner sees the pending invitations of the organisation and can revoke
// one (DELETE /organisation/invitations/{id}); accepted/revoked/expired ones are not listed.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../test/render';
import Account from './Account';

afterEach(() => vi.unstubAllGlobals());

const me = (role: string) => () => ({
  status: 200,
  body: {
    user: { id: 'u1', email: 'owner@tapas.es', name: 'Ana', roles: [role], locale: 'en' },
    organisation: { id: 'o1', kind: 'supplier', name: 'Tapas Tours', status: 'active' },
  },
});
const users = () => ({
  status: 200,
  body: { items: [{ id: 'u1', email: 'owner@tapas.es', name: 'Ana', role: 'supplier_owner', status: 'active' }] },
});

describe('Account: pending invitations', () => {
  it('lists pending invitations only and revokes one', async () => {
    let invitations = [
      { id: 'i1', email: 'luis@tapas.es', name: 'Luis', role: 'supplier_staff', status: 'pending', createdAt: '2026-11-20T10:00:00Z', expiresAt: '2026-11-27T10:00:00Z' },
      { id: 'i2', email: 'marta@tapas.es', name: 'Marta', role: 'supplier_staff', status: 'accepted', createdAt: '2026-11-01T10:00:00Z', expiresAt: '2026-11-08T10:00:00Z' },
      { id: 'i3', email: 'old@tapas.es', name: 'Old', role: 'supplier_staff', status: 'expired', createdAt: '2026-10-01T10:00:00Z', expiresAt: '2026-10-08T10:00:00Z' },
    ];
    const calls = stubApi({
      'GET /api/v1/me': me('supplier_owner'),
      'GET /api/v1/organisation/users': users,
      'GET /api/v1/organisation/invitations': () => ({ status: 200, body: { items: invitations } }),
      'DELETE /api/v1/organisation/invitations/i1': () => {
        invitations = invitations.map((i) => (i.id === 'i1' ? { ...i, status: 'revoked' } : i));
        return { status: 204 };
      },
    });
    renderAt('/account', '/account', <Account />);
    const list = await screen.findByTestId('invitations');
    const row = await within(list).findByTestId('invitation-i1');
    expect(row).toHaveTextContent('luis@tapas.es');
    expect(row).toHaveTextContent('Staff');
    expect(row).toHaveTextContent(/Expires/);
    expect(within(list).queryByText('marta@tapas.es')).toBeNull();
    expect(within(list).queryByText('old@tapas.es')).toBeNull();

    await userEvent.click(within(row).getByRole('button', { name: 'Revoke luis@tapas.es' }));
    await waitFor(() => expect(within(list).queryByTestId('invitation-i1')).toBeNull());
    expect(within(screen.getByTestId('invitations')).getByText('No pending invitations.')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'DELETE' && c.url.endsWith('/organisation/invitations/i1'))).toBe(true);
  });

  it('shows the server message when revoking fails and keeps the invitation', async () => {
    stubApi({
      'GET /api/v1/me': me('supplier_owner'),
      'GET /api/v1/organisation/users': users,
      'GET /api/v1/organisation/invitations': () => ({
        status: 200,
        body: { items: [{ id: 'i1', email: 'luis@tapas.es', role: 'supplier_staff', status: 'pending', expiresAt: '2026-11-27T10:00:00Z' }] },
      }),
      'DELETE /api/v1/organisation/invitations/i1': () => ({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'invitation not found' } },
      }),
    });
    renderAt('/account', '/account', <Account />, 'es');
    const row = await screen.findByTestId('invitation-i1');
    expect(screen.getByText('Invitaciones pendientes')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Revocar luis@tapas.es' }));
    expect(await screen.findByText('invitation not found')).toBeInTheDocument();
    expect(screen.getByTestId('invitation-i1')).toBeInTheDocument();
  });

  it('does not ask for invitations as supplier staff', async () => {
    const calls = stubApi({
      'GET /api/v1/me': me('supplier_staff'),
      'GET /api/v1/organisation/users': users,
    });
    renderAt('/account', '/account', <Account />);
    expect(await screen.findByText('owner@tapas.es', { selector: 'td' })).toBeInTheDocument();
    expect(screen.queryByTestId('invitations')).toBeNull();
    expect(calls.some((c) => c.url.includes('/organisation/invitations'))).toBe(false);
  });
});
