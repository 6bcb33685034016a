// Extranet screens against a stubbed API: the requests they make and what they render.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../../test/render';
import BookingDetail from './BookingDetail';
import Bookings from './Bookings';
import Calendar from './Calendar';
import DaySheet from './DaySheet';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };
const products = {
  status: 200,
  body: {
    items: [
      {
        id: 'p1',
        title: 'Madrid walking tour',
        status: 'active',
        timeZone: 'Europe/Madrid',
        currency: 'EUR',
        options: [{ id: 'o1', name: 'Spanish' }],
      },
    ],
  },
};

describe('Bookings', () => {
  it('records a direct sale: only departures with room for the party, extras and pickup, refusals under their field, one idempotency key per form', async () => {
    const product = {
      id: 'p1',
      timeZone: 'Europe/Madrid',
      currency: 'EUR',
      options: [
        {
          id: 'o1',
          name: 'Spanish',
          names: { es: 'Español' },
          default: true,
          pickupAvailable: true,
          units: [
            { id: 'adult', type: 'ADULT', name: 'Adult', names: { es: 'Adulto' }, paxCount: 1, retail: 2500, net: 2000 },
            { id: 'infant', type: 'INFANT', name: 'Infant', names: { es: 'Bebé' }, paxCount: 0, retail: 0, net: 0 },
          ],
        },
      ],
      extras: [{ id: 'tapas', name: 'Tapas tasting', names: { es: 'Degustación de tapas' }, maxQuantity: 5, retail: 1500, net: 1100 }],
      pickupPoints: [{ id: 'atocha', name: 'Atocha station', address: 'Plaza del Emperador Carlos V', minutesBeforeStart: 20 }],
      questions: [],
    };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/bookings': () => ({ status: 200, body: { items: [], total: 0 } }),
      'GET /api/v1/extranet/products/p1': () => ({ status: 200, body: { product } }),
      'GET /api/v1/extranet/calendar': () => ({
        status: 200,
        body: {
          timeZone: 'Europe/Madrid',
          days: [
            {
              date: '2026-03-20',
              departures: [
                { id: 'd-10', localTime: '10:00', capacity: 20, booked: 19, closed: false },
                { id: 'd-12', localTime: '12:00', capacity: 20, booked: 2, closed: false },
                { id: 'd-17', localTime: '17:00', capacity: 20, booked: 0, closed: true },
              ],
            },
          ],
        },
      }),
      'POST /api/v1/extranet/bookings': (_url, init) => {
        const sent = JSON.parse(String(init.body)) as { email: string };
        if (sent.email === 'luis@')
          return {
            status: 400,
            body: { error: { code: 'INVALID_ARGUMENT', message: "'luis@' is not an email", field: 'email', key: 'email.shape' } },
          };
        return { status: 201, body: { booking: { id: 'b9', supplierReference: 'K7M4QX', status: 'CONFIRMED' } } };
      },
    });
    const u = userEvent.setup();
    renderAt('/b', '/b', <Bookings />, 'es');
    await u.click(await screen.findByTestId('new-booking'));
    // The one product is chosen; its default option's units are counted per unit.
    const adults = await screen.findByTestId('new-booking-unit-adult');
    await u.clear(screen.getByTestId('new-booking-date'));
    await u.type(screen.getByTestId('new-booking-date'), '2026-03-20');
    await u.clear(adults);
    await u.type(adults, '2');
    await u.type(screen.getByTestId('new-booking-unit-infant'), '1');
    await waitFor(() => expect(calls.some((c) => c.url.startsWith('/api/v1/extranet/calendar?'))).toBe(true));
    await u.click(screen.getByTestId('new-booking-departure'));
    // 10:00 has one seat left for two (the infant takes none); 17:00 is closed.
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['12:00 · 18 libres']);
    await u.click(options[0]);
    await u.type(screen.getByTestId('new-booking-extra-tapas'), '2');
    await u.click(screen.getByTestId('new-booking-pickup'));
    await u.click(await screen.findByRole('option', { name: 'Atocha station' }));
    await u.type(screen.getByTestId('new-booking-first-name'), 'Luis');
    await u.type(screen.getByTestId('new-booking-email'), 'luis@');
    await u.click(screen.getByTestId('confirm-new-booking'));
    // The server's refusal, in Spanish, under the email.
    expect(await screen.findByText('Un correo tiene la forma nombre@ejemplo.com.')).toBeInTheDocument();
    await u.type(screen.getByTestId('new-booking-email'), 'example.com');
    await u.click(screen.getByTestId('confirm-new-booking'));
    expect(await screen.findByText('Reserva K7M4QX confirmada')).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === 'POST').map((c) => c.body as Record<string, unknown>);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toMatchObject({
      productId: 'p1',
      optionId: 'o1',
      departureId: 'd-12',
      units: { adult: 2, infant: 1 },
      extras: { tapas: 2 },
      pickupPointId: 'atocha',
      firstName: 'Luis',
      email: 'luis@example.com',
    });
    // The resend after a refusal is the same sale: the same key, so a lost answer cannot book twice.
    expect(posts[1].uuid).toBe(posts[0].uuid);
  });

  it('sends filters and sort to the API, renders money in the locale and links the CSV export', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/bookings': () => ({
        status: 200,
        body: {
          items: [
            {
              id: 'b1',
              supplierReference: 'K7M4QX',
              status: 'CONFIRMED',
              channel: { id: 'r1', name: 'Viajes Sol' },
              productTitle: 'Madrid walking tour',
              optionName: 'Spanish',
              localDate: '2026-03-29',
              localTime: '10:00',
              timeZone: 'Europe/Madrid',
              contactName: 'John Smith',
              contactEmail: 'john@example.test',
              pax: 2,
              total: { amount: 9000, currency: 'EUR' },
              createdAt: '2026-03-20T09:00:00Z',
            },
          ],
          total: 120,
          page: 1,
          pageSize: 50,
        },
      }),
    });
    renderAt('/b?status=CONFIRMED&from=2026-03-01&sort=-startAt', '/b', <Bookings />, 'es');
    const table = await screen.findByTestId('bookings-table');
    await within(table).findByText('K7M4QX');
    expect(within(table).getByText('90,00 €')).toBeInTheDocument();
    expect(within(table).getByText('Viajes Sol')).toBeInTheDocument();
    expect(screen.getByText('120 resultados')).toBeInTheDocument();
    const get = calls.filter((c) => c.url.startsWith('/api/v1/extranet/bookings?')).pop()!;
    const q = new URL(get.url, 'http://x').searchParams;
    expect(q.get('status')).toBe('CONFIRMED');
    expect(q.get('from')).toBe('2026-03-01');
    expect(q.get('sort')).toBe('-startAt');
    expect(q.get('pageSize')).toBe('50');
    const csv = screen.getByTestId('csv-export').getAttribute('href')!;
    expect(csv).toContain('/api/v1/extranet/bookings.csv?');
    expect(csv).toContain('status=CONFIRMED');
    expect(csv).not.toContain('page=');

    await userEvent.setup({ delay: null }).type(screen.getByTestId('booking-search'), 'smith');
    await waitFor(() =>
      expect(calls.some((c) => c.url.includes('q=smith'))).toBe(true),
    );
  });

  it('flags a "to" before "from" on the field instead of failing the whole list', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/bookings': () => ({
        status: 200,
        body: { items: [], total: 0, page: 1, pageSize: 50 },
      }),
    });
    renderAt('/b?from=2026-03-10&to=2026-03-01', '/b', <Bookings />, 'es');
    expect(await screen.findByText('Anterior a «Desde»')).toBeInTheDocument();
    await screen.findByTestId('bookings-table');
    const get = calls.filter((c) => c.url.startsWith('/api/v1/extranet/bookings?')).pop()!;
    expect(get.url).not.toContain('to=');
  });
});

