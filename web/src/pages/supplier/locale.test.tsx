// Supplier screens and the UI language: every request carries it (Accept-Language) and a language
// switch refetches, so product and option names come back translated; unit types are translated
// wherever they are shown; the day sheet names the option each booking was sold under.
import { Button } from '@mantine/core';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Departure } from '../../api/types';
import { useI18n } from '../../i18n';
import { renderAt, stubApi } from '../../test/render';
import BookingDetail from './BookingDetail';
import Bookings from './Bookings';
import Dashboard from './Dashboard';
import DaySheet from './DaySheet';
import Products from './Products';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };
const titles: Record<string, string> = { en: 'Tapas walk', es: 'Ruta de tapas', fr: 'Balade des tapas' };
const header = (init: RequestInit) => (init.headers as Record<string, string>)['Accept-Language'];

/** The products list answers in the language the request asks for, like the server. */
const productsIn = (_url: string, init: RequestInit) => ({
  status: 200,
  body: {
    items: [
      {
        id: 'p1',
        title: titles[header(init)] ?? titles.en,
        status: 'active',
        timeZone: 'Europe/Madrid',
        currency: 'EUR',
        options: [{ id: 'o1', name: header(init) === 'es' ? 'De día' : 'Daytime' }],
      },
    ],
  },
});

function Switch() {
  const { setLocale } = useI18n();
  return <Button onClick={() => setLocale('es')}>to-es</Button>;
}

describe('UI language on requests', () => {
  it('sends Accept-Language and refetches translated names when the language changes', async () => {
    const calls = stubApi({ 'GET /api/v1/me': () => unauth, 'GET /api/v1/extranet/products': productsIn });
    renderAt(
      '/p',
      '/p',
      <>
        <Switch />
        <Products />
      </>,
      'fr',
    );
    const table = await screen.findByTestId('products-table');
    await within(table).findByText('Balade des tapas');
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'to-es' }));
    await within(table).findByText('Ruta de tapas');
    expect(within(table).getByText('De día')).toBeInTheDocument();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/extranet/products')).length).toBeGreaterThanOrEqual(2);
  });

  it('puts the UI language on the CSV export link (a plain link the browser follows)', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': productsIn,
      'GET /api/v1/extranet/bookings': () => ({ status: 200, body: { items: [], total: 0, page: 1, pageSize: 50 } }),
    });
    renderAt('/b', '/b', <Bookings />, 'es');
    const csv = (await screen.findByTestId('csv-export')).getAttribute('href')!;
    expect(new URL(csv, 'http://x').searchParams.get('lang')).toBe('es');
  });
});

describe('Unit types are translated', () => {
  const dep: Departure = {
    productId: 'p1',
    productTitle: 'Ruta de tapas',
    optionId: 'o1',
    optionName: 'De día',
    availabilityType: 'START_TIME',
    timeZone: 'Europe/Madrid',
    localDate: '2026-11-23',
    localTime: '10:00',
    booked: 4,
    capacity: 20,
    status: 'AVAILABLE',
    unitCounts: { ADULT: 2, CHILD: 1, INFANT: 1 },
    options: [{ optionId: 'o1', optionName: 'De día', unitCounts: { ADULT: 2, CHILD: 1, INFANT: 1 } }],
  };
  it.each([
    ['es', ['Adulto × 2', 'Niño × 1', 'Bebé × 1']],
    ['fr', ['Adulte × 2', 'Enfant × 1', 'Bébé × 1']],
    ['en', ['Adult × 2', 'Child × 1', 'Infant × 1']],
  ] as const)('on the dashboard in %s', async (locale, expected) => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/dashboard': () => ({
        status: 200,
        body: { currency: 'EUR', series: [], today: [dep], upcoming: [] },
      }),
    });
    renderAt('/s', '/s', <Dashboard />, locale);
    const badges = await screen.findAllByTestId('unit-badge');
    expect(badges.map((b) => b.textContent)).toEqual(expected);
    expect(screen.queryByText(/ADULT/)).toBeNull();
  });

  it('in the booking detail when the unit has no name', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/bookings/b1': () => ({
        status: 200,
        body: {
          booking: {
            id: 'b1',
            supplierReference: 'K7M4QX',
            status: 'CONFIRMED',
            productTitle: 'Ruta de tapas',
            optionName: 'De día',
            localDate: '2026-11-23',
            localTime: '10:00',
            timeZone: 'Europe/Madrid',
            total: { amount: 5000, currency: 'EUR' },
            items: [
              { unitType: 'SENIOR', unitName: '', quantity: 1 },
              { unitType: 'STUDENT', quantity: 1 },
            ],
            history: [],
          },
        },
      }),
    });
    renderAt('/b/b1', '/b/:id', <BookingDetail />, 'es');
    expect(await screen.findByText('Senior')).toBeInTheDocument();
    expect(screen.getByText('Estudiante')).toBeInTheDocument();
    expect(screen.queryByText('STUDENT')).toBeNull();
  });
});

