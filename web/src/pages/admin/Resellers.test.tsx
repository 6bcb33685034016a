// Resellers screen against a stubbed API: contracts listed per reseller with their own terms
// (commission, product selection) and edited in a dialog, ended behind a confirmation, and server
// errors shown under the input they are about without losing input.
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
    'GET /api/v1/admin/suppliers/s1/products': () => ({
      status: 200,
      body: {
        items: [
          { id: 'p1', internalName: 'Old town walk', timeZone: 'Europe/Madrid', currency: 'EUR' },
          { id: 'p2', internalName: 'Tapas night', timeZone: 'Europe/Madrid', currency: 'EUR' },
          { id: 'p3', internalName: 'Prado ticket', timeZone: 'Europe/Madrid', currency: 'EUR' },
        ],
      },
    }),
    [`PATCH ${BASE}/contracts/s1`]: (_url, init) => {
      const terms = JSON.parse(String(init?.body ?? '{}'));
      contracts = contracts.map((k) =>
        k.supplierId === 's1'
          ? { ...k, ...terms, productIds: terms.allProducts ? [] : terms.productIds ?? k.productIds }
          : k,
      );
      return { status: 200, body: { contract: contracts.find((k) => k.supplierId === 's1') } };
    },
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
  it("lists each contract with its own commission, products, status and dates", async () => {
    world([
      contract({ commissionBp: 1250, allProducts: false, productIds: ['p1', 'p2'] }),
      contract({
        supplierId: 's2',
        supplierName: 'Tapas Tours',
        active: false,
        commissionBp: null,
        allProducts: true,
        updatedAt: '2026-03-15T10:00:00Z',
      }),
    ]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const table = await screen.findByTestId('contracts-Viajes Sol');
    const active = await within(table).findByTestId('contract-Paseos Madrid');
    // The contract's commission, not the supplier's platform commission (15 %).
    expect(within(active).getByTestId('contract-commission')).toHaveTextContent('12.5 %');
    expect(within(active).getByTestId('contract-products')).toHaveTextContent('2 selected');
    expect(within(active).getByText('Active')).toBeInTheDocument();
    expect(within(active).getByText('Mar 1, 2026')).toBeInTheDocument();
    expect(within(active).getByRole('button', { name: 'End contract' })).toBeInTheDocument();
    expect(within(active).getByRole('button', { name: 'Edit terms' })).toBeInTheDocument();
    const ended = within(table).getByTestId('contract-Tapas Tours');
    expect(within(ended).getByTestId('contract-commission')).toHaveTextContent('Product net prices');
    await within(ended).findByText('All its products (1)');
    expect(within(ended).getByText('Ended')).toBeInTheDocument();
    expect(within(ended).getByText('Mar 15, 2026')).toBeInTheDocument();
    expect(within(ended).queryByRole('button', { name: 'End contract' })).toBeNull();
    expect(within(ended).getByRole('button', { name: 'Reconnect' })).toBeInTheDocument();
  });

  it('edits the terms: commission and a product selection, saved with PATCH', async () => {
    const calls = world([contract({ commissionBp: null, allProducts: true, productIds: [] })]);
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('contract-Paseos Madrid');
    await u.click(within(row).getByRole('button', { name: 'Edit terms' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Terms: Viajes Sol – Paseos Madrid');
    const commission = within(dialog).getByRole('textbox', { name: /Reseller commission/ });
    await u.type(commission, '12.5');
    const all = within(dialog).getByRole('switch', { name: 'All its products' });
    expect(all).toBeChecked();
    await u.click(all);
    const products = within(dialog).getByRole('combobox', { name: 'Products it may sell' });
    await u.click(products);
    await u.click(await screen.findByRole('option', { name: 'Old town walk' }));
    await u.click(await screen.findByRole('option', { name: 'Prado ticket' }));
    await u.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const patch = calls.filter((c) => c.method === 'PATCH');
    expect(patch.map((c) => c.url)).toEqual([`${BASE}/contracts/s1`]);
    expect(patch[0].body).toEqual({ commissionBp: 1250, allProducts: false, productIds: ['p1', 'p3'] });
    const after = await screen.findByTestId('contract-Paseos Madrid');
    await waitFor(() => expect(within(after).getByTestId('contract-commission')).toHaveTextContent('12.5 %'));
    expect(within(after).getByTestId('contract-products')).toHaveTextContent('2 selected');
  });

  it('shows server errors under the terms input they name and keeps what was typed', async () => {
    let answer = error(400, 'INVALID_ARGUMENT', "'p9' is not a product of this supplier", 'productIds[1]');
    const calls = world([contract({ commissionBp: 1000, allProducts: false, productIds: ['p2', 'p9'] })], {
      [`PATCH ${BASE}/contracts/s1`]: () => answer(),
    });
    renderAt('/admin/resellers', '/admin/resellers', <Resellers />, 'en');
    const u = userEvent.setup({ delay: null });
    const row = await screen.findByTestId('contract-Paseos Madrid');
    await u.click(within(row).getByRole('button', { name: 'Edit terms' }));
    const dialog = await screen.findByRole('dialog');
    const commission = within(dialog).getByRole('textbox', { name: /Reseller commission/ });
    expect(commission).toHaveValue('10');
    await u.clear(commission);
    await u.type(commission, '30');
    // An id the supplier's list lacks stays selected and visible.
    expect((await within(dialog).findAllByText('Tapas night')).length).toBeGreaterThan(0);
    expect(within(dialog).getAllByText('p9').length).toBeGreaterThan(0);
    await u.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText("'p9' is not a product of this supplier")).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(commission).toHaveValue('30');
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      commissionBp: 3000,
      allProducts: false,
      productIds: ['p2', 'p9'],
    });

    answer = error(400, 'INVALID_ARGUMENT', 'commissionBp must be from 0 to 10000 (basis points)', 'commissionBp');
    await u.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(commission).toHaveAttribute('aria-invalid', 'true'));
    expect(within(dialog).getByText('commissionBp must be from 0 to 10000 (basis points)')).toBeInTheDocument();
    expect(within(dialog).queryByText("'p9' is not a product of this supplier")).toBeNull();
    expect(commission).toHaveValue('30');
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