// The calendar's side panels (rules, date prices, the product) with nothing in them.
const productPanelStubs = {
  'GET /api/v1/extranet/products/p1/rules': () => ({ status: 200, body: { items: [] } }),
  'GET /api/v1/extranet/products/p1/prices': () => ({ status: 200, body: { items: [] } }),
  'GET /api/v1/extranet/products/p1': () => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'x' } } }),
};

describe('New booking', () => {
  it("offers an admission product's day as one whole-day entry, not a midnight departure", async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/bookings': () => ({ status: 200, body: { items: [], total: 0 } }),
      'GET /api/v1/extranet/products/p1': () => ({
        status: 200,
        body: { product: { id: 'p1', options: [{ id: 'o1', name: 'General', default: true, units: [{ id: 'adult', type: 'ADULT', name: 'Adult', retail: 1200, net: 900 }] }], extras: [], pickupPoints: [], questions: [] } },
      }),
      'GET /api/v1/extranet/calendar': () => ({
        status: 200,
        body: {
          timeZone: 'Europe/Madrid',
          availabilityType: 'OPENING_HOURS',
          days: [{ date: '2026-12-09', departures: [{ id: '2026-12-09T00:00:00+01:00', localTime: '00:00', capacity: 300, booked: 0, closed: false }] }],
        },
      }),
    });
    const u = userEvent.setup();
    renderAt('/b', '/b', <Bookings />, 'es');
    await u.click(await screen.findByTestId('new-booking'));
    await u.type(await screen.findByTestId('new-booking-unit-adult'), '1');
    await u.click(screen.getByTestId('new-booking-departure'));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Entrada · 300 libres']);
  });
});

