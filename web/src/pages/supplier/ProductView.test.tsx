// Supplier product page: the opening hours of an OPENING_HOURS product are shown and edited, sent
// with PATCH, and a server error about one of them lands under its input.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../../test/render';
import ProductView from './ProductView';

afterEach(() => vi.unstubAllGlobals());
const SLOW = 60_000;
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no session' } } };

const product = (availabilityType: string, openingHours: unknown[]) => ({
  id: 'm1',
  internalName: 'Museum',
  texts: { en: { title: 'Museum', shortDescription: '', description: '' } },
  city: 'Madrid',
  country: 'ES',
  category: 'museum',
  durationMinutes: 120,
  timeZone: 'Europe/Madrid',
  currency: 'EUR',
  availabilityType,
  cutoffMinutes: 0,
  horizonDays: 365,
  openingHours,
  cancellation: { freeUntilHours: 24, feePercent: 100 },
  meetingPoint: null,
  pickupPoints: [],
  options: [{ id: 'DEFAULT', name: 'Entry', units: [{ id: 'adult', type: 'ADULT', name: 'Adult', retail: 1500, net: 1200 }] }],
  extras: [],
  questions: [],
});

describe('Supplier product page: opening hours', () => {
  it('edits the hours and shows a field error from the server under the input', async () => {
    const hours = [{ weekdays: [1, 2, 3, 4, 5], open: '09:00', close: '18:00', from: '2026-01-01', to: null, dailyCapacity: 100 }];
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products/m1': () => ({ status: 200, body: { product: product('OPENING_HOURS', hours) } }),
      'PATCH /api/v1/extranet/products/m1': () => ({
        status: 400,
        body: { error: { code: 'INVALID_ARGUMENT', message: 'overlaps openingHours.0 (09:00-18:00) on Monday', field: 'openingHours.1.open' } },
      }),
    });
    renderAt('/supplier/products/m1', '/supplier/products/:id', <ProductView />);
    const u = userEvent.setup({ delay: null });
    const first = within(await screen.findByTestId('opening-hours-0'));
    expect(first.getByRole('textbox', { name: 'Opens' })).toHaveValue('09:00');
    await u.click(screen.getByRole('button', { name: 'Add opening hours' }));
    const second = within(screen.getByTestId('opening-hours-1'));
    await u.clear(second.getByRole('textbox', { name: 'Opens' }));
    await u.paste('17:00');
    await u.clear(second.getByRole('textbox', { name: 'Closes' }));
    await u.paste('20:00');
    await u.click(screen.getByRole('button', { name: 'Save' }));

    const opens = second.getByRole('textbox', { name: 'Opens' });
    await waitFor(() => expect(opens).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('overlaps openingHours.0 (09:00-18:00) on Monday')).toBeInTheDocument();
    expect(opens).toHaveValue('17:00');
    const body = calls.find((c) => c.method === 'PATCH')!.body as { openingHours: Record<string, unknown>[] };
    expect(body.openingHours).toHaveLength(2);
    expect(body.openingHours[0]).toEqual(hours[0]);
    expect(body.openingHours[1]).toMatchObject({ weekdays: [1, 2, 3, 4, 5], open: '17:00', close: '20:00', dailyCapacity: null });
  }, SLOW);

  it('has no opening hours editor for a START_TIME product and sends none', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products/m1': () => ({ status: 200, body: { product: product('START_TIME', []) } }),
      'PATCH /api/v1/extranet/products/m1': () => ({ status: 200, body: { product: product('START_TIME', []) } }),
    });
    renderAt('/supplier/products/m1', '/supplier/products/:id', <ProductView />);
    const u = userEvent.setup({ delay: null });
    await u.click(await screen.findByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(screen.queryByTestId('opening-hours')).toBeNull();
    const body = calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>;
    expect(body.openingHours).toBeUndefined();
  }, SLOW);
});

describe('Supplier product page: languages', () => {
  it("names options, units, extras and questions in the reader's language", async () => {
    const p = {
      ...product('START_TIME', []),
      category: 'walking_tour',
      options: [
        {
          id: 'es',
          name: 'In Spanish',
          names: { en: 'In Spanish', es: 'En español' },
          units: [{ id: 'adult', type: 'ADULT', name: 'Adult', names: { es: 'Adulto' }, retail: 1500, net: 1200 }],
        },
      ],
      extras: [{ id: 'tapas', name: 'Tapas tasting', names: { es: 'Degustación de tapas' }, retail: 1200, net: 900, maxQuantity: 4 }],
      questions: [{ id: 'diet', label: 'Dietary needs', labels: { es: 'Necesidades alimentarias' }, kind: 'text', perParticipant: false, required: false }],
    };
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products/m1': () => ({ status: 200, body: { product: p } }),
    });
    renderAt('/supplier/products/m1', '/supplier/products/:id', <ProductView />, 'es');
    expect(await screen.findByText('En español')).toBeInTheDocument();
    expect(screen.getAllByText(/Adulto/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Degustación de tapas/)).toBeInTheDocument();
    expect(screen.getByText(/Necesidades alimentarias · texto/)).toBeInTheDocument();
    expect(screen.getByText(/walking tour/)).toBeInTheDocument();
    expect(screen.queryByText('In Spanish')).toBeNull();
  }, SLOW);
});
