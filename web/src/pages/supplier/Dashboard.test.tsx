// Supplier dashboard against a stubbed API: opening hours instead of a midnight "start", seats
// shown under the option that sold them, and status badges that keep their whole label.
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Departure, Locale } from '../../api/types';
import { renderAt, stubApi } from '../../test/render';
import Dashboard from './Dashboard';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };

const tour = (over: Partial<Departure>): Departure => ({
  productId: 'tour',
  productTitle: 'Old town walk',
  optionId: 'en',
  optionName: 'In English',
  availabilityType: 'START_TIME',
  timeZone: 'Europe/Madrid',
  localDate: '2026-11-23',
  localTime: '10:00',
  booked: 0,
  capacity: 20,
  status: 'AVAILABLE',
  unitCounts: {},
  options: [
    { optionId: 'en', optionName: 'In English', unitCounts: {} },
    { optionId: 'es', optionName: 'In Spanish', unitCounts: {} },
  ],
  ...over,
});
const museum = (over: Partial<Departure>): Departure => ({
  productId: 'museum',
  productTitle: 'Art museum',
  optionId: 'DEFAULT',
  optionName: 'General admission',
  availabilityType: 'OPENING_HOURS',
  timeZone: 'Europe/Madrid',
  localDate: '2026-11-23',
  localTime: '00:00',
  booked: 0,
  capacity: 300,
  status: 'AVAILABLE',
  unitCounts: {},
  options: [{ optionId: 'DEFAULT', optionName: 'General admission', unitCounts: {} }],
  ...over,
});

function serve(today: Departure[], upcoming: Departure[] = []) {
  return stubApi({
    'GET /api/v1/me': () => unauth,
    'GET /api/v1/extranet/dashboard': () => ({
      status: 200,
      body: { currency: 'EUR', timeZone: 'Europe/Madrid', localDate: '2026-11-23', series: [], today, upcoming },
    }),
  });
}
const rows = async () => within((await screen.findAllByTestId('departures'))[0]).getAllByRole('row');
// Intervals never break (word joiners, no-break spaces); compare them as plain text.
const text = (el: HTMLElement) =>
  (el.textContent ?? '').replace(/\u2060/g, '').replace(/[\u202f\u00a0]/g, ' ');

describe('Dashboard: opening hours', () => {
  it('shows an OPENING_HOURS day as its opening hours in the locale, never as a midnight start', async () => {
    serve([
      museum({ openingHours: [{ from: '09:00', to: '18:00' }] }),
      museum({ productId: 'm2', openingHours: [{ from: '10:00', to: '14:00' }, { from: '16:00', to: '20:00' }] }),
      museum({ productId: 'm3', openingHours: [{ from: '00:00', to: '23:59' }] }),
      tour({ localTime: '17:00' }),
    ]);
    renderAt('/supplier', '/supplier', <Dashboard />, 'en');
    const [a, b, c, d] = await rows();
    const when = (r: HTMLElement) => text(within(r).getByTestId('departure-when'));
    expect(when(a)).toContain('Open 9:00 AM–6:00 PM');
    expect(when(a)).toContain('Europe/Madrid');
    expect(when(b)).toContain('Open 10:00 AM–2:00 PM, 4:00 PM–8:00 PM');
    expect(when(c)).toContain('Open all day');
    expect(when(d)).toContain('5:00 PM');
    for (const r of [a, b, c]) expect(when(r)).not.toContain('12:00 AM');
  });

  it('formats the hours for the language (24-hour clock in Spanish)', async () => {
    serve([museum({ openingHours: [{ from: '09:00', to: '18:00' }] })]);
    renderAt('/supplier', '/supplier', <Dashboard />, 'es');
    const [a] = await rows();
    expect(text(within(a).getByTestId('departure-when'))).toContain('Abierto 9:00–18:00');
  });
});

describe('Dashboard: options', () => {
  it('lists booked units under the option that sold them, not under the first option', async () => {
    serve([
      tour({
        booked: 3,
        unitCounts: { ADULT: 3 },
        options: [
          { optionId: 'en', optionName: 'In English', unitCounts: {} },
          { optionId: 'es', optionName: 'In Spanish', unitCounts: { ADULT: 2 } },
          { optionId: 'fr', optionName: 'In French', unitCounts: { ADULT: 1 } },
        ],
      }),
      tour({ localTime: '12:00' }),
    ]);
    renderAt('/supplier', '/supplier', <Dashboard />, 'en');
    const [sold, empty] = await rows();
    const groups = within(sold).getAllByTestId('departure-option');
    expect(groups.map((g) => g.getAttribute('data-option-id'))).toEqual(['es', 'fr']);
    expect(groups[0]).toHaveTextContent('In Spanish');
    expect(groups[0]).toHaveTextContent('Adult × 2');
    expect(groups[1]).toHaveTextContent('Adult × 1');
    // The default option sold nothing here: its name must not label the departure.
    expect(within(sold).queryByText('In English')).toBeNull();
    // Nothing sold: the departure is shared by every option.
    expect(within(empty).queryAllByTestId('departure-option')).toHaveLength(0);
    expect(within(empty).getByText('All 2 options')).toBeInTheDocument();
  });

  it('keeps the option name and unit totals of a single-option product', async () => {
    serve([museum({ booked: 2, unitCounts: { ADULT: 2 }, openingHours: [{ from: '09:00', to: '18:00' }] })]);
    renderAt('/supplier', '/supplier', <Dashboard />, 'en');
    const [r] = await rows();
    expect(within(r).getByText('General admission')).toBeInTheDocument();
    expect(within(r).getByText('Adult × 2')).toBeInTheDocument();
  });
});

describe('Dashboard: status badges', () => {
  const statuses = ['AVAILABLE', 'LIMITED', 'SOLD_OUT', 'CLOSED', 'FREESALE'];
  const labels: Record<Locale, string[]> = {
    en: ['Available', 'Limited', 'Sold out', 'Closed', 'Free sale'],
    es: ['Disponible', 'Limitada', 'Agotada', 'Cerrada', 'Venta libre'],
    fr: ['Disponible', 'Limitée', 'Complet', 'Fermé', 'Vente libre'],
  };
  for (const locale of ['en', 'es', 'fr'] as Locale[]) {
    it(`gives every badge its whole label and never less than its width (${locale})`, async () => {
      serve(statuses.map((status, i) => tour({ status, localTime: `1${i}:00`, booked: 1 })));
      renderAt('/supplier', '/supplier', <Dashboard />, locale);
      await rows();
      const badges = document.querySelectorAll<HTMLElement>('[data-status]');
      expect([...badges].map((b) => b.getAttribute('data-status'))).toEqual(statuses);
      expect([...badges].map((b) => b.textContent)).toEqual(labels[locale]);
      // A Mantine Badge clips its label (overflow hidden) when a table cell squeezes it; the
      // min-width keeps it as wide as its label in every language (checked in chromium by hand).
      for (const b of badges) expect(b.style.minWidth).toBe('max-content');
    });
  }
});