describe('Calendar', () => {
  it('shows booked/capacity per day, closes a day and sets a day quota through the API', async () => {
    const day = (date: string, extra = {}) => ({
      date,
      status: 'AVAILABLE',
      closed: false,
      capacity: 20,
      booked: 3,
      departures: [
        { id: `d-${date}`, localTime: '10:00', capacity: 20, booked: 3, status: 'AVAILABLE', closed: false },
      ],
      ...extra,
    });
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/calendar': (url) => {
        const q = new URL(url, 'http://x').searchParams;
        const days = [];
        for (let d = q.get('from')!; d <= q.get('to')!; ) {
          days.push(day(d));
          const t = new Date(d + 'T00:00:00Z');
          t.setUTCDate(t.getUTCDate() + 1);
          d = t.toISOString().slice(0, 10);
        }
        return { status: 200, body: { timeZone: 'Europe/Madrid', days } };
      },
      'POST /api/v1/extranet/calendar/closures': () => ({
        status: 200,
        body: { days: [day('2026-03-29', { closed: true, status: 'CLOSED' })] },
      }),
      'POST /api/v1/extranet/calendar/quotas': () => ({
        status: 200,
        body: { days: [day('2026-03-29', { capacity: 8 })] },
      }),
      ...productPanelStubs,
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const cell = await screen.findByTestId('cal-day-2026-03-29');
    await waitFor(() => expect(cell).toHaveTextContent('3/20'));
    const calGet = calls.find((c) => c.url.startsWith('/api/v1/extranet/calendar?'))!;
    expect(calGet.url).toContain('from=2026-02-23');
    expect(calGet.url).toContain('to=2026-04-05');
    const u = userEvent.setup({ delay: null });
    await u.click(cell);
    await u.click(await screen.findByTestId('close-day'));
    // Seats are sold that day: it says what closing does and does not do before closing.
    const warning = await screen.findByTestId('close-day-warning');
    expect(warning).toHaveTextContent('3 seats are sold on this day');
    expect(within(warning).getByRole('link')).toHaveAttribute(
      'href',
      '/supplier/bookings?from=2026-03-29&to=2026-03-29&productId=p1&status=CONFIRMED',
    );
    expect(calls.some((c) => c.url.endsWith('/closures'))).toBe(false);
    await u.click(screen.getByTestId('close-day-anyway'));
    await waitFor(() => expect(cell).toHaveAttribute('data-closed', 'true'));
    expect(screen.queryByTestId('close-day-warning')).not.toBeInTheDocument();
    expect(calls.find((c) => c.url.endsWith('/closures'))!.body).toEqual({
      productId: 'p1',
      date: '2026-03-29',
      closed: true,
    });
    const quota = screen.getByTestId('day-quota');
    await u.clear(quota);
    await u.type(quota, '8');
    await u.click(screen.getByTestId('set-day-quota'));
    await waitFor(() => expect(cell).toHaveTextContent('3/8'));
    expect(calls.find((c) => c.url.endsWith('/quotas'))!.body).toEqual({
      productId: 'p1',
      date: '2026-03-29',
      capacity: 8,
    });
  });

  it('asks before closing a departure that has seats sold, and closes that one only', async () => {
    const day = {
      date: '2026-03-29',
      status: 'AVAILABLE',
      closed: false,
      capacity: 40,
      booked: 1,
      departures: [
        { id: 'd-10', localTime: '10:00', capacity: 20, booked: 1, status: 'AVAILABLE', closed: false },
        { id: 'd-12', localTime: '12:00', capacity: 20, booked: 0, status: 'AVAILABLE', closed: false },
      ],
    };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/calendar': () => ({ status: 200, body: { timeZone: 'Europe/Madrid', days: [day] } }),
      'POST /api/v1/extranet/calendar/closures': () => ({ status: 200, body: { days: [day] } }),
      ...productPanelStubs,
    });
    renderAt('/c?date=2026-03-15&day=2026-03-29', '/c', <Calendar />);
    const u = userEvent.setup({ delay: null });
    const row10 = await screen.findByTestId('departure-10:00');
    await u.click(within(row10).getByRole('button', { name: 'Close' }));
    expect(within(row10).getByTestId('close-departure-warning')).toHaveTextContent('1 seat is sold on this day');
    expect(calls.some((c) => c.url.endsWith('/closures'))).toBe(false);
    await u.click(within(row10).getByTestId('close-departure-anyway'));
    await waitFor(() => expect(calls.filter((c) => c.url.endsWith('/closures'))).toHaveLength(1));
    expect(calls.find((c) => c.url.endsWith('/closures'))!.body).toMatchObject({ departureId: 'd-10', closed: true });
    // Nothing sold at 12:00: it closes at once.
    await u.click(within(screen.getByTestId('departure-12:00')).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(calls.filter((c) => c.url.endsWith('/closures'))).toHaveLength(2));
  });

  it('starts the day quota from the seats of one departure, not the day total', async () => {
    const departure = (time: string) => ({
      id: `d-${time}`,
      localTime: time,
      capacity: 10,
      booked: 0,
      status: 'AVAILABLE',
      closed: false,
    });
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/calendar': () => ({
        status: 200,
        body: {
          timeZone: 'Europe/Madrid',
          days: [
            {
              date: '2026-03-29',
              status: 'AVAILABLE',
              capacity: 20,
              booked: 0,
              departures: [departure('10:00'), departure('12:00')],
            },
          ],
        },
      }),
      ...productPanelStubs,
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const u = userEvent.setup({ delay: null });
    await u.click(await screen.findByTestId('cal-day-2026-03-29'));
    expect(await screen.findByTestId('day-quota')).toHaveValue('10');
    expect(screen.getByText('Seats per departure this day')).toBeInTheDocument();
  });

  const departure = (time: string, capacity = 10) => ({
    id: `d-${time}`,
    localTime: time,
    capacity,
    booked: 0,
    status: 'AVAILABLE',
    closed: false,
  });
  const oneDay = (departures: ReturnType<typeof departure>[]) => () => ({
    status: 200,
    body: {
      timeZone: 'Europe/Madrid',
      days: [{ date: '2026-03-28', status: 'AVAILABLE', capacity: 50, booked: 0, departures }],
    },
  });

  it('counts the departures a month cell has no room for instead of hiding them', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/calendar': oneDay(
        ['09:00', '10:00', '12:00', '17:00', '19:00'].map((t) => departure(t)),
      ),
      ...productPanelStubs,
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const cell = await screen.findByTestId('cal-day-2026-03-28');
    await waitFor(() => expect(cell).toHaveTextContent('+1 more'));
    expect(cell).toHaveTextContent('5:00 PM');
    expect(cell).not.toHaveTextContent('7:00 PM');
  });

  it("switching product shows that product's cards only, with empty forms", async () => {
    const two = {
      status: 200,
      body: {
        items: [
          products.body.items[0],
          { ...products.body.items[0], id: 'p2', title: 'Museum', availabilityType: 'OPENING_HOURS' },
          { ...products.body.items[0], id: 'p3', title: 'Night tour' },
        ],
      },
    };
    const empty = () => ({ status: 200, body: { items: [] } });
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => two,
      'GET /api/v1/extranet/calendar': oneDay([departure('10:00')]),
      ...productPanelStubs,
      'GET /api/v1/extranet/products/p2/rules': empty,
      'GET /api/v1/extranet/products/p2/prices': empty,
      'GET /api/v1/extranet/products/p3/rules': empty,
      'GET /api/v1/extranet/products/p3/prices': empty,
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const u = userEvent.setup({ delay: null });
    await screen.findByText('Weekly rules');
    await u.type(screen.getByLabelText('Start times (HH:MM, comma separated)'), '09:30');
    const pick = async (name: string) => {
      await u.click(screen.getByRole('combobox', { name: 'Product' }));
      await u.click(await screen.findByRole('option', { name }));
    };
    await pick('Museum');
    await waitFor(() => expect(screen.queryByText('Weekly rules')).toBeNull());
    expect(screen.getAllByText('Prices for date ranges')).toHaveLength(1);
    await pick('Night tour');
    await waitFor(() => expect(screen.getAllByText('Weekly rules')).toHaveLength(1));
    // A fresh form (its default 10:00), not the 09:30 typed for the first product.
    expect(screen.getByLabelText('Start times (HH:MM, comma separated)')).toHaveValue('10:00');
  });

  it('removes a weekly rule only once confirmed, and shows why the server refused', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/calendar': oneDay([departure('10:00')]),
      ...productPanelStubs,
      'GET /api/v1/extranet/products/p1/rules': () => ({
        status: 200,
        body: {
          items: [{ id: '0', weekdays: [1, 2, 3], times: ['10:00'], from: '2026-01-01', capacity: 10 }],
        },
      }),
      'DELETE /api/v1/extranet/products/p1/rules/0': () => ({
        status: 409,
        body: { error: { code: 'FAILED_PRECONDITION', message: 'departure 2026-12-08 10:00 has 8 seats sold' } },
      }),
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const u = userEvent.setup({ delay: null });
    const remove = async () => {
      const buttons = await screen.findAllByRole('button', { name: 'Remove' });
      await u.click(buttons[0]);
    };
    await remove();
    await u.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
    await remove();
    await u.click(await screen.findByTestId('confirm-remove'));
    expect(await screen.findByTestId('remove-error')).toHaveTextContent('8 seats sold');
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });

  it('shows an opening-hours product as admissions, without a time of day or one-off departures', async () => {
    const museum = {
      status: 200,
      body: {
        items: [{ ...products.body.items[0], id: 'p1', title: 'Museum', availabilityType: 'OPENING_HOURS' }],
      },
    };
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => museum,
      'GET /api/v1/extranet/calendar': oneDay([departure('00:00', 300)]),
      ...productPanelStubs,
    });
    renderAt('/c?date=2026-03-15', '/c', <Calendar />);
    const cell = await screen.findByTestId('cal-day-2026-03-28');
    await waitFor(() => expect(cell).toHaveTextContent('Admission 0/300'));
    expect(cell).not.toHaveTextContent('12:00 AM');
    const u = userEvent.setup({ delay: null });
    await u.click(cell);
    await screen.findByTestId('day-departures');
    expect(screen.queryByText('Add a one-off departure')).toBeNull();
    expect(screen.queryByText('Weekly rules')).toBeNull();
  });
});