describe('Day sheet options', () => {
  it("shows each booking's own option and the options booked, not the product's first option", async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/extranet/products': productsIn,
      'GET /api/v1/extranet/daysheet': () => ({
        status: 200,
        body: {
          date: '2026-11-23',
          departures: [
            {
              productTitle: 'Ruta de tapas',
              optionName: '',
              options: [
                { optionId: 'en', optionName: 'Guía en inglés', unitTotals: { ADULT: 1 } },
                { optionId: 'day', optionName: 'De día', unitTotals: { ADULT: 2, CHILD: 1 } },
              ],
              localTime: '10:00',
              booked: 4,
              capacity: 20,
              unitTotals: { ADULT: 3, CHILD: 1 },
              bookings: [
                { supplierReference: 'AAA111', contactName: 'Ana', optionId: 'en', optionName: 'Guía en inglés', units: { ADULT: 1 } },
                { supplierReference: 'BBB222', contactName: 'Bea', optionId: 'day', optionName: 'De día', units: { ADULT: 2, CHILD: 1 } },
              ],
            },
            {
              productTitle: 'Ruta de tapas',
              optionName: 'De día',
              options: [{ optionId: 'day', optionName: 'De día', unitTotals: { ADULT: 3 } }],
              localTime: '12:00',
              booked: 3,
              capacity: 20,
              unitTotals: { ADULT: 3 },
              bookings: [
                {
                  supplierReference: 'CCC333',
                  contactName: 'Carl',
                  optionId: 'day',
                  optionName: 'De día',
                  units: { ADULT: 3 },
                  pickupHotel: { name: 'Hotel Gran Vía', room: '12' },
                },
              ],
            },
          ],
        },
      }),
    });
    renderAt('/d?date=2026-11-23', '/d', <DaySheet />, 'es');
    const [ten, noon] = await screen.findAllByTestId('daysheet-departure');
    // Two options booked at 10:00: no single option in the heading, one group per option.
    expect(within(ten).getByRole('heading', { level: 4 }).textContent).not.toMatch(/Guía|De día/);
    const groups = within(ten).getAllByTestId('daysheet-option');
    expect(groups.map((g) => g.getAttribute('data-option-id'))).toEqual(['en', 'day']);
    expect(groups[1]).toHaveTextContent('De día');
    expect(groups[1]).toHaveTextContent('Adulto × 2');
    expect(groups[1]).toHaveTextContent('Niño × 1');
    const opts = within(ten).getAllByTestId('daysheet-booking-option').map((c) => c.textContent);
    expect(opts).toEqual(['Guía en inglés', 'De día']);
    const rows = within(ten).getAllByTestId('daysheet-booking');
    expect(rows[1]).toHaveTextContent('Adulto × 2, Niño × 1');
    // Only "De día" booked at 12:00: that is the option named, not the product's first one.
    expect(within(noon).getByRole('heading', { level: 4 })).toHaveTextContent('De día');
    expect(within(noon).queryByText('Guía en inglés')).toBeNull();
    expect(within(noon).getByTestId('daysheet-booking-option')).toHaveTextContent('De día');
    // A hotel pickup is on the sheet, where the driver looks for it, instead of the meeting point.
    expect(within(noon).getByTestId('daysheet-pickup-hotel')).toHaveTextContent(
      'Recogida en el hotel: Hotel Gran Vía, habitación 12',
    );
    expect(within(noon).queryByText('Punto de encuentro')).toBeNull();
    expect(within(ten).queryByTestId('daysheet-pickup-hotel')).toBeNull();
  });
});
