// Product loading form: booking-level prices (private tours) and extras / pickup points per
// language reach the request body, and server errors about them land under their inputs.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../../test/render';
import ProductFormPage from './ProductForm';

afterEach(() => vi.unstubAllGlobals());
// The whole form re-renders per keystroke; on the shared 2-core machine that can take a while.
const SLOW = 60_000;
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no session' } } };
const supplier = {
  status: 200,
  body: { supplier: { id: 's1', name: 'Tapas', status: 'active', currency: 'EUR', timezone: 'Europe/Madrid' } },
};
const badRequest = (field: string, message: string) => () => ({
  status: 400,
  body: { error: { code: 'INVALID_ARGUMENT', message, field } },
});
const renderNew = () =>
  renderAt('/admin/suppliers/s1/products/new', '/admin/suppliers/:supplierId/products/new', <ProductFormPage />);

type Body = {
  options: { pricePer: string; bookingPrice: unknown; units: Record<string, unknown>[] }[];
  extras: Record<string, unknown>[];
  pickupPoints: Record<string, unknown>[];
};

describe('Product form: price per booking', () => {
  it('sends bookingPrice in minor units for a BOOKING option and shows its server error under the input', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => supplier,
      'POST /api/v1/admin/suppliers/s1/products': badRequest(
        'options.0.bookingPrice.net',
        'net price must not exceed retail',
      ),
    });
    renderNew();
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.click(el);
      await u.paste(text);
    };
    await fill(await screen.findByLabelText(/Internal name/), 'Private Toledo tour');
    expect(screen.queryByRole('textbox', { name: 'Retail price per booking' })).toBeNull();
    await u.click(screen.getByRole('combobox', { name: 'Price per' }));
    await u.click(await screen.findByRole('option', { name: 'Booking (private)' }));
    // unit prices are not asked for a booking-priced option
    expect(screen.queryByRole('textbox', { name: 'Retail price' })).toBeNull();
    await fill(screen.getByRole('textbox', { name: 'Retail price per booking' }), '250');
    await fill(screen.getByRole('textbox', { name: 'Net price per booking' }), '260,5');
    await u.click(screen.getByRole('button', { name: 'Create product' }));

    const net = screen.getByRole('textbox', { name: 'Net price per booking' });
    await waitFor(() => expect(net).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('net price must not exceed retail')).toBeInTheDocument();
    expect(net).toHaveValue('260,5');
    const body = calls.find((c) => c.method === 'POST')!.body as Body;
    expect(body.options[0].pricePer).toBe('BOOKING');
    expect(body.options[0].bookingPrice).toEqual({ retail: 25000, net: 26050 });
    expect(body.options[0].units[0].retail).toBeUndefined();
  }, SLOW);

  it('requires the booking retail price locally and sends no bookingPrice for UNIT options', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => supplier,
      'POST /api/v1/admin/suppliers/s1/products': () => ({ status: 201, body: { product: { id: 'p9' } } }),
    });
    renderNew();
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.click(el);
      await u.paste(text);
    };
    await fill(await screen.findByLabelText(/Internal name/), 'Walk');
    await u.click(screen.getByRole('combobox', { name: 'Price per' }));
    await u.click(await screen.findByRole('option', { name: 'Booking (private)' }));
    await u.click(screen.getByRole('button', { name: 'Create product' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Some fields need attention.');
    expect(screen.getByRole('textbox', { name: 'Retail price per booking' })).toHaveAttribute('aria-invalid', 'true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await u.click(screen.getByRole('combobox', { name: 'Price per' }));
    await u.click(await screen.findByRole('option', { name: 'Person (unit)' }));
    await fill(screen.getByRole('textbox', { name: 'Retail price' }), '20');
    await fill(screen.getByRole('textbox', { name: 'Net price' }), '15');
    await u.click(screen.getByRole('button', { name: 'Create product' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const body = calls.find((c) => c.method === 'POST')!.body as Body;
    expect(body.options[0].pricePer).toBe('UNIT');
    expect(body.options[0].bookingPrice).toBeNull();
    expect(body.options[0].units[0]).toMatchObject({ retail: 2000, net: 1500 });
  }, SLOW);
});

describe('Product form: extras and pickup points per language', () => {
  it('sends extra names/descriptions and pickup directions per language; extras.0.name errors land under the first name', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => supplier,
      'POST /api/v1/admin/suppliers/s1/products': badRequest('extras.0.name', "'name' is required"),
    });
    renderNew();
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.click(el);
      await u.paste(text);
    };
    await fill(await screen.findByLabelText(/Internal name/), 'Madrid tapas');
    await fill(screen.getByRole('textbox', { name: 'Retail price' }), '40');
    await fill(screen.getByRole('textbox', { name: 'Net price' }), '30');

    await u.click(screen.getByRole('button', { name: 'Add extra' }));
    const extra = within(screen.getByTestId('extra-0'));
    await fill(extra.getByRole('textbox', { name: 'Name (Español)' }), 'Comida');
    await fill(extra.getByRole('textbox', { name: 'Name (English)' }), 'Lunch');
    await fill(extra.getByRole('textbox', { name: 'Name (Français)' }), 'Déjeuner');
    await fill(extra.getByRole('textbox', { name: 'Description (Français)' }), 'Menu du jour');
    await fill(extra.getByRole('textbox', { name: 'Retail price' }), '12');
    await fill(extra.getByRole('textbox', { name: 'Net price' }), '10');

    await u.click(screen.getByRole('button', { name: 'Add pickup point' }));
    const pickup = within(screen.getByTestId('pickup-0'));
    await fill(pickup.getByRole('textbox', { name: 'Name' }), 'Hotel Ritz');
    await fill(pickup.getByRole('textbox', { name: 'Directions (Español)' }), 'En la puerta principal');
    await fill(pickup.getByRole('textbox', { name: 'Directions (Français)' }), "À l'entrée principale");
    await u.click(screen.getByRole('button', { name: 'Create product' }));

    const esName = extra.getByRole('textbox', { name: 'Name (Español)' });
    await waitFor(() => expect(esName).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText("'name' is required")).toBeInTheDocument();
    expect(esName).toHaveValue('Comida');
    const body = calls.find((c) => c.method === 'POST')!.body as Body;
    expect(body.extras[0]).toMatchObject({
      names: { es: 'Comida', en: 'Lunch', fr: 'Déjeuner' },
      descriptions: { fr: 'Menu du jour' },
      retail: 1200,
      net: 1000,
      maxQuantity: 1,
    });
    expect(body.extras[0].name).toBeUndefined();
    expect(body.pickupPoints[0]).toMatchObject({
      name: 'Hotel Ritz',
      directions: { es: 'En la puerta principal', fr: "À l'entrée principale" },
      minutesBeforeStart: 30,
    });
  }, SLOW);

  it('needs an extra name in some language before sending', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => supplier,
    });
    renderNew();
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.click(el);
      await u.paste(text);
    };
    await fill(await screen.findByRole('textbox', { name: 'Retail price' }), '40');
    await fill(screen.getByRole('textbox', { name: 'Net price' }), '30');
    await u.click(screen.getByRole('button', { name: 'Add extra' }));
    const extra = within(screen.getByTestId('extra-0'));
    await fill(extra.getByRole('textbox', { name: 'Retail price' }), '5');
    await fill(extra.getByRole('textbox', { name: 'Net price' }), '5');
    await u.click(screen.getByRole('button', { name: 'Create product' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Some fields need attention.');
    expect(extra.getByRole('textbox', { name: 'Name (Español)' })).toHaveAttribute('aria-invalid', 'true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  }, SLOW);

  it('loads an existing product with its booking price and texts per language and sends them back on save', async () => {
    const product = {
      id: 'p1',
      supplierId: 's1',
      internalName: 'Private Toledo',
      texts: { en: { title: 'Private Toledo', shortDescription: '', description: '' } },
      city: 'Toledo',
      country: 'ES',
      category: 'tour',
      durationMinutes: 480,
      timeZone: 'Europe/Madrid',
      currency: 'EUR',
      availabilityType: 'START_TIME',
      cutoffMinutes: 60,
      horizonDays: 365,
      cancellation: { freeUntilHours: 24, feePercent: 100 },
      meetingPoint: null,
      pickupPoints: [
        { id: 'pickup-1', name: 'Atocha', address: 'Pl. Emperador Carlos V', minutesBeforeStart: 20, directions: { en: 'Main door', es: 'Puerta principal' } },
      ],
      options: [
        {
          id: 'DEFAULT',
          name: 'Private',
          default: true,
          pricePer: 'BOOKING',
          bookingPrice: { retail: 30000, net: 24000 },
          units: [{ id: 'adult', type: 'ADULT', name: 'Adult', retail: 0, net: 0 }],
        },
      ],
      extras: [{ id: 'extra-1', name: 'Lunch', names: { en: 'Lunch', fr: 'Déjeuner' }, descriptions: { es: 'Menú' }, retail: 1500, net: 1200, maxQuantity: 4 }],
      questions: [],
    };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/products/p1': () => ({ status: 200, body: { product } }),
      'PUT /api/v1/admin/products/p1': () => ({ status: 200, body: { product } }),
    });
    renderAt('/admin/products/p1', '/admin/products/:id', <ProductFormPage />);
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.click(el);
      await u.paste(text);
    };
    expect(await screen.findByRole('textbox', { name: 'Retail price per booking' })).toHaveValue('300.00');
    expect(screen.getByRole('textbox', { name: 'Net price per booking' })).toHaveValue('240.00');
    const extra = within(screen.getByTestId('extra-0'));
    expect(extra.getByRole('textbox', { name: 'Name (Français)' })).toHaveValue('Déjeuner');
    expect(extra.getByRole('textbox', { name: 'Description (Español)' })).toHaveValue('Menú');
    const pickup = within(screen.getByTestId('pickup-0'));
    expect(pickup.getByRole('textbox', { name: 'Directions (Español)' })).toHaveValue('Puerta principal');
    await fill(extra.getByRole('textbox', { name: 'Name (Español)' }), 'Comida');
    await u.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    const body = calls.find((c) => c.method === 'PUT')!.body as Body;
    expect(body.options[0]).toMatchObject({ pricePer: 'BOOKING', bookingPrice: { retail: 30000, net: 24000 } });
    expect(body.extras[0]).toMatchObject({
      id: 'extra-1',
      names: { es: 'Comida', en: 'Lunch', fr: 'Déjeuner' },
      descriptions: { es: 'Menú' },
      retail: 1500,
      maxQuantity: 4,
    });
    expect(body.pickupPoints[0]).toMatchObject({ id: 'pickup-1', directions: { en: 'Main door', es: 'Puerta principal' } });
  }, SLOW);
});