describe('Day sheet', () => {
  it('lists bookings with pickups, units, extras and answers', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/daysheet': () => ({
        status: 200,
        body: {
          date: '2026-10-25',
          departures: [
            {
              productTitle: 'Madrid walking tour',
              optionName: 'Spanish',
              localTime: '10:00',
              booked: 3,
              capacity: 20,
              unitTotals: { ADULT: 2, CHILD: 1 },
              bookings: [
                {
                  supplierReference: 'AAA111',
                  contactName: 'Ana',
                  phone: '+34 1',
                  pickup: { name: 'Hotel Ritz', localTime: '09:30' },
                  units: { ADULT: 2 },
                  extras: [{ name: 'Lunch', quantity: 2 }],
                  answers: [{ question: 'Allergies', answer: 'nuts' }],
                },
                { supplierReference: 'BBB222', contactName: 'Bob', pickup: null, units: { CHILD: 1 } },
              ],
            },
          ],
        },
      }),
    });
    renderAt('/d?date=2026-10-25', '/d', <DaySheet />, 'fr');
    const rows = await screen.findAllByTestId('daysheet-booking');
    expect(rows[0]).toHaveTextContent('AAA111');
    expect(rows[0]).toHaveTextContent('9:30');
    expect(rows[0]).toHaveTextContent('Hotel Ritz');
    expect(rows[0]).toHaveTextContent('Adulte × 2');
    expect(rows[0]).toHaveTextContent('2× Lunch');
    expect(rows[0]).toHaveTextContent('Allergies: nuts');
    expect(rows[1]).toHaveTextContent('Point de rendez-vous');
    expect(screen.getByText('dimanche 25 octobre 2026')).toBeInTheDocument();
  });

  it('ticks travellers in and out, and shows why the server refused one', async () => {
    const row = (id: string, status: string) => ({ id, supplierReference: id.toUpperCase(), status, contactName: id, units: { ADULT: 1 } });
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/daysheet': () => ({
        status: 200,
        body: {
          date: '2026-10-25',
          departures: [
            { productTitle: 'Madrid walking tour', localTime: '10:00', booked: 2, capacity: 20, unitTotals: { ADULT: 2 }, bookings: [row('ana', 'CONFIRMED'), row('bob', 'REDEEMED')] },
          ],
        },
      }),
      'POST /api/v1/extranet/bookings/ana/check-in': (_url, init) => {
        const { checkedIn } = JSON.parse(String(init.body)) as { checkedIn: boolean };
        if (!checkedIn) return { status: 200, body: { booking: { id: 'ana', status: 'CONFIRMED' } } };
        return {
          status: 409,
          body: {
            error: { code: 'FAILED_PRECONDITION', message: 'too early', key: 'booking.checkInTooEarly', params: { date: '2026-10-25' } },
          },
        };
      },
      'POST /api/v1/extranet/bookings/bob/check-in': () => ({ status: 200, body: { booking: { id: 'bob', status: 'CONFIRMED' } } }),
    });
    renderAt('/d?date=2026-10-25', '/d', <DaySheet />, 'es');
    const boxes = await screen.findAllByTestId('daysheet-check-in');
    expect(boxes[0]).not.toBeChecked();
    expect(boxes[1]).toBeChecked(); // already checked in
    // Unticking Bob undoes his check-in.
    await userEvent.click(boxes[1]);
    await waitFor(() => expect(boxes[1]).not.toBeChecked());
    // Ticking Ana is refused: the box stays empty and the page says why, in Spanish.
    await userEvent.click(boxes[0]);
    expect(
      await screen.findByText(/a partir del día de la actividad, el 25 de octubre de 2026/, {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(boxes[0]).not.toBeChecked();
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url, c.body])).toEqual([
      ['/api/v1/extranet/bookings/bob/check-in', { checkedIn: false }],
      ['/api/v1/extranet/bookings/ana/check-in', { checkedIn: true }],
    ]);
  });

  it("records a walk-in for the sheet's day and product, and shows it on the sheet at once", async () => {
    let sold = false;
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': () => products,
      'GET /api/v1/extranet/products/p1': () => ({
        status: 200,
        body: { product: { id: 'p1', options: [{ id: 'o1', name: 'Spanish', default: true, units: [{ id: 'adult', type: 'ADULT', name: 'Adult', retail: 2500, net: 2000 }] }], extras: [], pickupPoints: [], questions: [] } },
      }),
      'GET /api/v1/extranet/calendar': () => ({
        status: 200,
        body: { timeZone: 'Europe/Madrid', days: [{ date: '2026-10-25', departures: [{ id: 'd-10', localTime: '10:00', capacity: 20, booked: 0, closed: false }] }] },
      }),
      'GET /api/v1/extranet/daysheet': () => ({
        status: 200,
        body: {
          date: '2026-10-25',
          departures: sold
            ? [{ productTitle: 'Madrid walking tour', localTime: '10:00', booked: 1, capacity: 20, unitTotals: { ADULT: 1 }, bookings: [{ id: 'w1', supplierReference: 'WALK01', status: 'CONFIRMED', contactName: 'Eva', units: { ADULT: 1 } }] }]
            : [],
        },
      }),
      'POST /api/v1/extranet/bookings': () => {
        sold = true;
        return { status: 201, body: { booking: { id: 'w1', supplierReference: 'WALK01', status: 'CONFIRMED' } } };
      },
    });
    const u = userEvent.setup();
    renderAt('/d?date=2026-10-25&productId=p1', '/d', <DaySheet />, 'en');
    await u.click(await screen.findByTestId('new-booking'));
    // The form starts on the sheet's day and product.
    expect(await screen.findByTestId('new-booking-date')).toHaveValue('2026-10-25');
    await u.type(await screen.findByTestId('new-booking-unit-adult'), '1');
    await u.click(screen.getByTestId('new-booking-departure'));
    await u.click(await screen.findByRole('option', { name: /10:00/ }));
    await u.type(screen.getByTestId('new-booking-first-name'), 'Eva');
    await u.click(screen.getByTestId('confirm-new-booking'));
    // The walk-in is on the sheet, with its check-in box, without leaving the page.
    expect(await screen.findByText('WALK01')).toBeInTheDocument();
    expect(screen.getByTestId('daysheet-check-in')).not.toBeChecked();
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ productId: 'p1', departureId: 'd-10', units: { adult: 1 } });
  });
});

