// Resellers screen against a stubbed API: contracts listed per reseller, ended behind a
// confirmation, and server errors shown under the input they are about without losing input.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contract } from '../../api/types';
import { renderAt, stubApi } from '../../test/render';
import Resellers from './Resellers';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };
const error = (status: number, code: string, message: string, field?: string) => () => ({
  status,
  body: { error: { code, message, field } },
});

const BASE = '/api/v1/admin/resellers/r1';
const suppliers = {
  status: 200,
  body: {
    items: [
      { id: 's1', name: 'Paseos Madrid', status: 'active', currency: 'EUR', commissionBp: 1500, productCount: 4 },
      { id: 's2', name: 'Tapas Tours', status: 'active', currency: 'EUR', commissionBp: 2000, productCount: 1 },
    ],
  },
};
const contract = (over: Partial<Contract>): Contract => ({
  resellerId: 'r1',
  supplierId: 's1',
  supplierName: 'Paseos Madrid',
  active: true,
  createdAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:00:00Z',
  ...over,
});

/** A small in-memory server: the contracts of reseller r1, changed by POST and DELETE. */
function world(initial: Contract[], overrides: Record<string, Parameters<typeof stubApi>[0][string]> = {}) {
  let contracts = [...initial];
  const calls = stubApi({
    'GET /api/v1/me': () => unauth,
    'GET /api/v1/admin/suppliers': () => suppliers,
    'GET /api/v1/admin/resellers': () => ({
      status: 200,
      body: { items: [{ id: 'r1', name: 'Viajes Sol', status: 'active', email: 'api@sol.test', keys: [] }] },
    }),
    [`GET ${BASE}/contracts`]: () => ({ status: 200, body: { items: contracts } }),
    [`DELETE ${BASE}/contracts/s1`]: () => {
      contracts = contracts.map((k) =>
        k.supplierId === 's1' ? { ...k, active: false, updatedAt: '2026-03-20T10:00:00Z' } : k,
      );
      return { status: 204 };
    },
    ...overrides,
  });
  return calls;
}

describe('Resellers: contracts', () => {
  it('lists each contract with supplier, commission, products, status and dates', async () => {
    world([contract({}), contract({ supplierId: 's2', supplierName: 'Tapas Tours', active: false, updatedAt: '2026-03-15T10:00:00Z' })]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const table = await screen.findByTestId('contracts-Viajes Sol');
    const active = await within(table).findByTestId('contract-Paseos Madrid');
    await within(active).findByText('15 %');
    expect(within(active).getByText('All its products (4)')).toBeInTheDocument();
    expect(within(active).getByText('Active')).toBeInTheDocument();
    expect(within(active).getByText('Mar 1, 2026')).toBeInTheDocument();
    expect(within(active).getByRole('button', { name: 'End contract' })).toBeInTheDocument();
    const ended = within(table).getByTestId('contract-Tapas Tours');
    expect(within(ended).getByText('20 %')).toBeInTheDocument();
    expect(within(ended).getByText('Ended')).toBeInTheDocument();
    expect(within(ended).getByText('Mar 15, 2026')).toBeInTheDocument();
    expect(within(ended).queryByRole('button', { name: 'End contract' })).toBeNull();
    expect(within(ended).getByRole('button', { name: 'Reconnect' })).toBeInTheDocument();
  });

  it('says when a reseller has no contract', async () => {
    world([]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'es');
    expect(await screen.findByTestId('no-contracts')).toHaveTextContent(
      'Aún no hay contratos: sus claves de API no ven ningún producto.',
    );
  });

  it('ends a contract only after confirming, then shows it ended', async () => {
    const calls = world([contract({})]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('contract-Paseos Madrid');

    await u.click(within(row).getByRole('button', { name: 'End contract' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('End the contract between Viajes Sol and Paseos Madrid?');
    await u.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await u.click(within(row).getByRole('button', { name: 'End contract' }));
    await u.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'End contract' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([`${BASE}/contracts/s1`]);
    const after = await screen.findByTestId('contract-Paseos Madrid');
    await within(after).findByText('Ended');
    expect(within(after).getByText('Mar 20, 2026')).toBeInTheDocument();
  });

  it('keeps the dialog open with the server message when ending fails', async () => {
    world([contract({})], {
      [`DELETE ${BASE}/contracts/s1`]: error(404, 'NOT_FOUND', 'no active contract with this supplier', 'supplierId'),
    });
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('contract-Paseos Madrid');
    await u.click(within(row).getByRole('button', { name: 'End contract' }));
    const dialog = await screen.findByRole('dialog');
    await u.click(within(dialog).getByRole('button', { name: 'End contract' }));
    expect(await within(dialog).findByTestId('end-contract-error')).toHaveTextContent(
      'no active contract with this supplier',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('connects a supplier; a server error lands under the supplier input and the choice stays', async () => {
    let fail = true;
    const calls = world([], {
      [`POST ${BASE}/contracts`]: () =>
        fail
          ? error(404, 'NOT_FOUND', 'supplier not found', 'supplierId')()
          : { status: 201, body: { contract: contract({ supplierId: 's2', supplierName: 'Tapas Tours' }) } },
    });
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const card = await screen.findByTestId('reseller-Viajes Sol');
    await within(card).findByTestId('no-contracts');
    const select = within(card).getByRole('combobox', { name: 'Supplier' });
    await u.click(select);
    await u.click(await screen.findByRole('option', { name: 'Tapas Tours' }));
    await u.click(within(card).getByRole('button', { name: 'Connect to supplier' }));

    await waitFor(() => expect(select).toHaveAttribute('aria-invalid', 'true'));
    expect(within(card).getByText('supplier not found')).toBeInTheDocument();
    expect(select).toHaveValue('Tapas Tours');
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ supplierId: 's2' });

    fail = false;
    await u.click(within(card).getByRole('button', { name: 'Connect to supplier' }));
    await waitFor(() => expect(select).not.toHaveAttribute('aria-invalid'));
  });

  it('shows a key error under the key name and keeps what was typed', async () => {
    world([], {
      [`POST ${BASE}/keys`]: error(400, 'INVALID_ARGUMENT', 'name is too long', 'name'),
    });
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const card = await screen.findByTestId('reseller-Viajes Sol');
    const name = within(card).getByRole('textbox', { name: 'Key name' });
    await u.type(name, 'Live OCTO');
    await u.click(within(card).getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(within(card).getByText('name is too long')).toBeInTheDocument();
    expect(name).toHaveValue('Live OCTO');
    expect(within(card).queryByTestId('key-shown')).toBeNull();
  });
});