describe('Product form: opening hours', () => {
  type HoursBody = { availabilityType: string; openingHours?: Record<string, unknown>[] };

  it('edits opening hours only for OPENING_HOURS products, sends them, and shows their server errors in place', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => supplier,
      'POST /api/v1/admin/suppliers/s1/products': badRequest('openingHours.0.close', "'close' must be after 'open'"),
    });
    renderNew();
    const u = userEvent.setup({ delay: null });
    const fill = async (el: HTMLElement, text: string) => {
      await u.clear(el);
      await u.paste(text);
    };
    await fill(await screen.findByLabelText(/Internal name/), 'Prado');
    await fill(screen.getByRole('textbox', { name: 'Retail price' }), '15');
    await fill(screen.getByRole('textbox', { name: 'Net price' }), '12');
    // Departures products have no opening hours.
    expect(screen.queryByTestId('opening-hours')).toBeNull();
    await u.click(screen.getByRole('combobox', { name: 'Availability' }));
    await u.click(await screen.findByRole('option', { name: 'Opening hours' }));
    expect(await screen.findByTestId('opening-hours')).toHaveTextContent('No opening hours');

    await u.click(screen.getByRole('button', { name: 'Add opening hours' }));
    const row = within(screen.getByTestId('opening-hours-0'));
    expect(row.getByRole('checkbox', { name: 'Mon' })).toBeChecked();
    expect(row.getByRole('checkbox', { name: 'Sat' })).not.toBeChecked();
    await u.click(row.getByRole('checkbox', { name: 'Sat' }));
    await u.click(row.getByRole('checkbox', { name: 'Mon' }));
    await fill(row.getByRole('textbox', { name: 'Opens' }), '10:00');
    await fill(row.getByRole('textbox', { name: 'Closes' }), '09:30');
    await fill(row.getByRole('textbox', { name: 'Tickets per day' }), '300');
    await u.click(screen.getByRole('button', { name: 'Create product' }));

    const closes = row.getByRole('textbox', { name: 'Closes' });
    await waitFor(() => expect(closes).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText("'close' must be after 'open'")).toBeInTheDocument();
    expect(closes).toHaveValue('09:30');
    expect(row.getByRole('textbox', { name: 'Opens' })).toHaveValue('10:00');
    const body = calls.find((c) => c.method === 'POST')!.body as HoursBody;
    expect(body.availabilityType).toBe('OPENING_HOURS');
    expect(body.openingHours).toHaveLength(1);
    expect(body.openingHours![0]).toMatchObject({
      weekdays: [2, 3, 4, 5, 6],
      open: '10:00',
      close: '09:30',
      to: null,
      dailyCapacity: 300,
    });
    expect(body.openingHours![0].from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, SLOW);

  it('loads the hours of an existing product, sends them back, and puts a bad weekday error under the days', async () => {
    const museum = {
      id: 'm1',
      supplierId: 's1',
      internalName: 'Museum',
      texts: { en: { title: 'Museum', shortDescription: '', description: '' } },
      city: 'Madrid',
      country: 'ES',
      category: 'museum',
      durationMinutes: 120,
      timeZone: 'Europe/Madrid',
      currency: 'EUR',
      availabilityType: 'OPENING_HOURS',
      cutoffMinutes: 0,
      horizonDays: 365,
      openingHours: [
        { weekdays: [2, 3, 4, 5], open: '10:00', close: '20:00', from: '2026-01-01', to: null, dailyCapacity: 300 },
        { weekdays: [7], open: '10:00', close: '15:00', from: '2026-01-01', to: '2026-12-31', dailyCapacity: null },
      ],
      cancellation: { freeUntilHours: 24, feePercent: 100 },
      meetingPoint: null,
      pickupPoints: [],
      options: [{ id: 'DEFAULT', name: 'Entry', default: true, pricePer: 'UNIT', units: [{ id: 'adult', type: 'ADULT', name: 'Adult', retail: 1500, net: 1200 }] }],
      extras: [],
      questions: [],
    };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/products/m1': () => ({ status: 200, body: { product: museum } }),
      'PUT /api/v1/admin/products/m1': badRequest('openingHours.1.weekdays.0', 'must be a weekday number 1 (Monday) .. 7'),
    });
    renderAt('/admin/products/m1', '/admin/products/:id', <ProductFormPage />);
    const u = userEvent.setup({ delay: null });
    const second = within(await screen.findByTestId('opening-hours-1'));
    const first = within(screen.getByTestId('opening-hours-0'));
    expect(first.getByRole('checkbox', { name: 'Tue' })).toBeChecked();
    expect(first.getByRole('checkbox', { name: 'Mon' })).not.toBeChecked();
    expect(first.getByRole('textbox', { name: 'Closes' })).toHaveValue('20:00');
    expect(first.getByRole('textbox', { name: 'Tickets per day' })).toHaveValue('300');
    expect(second.getByRole('checkbox', { name: 'Sun' })).toBeChecked();
    expect(second.getByRole('textbox', { name: 'Tickets per day' })).toHaveValue('');
    expect(second.getByLabelText('Valid to')).toHaveValue('2026-12-31');
    await u.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(second.getByText('must be a weekday number 1 (Monday) .. 7')).toBeInTheDocument());
    const body = calls.find((c) => c.method === 'PUT')!.body as HoursBody;
    expect(body.openingHours).toEqual([
      { weekdays: [2, 3, 4, 5], open: '10:00', close: '20:00', from: '2026-01-01', to: null, dailyCapacity: 300 },
      { weekdays: [7], open: '10:00', close: '15:00', from: '2026-01-01', to: '2026-12-31', dailyCapacity: null },
    ]);
    // Removing a row and switching to departures sends no opening hours at all.
    await u.click(within(screen.getByTestId('opening-hours-1')).getByRole('button', { name: 'Remove' }));
    expect(screen.queryByTestId('opening-hours-1')).toBeNull();
    await u.click(screen.getByRole('combobox', { name: 'Availability' }));
    await u.click(await screen.findByRole('option', { name: 'Departures at start times' }));
    expect(screen.queryByTestId('opening-hours')).toBeNull();
    await u.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(2));
    const again = calls.filter((c) => c.method === 'PUT')[1].body as HoursBody;
    expect(again.availabilityType).toBe('START_TIME');
    expect(again.openingHours).toBeUndefined();
  }, SLOW);
});