describe('Booking detail', () => {
  // A confirmed booking as GET /api/v1/extranet/bookings/{id} answers it; `extra` overrides.
  const detail = (extra: Record<string, unknown> = {}) => ({
    id: 'b1',
    supplierReference: 'K7M4QX',
    status: 'CONFIRMED',
    productTitle: 'Madrid walking tour',
    optionName: 'Spanish',
    localDate: '2026-03-29',
    localTime: '10:00',
    timeZone: 'Europe/Madrid',
    contactName: 'John Smith',
    total: { amount: 9000, currency: 'EUR' },
    history: [],
    ...extra,
  });

  it('tells the history in the reader\'s language, with times in the product\'s zone', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({
        status: 200,
        body: {
          booking: detail({
            history: [
              {
                at: '2026-03-20T09:00:00Z',
                action: 'reserved',
                channel: 'octo',
                detail: '3 unit items, 2 seats on 2026-03-29 10:00, held until 2026-03-20T09:30:00Z',
                params: { tickets: '3', seats: '2', date: '2026-03-29', time: '10:00', heldUntil: '2026-03-20T09:30:00Z' },
              },
              { at: '2026-03-20T09:05:00Z', action: 'confirmed', channel: 'octo', params: { contact: 'John Smith' } },
              { at: '2026-03-21T08:00:00Z', action: 'updated', channel: 'extranet', params: { changes: 'dateTime,contact' } },
              {
                at: '2026-03-21T09:00:00Z',
                action: 'updated',
                channel: 'octo',
                params: {
                  changes: 'dateTime,unitItems',
                  fromDate: '2026-03-29',
                  fromTime: '10:00',
                  date: '2026-03-30',
                  time: '17:00',
                  fromTickets: '2',
                  fromSeats: '2',
                  tickets: '3',
                  seats: '3',
                },
              },
              {
                at: '2026-03-21T10:00:00Z',
                action: 'updated',
                channel: 'octo',
                params: { changes: 'option', fromOption: 'en', option: 'es', fromOptionName: 'Inglés', optionName: 'Español' },
              },
              {
                at: '2026-03-21T11:00:00Z',
                action: 'updated',
                channel: 'octo',
                params: {
                  changes: 'extras,pickup',
                  fromExtras: '',
                  extras: 'lunch:2',
                  fromExtrasNames: '',
                  extrasNames: '2 × Comida',
                  fromPickup: 'atocha',
                  pickup: '',
                  pickupHotel: 'Hotel Sol',
                  fromPickupName: 'Atocha',
                  pickupName: 'Hotel Sol',
                },
              },
              { at: '2026-03-22T08:00:00Z', action: 'cancelled', channel: 'extranet', params: { refund: 'PARTIAL', reason: 'Lluvia' } },
              // Written before params were kept: its English detail, as stored.
              { at: '2026-03-22T09:00:00Z', action: 'expired', channel: 'system', detail: 'hold lapsed; 2 seats released', params: {} },
            ],
          }),
        },
      }),
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    const history = await screen.findByTestId('booking-history');
    // 09:30 UTC is 10:30 in Madrid (CET) on 20 March.
    expect(history).toHaveTextContent(/3 entradas, 2 plazas para el 29 mar 2026, 10:00, en espera hasta el 20 mar 2026, 10:30/);
    expect(history).toHaveTextContent('Contacto: John Smith');
    expect(history).toHaveTextContent('Cambios: fecha y hora y contacto');
    // Both ends of a move and of a new party, where the server kept them.
    expect(history).toHaveTextContent(
      'Cambios: fecha y hora (29 mar 2026, 10:00 → 30 mar 2026, 17:00) y viajeros (2 entradas, 2 plazas → 3 entradas, 3 plazas)',
    );
    expect(history).toHaveTextContent('Cambios: opción (Inglés → Español)');
    // Extras and pickup too, where either side may be none.
    expect(history).toHaveTextContent(
      'Cambios: extras (ninguno → 2 × Comida) y recogida (Atocha → Hotel Sol)',
    );
    expect(history).toHaveTextContent('Reembolso parcial. Motivo: Lluvia');
    expect(history).toHaveTextContent('hold lapsed; 2 seats released');
    // Who made each change, in the reader's words: the channel's API, or the hold expiring by itself.
    expect(history).toHaveTextContent(/· API OCTO/);
    expect(history).toHaveTextContent(/· automático/);
    expect(history).not.toHaveTextContent('unit items');
  });

  it('shows the hotel a reseller asked to pick the traveller up at', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({
        status: 200,
        body: {
          booking: detail({ pickup: null, pickupHotel: { name: 'Hotel Gran Vía', room: '204' } }),
        },
      }),
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    expect(await screen.findByTestId('pickup-hotel')).toHaveTextContent('Hotel Gran Vía · habitación 204');
    expect(screen.getByText('Recogida en el hotel')).toBeInTheDocument();
  });

  it("moves the booking to another of the day's departures with room for the party", async () => {
    let moved = false;
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({
        status: 200,
        body: {
          booking: detail({
            productId: 'p1',
            pax: 2,
            departureId: 'd-10',
            ...(moved ? { localTime: '17:00', departureId: 'd-17' } : {}),
          }),
        },
      }),
      'GET /api/v1/extranet/calendar': () => ({
        status: 200,
        body: {
          timeZone: 'Europe/Madrid',
          days: [
            {
              date: '2026-03-29',
              status: 'AVAILABLE',
              departures: [
                { id: 'd-10', localTime: '10:00', capacity: 20, booked: 2, status: 'AVAILABLE' },
                { id: 'd-12', localTime: '12:00', capacity: 20, booked: 19, status: 'LIMITED' },
                { id: 'd-15', localTime: '15:00', capacity: 20, booked: 0, status: 'CLOSED', closed: true },
                { id: 'd-17', localTime: '17:00', capacity: 20, booked: 0, status: 'AVAILABLE' },
              ],
            },
          ],
        },
      }),
      'POST /api/v1/extranet/bookings/b1/move': () => {
        moved = true;
        return { status: 200, body: { booking: detail({ localTime: '17:00' }) } };
      },
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'en');
    const u = userEvent.setup({ delay: null });
    await u.click(await screen.findByTestId('move-booking'));
    expect(screen.getByTestId('move-date')).toHaveValue('2026-03-29');
    // Not without a departure chosen.
    await u.click(screen.getByTestId('confirm-move-booking'));
    expect(await screen.findByText('Choose a departure.')).toBeInTheDocument();
    await waitFor(() => expect(calls.some((c) => c.url.startsWith('/api/v1/extranet/calendar?'))).toBe(true));
    await u.click(screen.getByTestId('move-departure'));
    // Its own departure, one without room for two, and a closed one are not offered.
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['5:00 PM · 20 free']);
    await u.click(options[0]);
    await u.click(screen.getByTestId('confirm-move-booking'));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ departureId: 'd-17' }]),
    );
  });

  it('shows the booking notes and channel, and cancels with a reason and a full refund', async () => {
    let cancelled = false;
    const booking = (status: string) =>
      detail({
        resellerReference: 'RES-001',
        status,
        channel: { id: 'org_r', name: 'Viajes Sol', via: 'octo' },
        notes: 'We arrive 10 minutes late',
        cancellation:
          status === 'CANCELLED'
            ? { refund: 'FULL', refundAmount: { amount: 9000, currency: 'EUR' }, reason: 'Tormenta' }
            : null,
        history: [
          { at: '2026-03-20T10:00:00Z', action: 'cancelled', channel: 'extranet', actor: 'Lucía Gómez' },
        ],
      });
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({
        status: 200,
        body: { booking: booking(cancelled ? 'CANCELLED' : 'CONFIRMED') },
      }),
      'POST /api/v1/extranet/bookings/b1/cancel': () => {
        cancelled = true;
        return { status: 200, body: { booking: booking('CANCELLED') } };
      },
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    expect(await screen.findByTestId('booking-notes')).toHaveTextContent('We arrive 10 minutes late');
    expect(screen.getByTestId('booking-channel')).toHaveTextContent('Viajes Sol');
    expect(screen.getByTestId('booking-channel')).toHaveTextContent('RES-001');
    expect(screen.getByText(/Lucía Gómez/)).toBeInTheDocument();

    await userEvent.click(screen.getByTestId('cancel-booking'));
    expect(await screen.findByText(/reembolso total \(90,00\s€\)/)).toBeInTheDocument();
    // No reason: refused on the spot, nothing sent.
    await userEvent.click(screen.getByTestId('confirm-cancel-booking'));
    expect(await screen.findByText('Indica por qué se cancela la reserva.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.type(screen.getByLabelText(/Motivo/), '  Tormenta ');
    await userEvent.click(screen.getByTestId('confirm-cancel-booking'));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ reason: 'Tormenta' }]),
    );
    expect(await screen.findByTestId('booking-cancellation')).toHaveTextContent('Reembolso total: 90,00');
    expect(screen.queryByTestId('cancel-booking')).not.toBeInTheDocument();
  });

  it('sends the confirmation again, and says how long to wait when asked twice within the minute', async () => {
    let resent = false;
    const booking = () =>
      detail({
        status: 'CONFIRMED',
        contact: { fullName: 'John Smith', email: 'john@example.com' },
        history: resent
          ? [{ at: '2026-03-20T10:00:00Z', action: 'emailed', channel: 'extranet', actor: 'Lucía Gómez', params: { to: 'john@example.com' } }]
          : [],
      });
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({ status: 200, body: { booking: booking() } }),
      'POST /api/v1/extranet/bookings/b1/resend-confirmation': () => {
        if (resent)
          return {
            status: 429,
            body: {
              error: { code: 'RATE_LIMITED', message: 'a confirmation was sent', key: 'booking.resendWait', params: { seconds: '42' } },
            },
          };
        resent = true;
        return { status: 200, body: { booking: booking() } };
      },
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    await userEvent.click(await screen.findByTestId('resend-confirmation'));
    expect(await screen.findByText('Confirmación enviada a john@example.com.')).toBeInTheDocument();
    const history = await screen.findByTestId('booking-history');
    await waitFor(() => expect(history).toHaveTextContent('Confirmación reenviada'));
    expect(history).toHaveTextContent('A john@example.com');
    await userEvent.click(screen.getByTestId('resend-confirmation'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(
      await screen.findByText(
        'Se envió una confirmación a esta dirección hace menos de un minuto: inténtalo de nuevo en 42 s.',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
  });

  it('changes the pickup to another point or a hotel, and shows a refusal under its field', async () => {
    let pickup: Record<string, unknown> = { pickup: { id: 'atocha', name: 'Atocha station', localTime: '09:40' }, pickupHotel: null };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({ status: 200, body: { booking: detail({ productId: 'p1', ...pickup }) } }),
      'GET /api/v1/extranet/products/p1': () => ({
        status: 200,
        body: {
          product: {
            id: 'p1',
            options: [],
            extras: [],
            questions: [],
            pickupPoints: [
              { id: 'atocha', name: 'Atocha station', address: '', minutesBeforeStart: 20 },
              { id: 'plaza', name: 'Plaza de España', address: '', minutesBeforeStart: 30 },
            ],
          },
        },
      }),
      'POST /api/v1/extranet/bookings/b1/pickup': (_url, init) => {
        const sent = JSON.parse(String(init.body)) as { pickupPointId: string; hotel: string };
        if (sent.hotel === 'x'.repeat(5))
          return { status: 400, body: { error: { code: 'INVALID_ARGUMENT', message: 'hotel name too short to find', field: 'hotel' } } };
        pickup = { pickup: { id: sent.pickupPointId, name: 'Plaza de España', localTime: '11:30' }, pickupHotel: null };
        return { status: 200, body: { booking: detail({ productId: 'p1', ...pickup }) } };
      },
    });
    const u = userEvent.setup();
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'en');
    await u.click(await screen.findByTestId('change-pickup'));
    await u.type(screen.getByTestId('pickup-hotel-name'), 'xxxxx');
    await u.click(screen.getByTestId('save-pickup'));
    expect(await screen.findByText('hotel name too short to find')).toBeInTheDocument();
    await u.clear(screen.getByTestId('pickup-hotel-name'));
    await u.click(screen.getByTestId('pickup-point'));
    await u.click(await screen.findByRole('option', { name: 'Plaza de España' }));
    await u.click(screen.getByTestId('save-pickup'));
    await waitFor(() => expect(screen.queryByTestId('save-pickup')).not.toBeInTheDocument());
    expect(await screen.findByText(/Plaza de España/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { pickupPointId: 'atocha', hotel: 'xxxxx', room: '' },
      { pickupPointId: 'plaza', hotel: '', room: '' },
    ]);
  });

  it('corrects the traveller contact, sending only what changed, and shows a refusal under its field', async () => {
    let contact = { fullName: 'John Smith', firstName: '', lastName: '', email: 'john@exmaple.com', phone: '+44 20 0000 0000' };
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({ status: 200, body: { booking: detail({ status: 'CONFIRMED', contact }) } }),
      'POST /api/v1/extranet/bookings/b1/contact': (_url, init) => {
        const sent = JSON.parse(String(init.body)) as Record<string, string>;
        if (sent.phone === 'llámame')
          return {
            status: 400,
            body: {
              error: { code: 'INVALID_ARGUMENT', message: "'llámame' is not a phone number", field: 'phone', key: 'field.phone' },
            },
          };
        contact = { ...contact, ...sent };
        return { status: 200, body: { booking: detail({ status: 'CONFIRMED', contact }) } };
      },
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    await userEvent.click(await screen.findByTestId('edit-contact'));
    // The one-piece name a channel sent is edited as the first name.
    expect(screen.getByTestId('contact-first-name')).toHaveValue('John Smith');
    await userEvent.clear(screen.getByTestId('contact-phone'));
    await userEvent.type(screen.getByTestId('contact-phone'), 'llámame');
    await userEvent.click(screen.getByTestId('save-contact'));
    // The server's refusal, in Spanish, under the phone; the dialog keeps what was typed.
    expect(await screen.findByText(/Un teléfono tiene de 6 a 20 cifras/)).toBeInTheDocument();
    expect(screen.getByTestId('contact-phone')).toHaveValue('llámame');

    await userEvent.clear(screen.getByTestId('contact-phone'));
    await userEvent.type(screen.getByTestId('contact-phone'), '+44 20 7946 0000');
    await userEvent.clear(screen.getByTestId('contact-email'));
    await userEvent.type(screen.getByTestId('contact-email'), 'john@example.com');
    await userEvent.click(screen.getByTestId('save-contact'));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
        { phone: 'llámame' },
        { email: 'john@example.com', phone: '+44 20 7946 0000' },
      ]),
    );
    await waitFor(() => expect(screen.queryByTestId('save-contact')).not.toBeInTheDocument());
    expect(await screen.findByText('john@example.com')).toBeInTheDocument();
    expect(screen.getByTestId('contact-name')).toHaveTextContent('John Smith');
  });
});
