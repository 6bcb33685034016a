// A stand-in API for looking at the screens without the C++ server (development only; the tests
// that matter run against the real server: tests/e2e). Serves dist/ with index.html fallback and
// canned JSON shaped like docs/api/extranet.md.   node scripts/mock-server.mjs [port] [supplier|admin]
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const port = Number(process.argv[2] ?? 4180);
const role = process.argv[3] ?? 'supplier';
const dist = new URL('../dist/', import.meta.url).pathname;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
const addDays = (d, n) => {
  const [y, m, dd] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, dd + n)).toISOString().slice(0, 10);
};
const tz = 'Europe/Madrid';
const dep = (date, time, booked, cap, status = 'AVAILABLE') => ({
  departureId: `${date}-${time}`, productId: 'p1', productTitle: 'Madrid Old Town walking tour',
  optionId: 'o1', optionName: 'Spanish guide', timeZone: tz, localDate: date, localTime: time,
  startAt: `${date}T${String(Number(time.slice(0, 2)) - 1).padStart(2, '0')}:00:00Z`,
  booked, capacity: cap, status, unitCounts: { ADULT: Math.max(0, booked - 2), CHILD: Math.min(2, booked) },
});
const me = role === 'admin'
  ? { user: { id: 'u0', email: 'admin@paseo.test', name: 'Marta (ops)', roles: ['platform_admin'] },
      organisation: { id: 'platform', kind: 'platform', name: 'Paseo', status: 'active' } }
  : { user: { id: 'u1', email: 'lucia@tapas.test', name: 'Lucía Gómez', roles: ['supplier_owner'] },
      organisation: { id: 's1', kind: 'supplier', name: 'Paseos Madrid', status: 'active', currency: 'EUR', timezone: tz } };
const names = ['John Smith', 'Marie Dupont', 'Hans Müller', 'Ana García', 'Luca Rossi', 'Emma Brown'];
const bookings = Array.from({ length: 57 }, (_, i) => ({
  id: `b${i}`, supplierReference: `K${(7000 + i * 37).toString(36).toUpperCase()}Q`, resellerReference: `GYG-${1000 + i}`,
  status: i % 9 === 0 ? 'CANCELLED' : i % 7 === 0 ? 'ON_HOLD' : 'CONFIRMED',
  channel: i % 3 ? { id: 'r1', name: 'Viajes Sol' } : { id: null, name: 'Direct' },
  productId: 'p1', productTitle: 'Madrid Old Town walking tour', optionName: i % 2 ? 'Spanish guide' : 'English guide',
  localDate: addDays(today, (i % 10) - 2), localTime: ['10:00', '12:00', '17:00'][i % 3], timeZone: tz,
  contactName: names[i % names.length], contactEmail: `${names[i % names.length].split(' ')[0].toLowerCase()}@example.test`,
  pax: 1 + (i % 4), total: { amount: 2500 * (1 + (i % 4)), currency: 'EUR' }, createdAt: new Date(Date.now() - i * 3600e3 * 5).toISOString(),
}));
const product = {
  id: 'p1', supplierId: 's1', internalName: 'Old town walk', status: 'active',
  texts: { es: { title: 'Paseo por el Madrid de los Austrias', shortDescription: 'Dos horas a pie', description: 'Plaza Mayor, Palacio Real…' },
           en: { title: 'Madrid Old Town walking tour', shortDescription: 'Two hours on foot', description: 'Plaza Mayor, Royal Palace…' },
           fr: { title: 'Visite à pied du vieux Madrid', shortDescription: 'Deux heures à pied', description: 'Plaza Mayor, Palais royal…' } },
  city: 'Madrid', country: 'ES', category: 'walking_tour', durationMinutes: 120, timeZone: tz, currency: 'EUR',
  availabilityType: 'START_TIME', cutoffMinutes: 60, horizonDays: 365, cancellation: { freeUntilHours: 24, feePercent: 100 },
  meetingPoint: { address: 'Plaza Mayor 1', latitude: 40.4155, longitude: -3.7074, instructions: 'Under the statue' },
  pickupPoints: [{ id: 'pp1', name: 'Hotel Ritz', address: 'Plaza de la Lealtad 5', minutesBeforeStart: 30 }],
  photos: [],
  options: [{ id: 'o1', name: 'Spanish guide', default: true, pricePer: 'UNIT', units: [
    { id: 'u-a', type: 'ADULT', name: 'Adult', minAge: 18, maxAge: null, minQuantity: 0, maxQuantity: 20, paxCount: 1, retail: 2500, net: 2000 },
    { id: 'u-c', type: 'CHILD', name: 'Child', minAge: 4, maxAge: 17, minQuantity: 0, maxQuantity: 20, paxCount: 1, retail: 1200, net: 960 }] }],
  extras: [{ id: 'x1', name: 'Tapas tasting', retail: 1500, net: 1200, maxQuantity: 10 }],
  questions: [{ id: 'q1', label: 'Food allergies?', kind: 'text', perParticipant: true, required: false, choices: [] }],
};
function calendar(from, to) {
  const days = [];
  for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
    const closed = i % 11 === 5;
    const deps = closed ? [] : ['10:00', '12:00', '17:00'].map((t, j) => {
      const booked = (i * 7 + j * 5) % 21;
      return { id: `${d}-${t}`, optionId: 'o1', localTime: t, capacity: 20, booked,
        status: booked >= 20 ? 'SOLD_OUT' : booked > 10 ? 'LIMITED' : 'AVAILABLE', closed: false, oneOff: false, capacityOverride: null };
    });
    const booked = deps.reduce((a, x) => a + x.booked, 0);
    days.push({ date: d, status: closed ? 'CLOSED' : booked > 30 ? 'LIMITED' : 'AVAILABLE', closed, capacity: deps.length * 20, booked, departures: deps });
  }
  return { productId: 'p1', timeZone: tz, availabilityType: 'START_TIME', days };
}
const series = Array.from({ length: 30 }, (_, i) => ({ date: addDays(today, i - 29), bookings: 3 + ((i * 7) % 11), revenue: (3 + ((i * 7) % 11)) * 4350 }));
const application = { id: 'a1', status: 'documents', statusReason: '', companyName: 'Tapas Tours Madrid SL', contactName: 'Lucía Gómez',
  email: 'lucia@tapas.test', phone: '+34 600 000 000', destinations: ['Madrid', 'Toledo'], activityKinds: ['food tours'], website: 'https://tapas.test',
  message: 'We run daily tapas tours.', submittedAt: '2026-11-20T10:00:00Z',
  history: [{ at: '2026-11-20T10:00:00Z', status: 'submitted' }, { at: '2026-11-21T09:00:00Z', status: 'under_review', reason: '' },
            { at: '2026-11-21T12:00:00Z', status: 'approved', reason: 'Welcome' }, { at: '2026-11-22T08:00:00Z', status: 'documents' }] };
const documents = [
  { id: 'd1', kind: 'company_registration', filename: 'registro.pdf', contentType: 'application/pdf', status: 'accepted', uploadedAt: '2026-11-22T08:00:00Z' },
  { id: 'd2', kind: 'bank_account', filename: 'banco.pdf', contentType: 'application/pdf', status: 'pending', uploadedAt: '2026-11-22T08:01:00Z' },
];
const routes = {
  'GET /api/v1/me': () => me,
  'GET /api/v1/extranet/dashboard': () => ({ currency: 'EUR', timeZone: tz, localDate: today,
    today: [dep(today, '10:00', 14, 20, 'LIMITED'), dep(today, '12:00', 6, 20), dep(today, '17:00', 20, 20, 'SOLD_OUT')],
    upcoming: [dep(addDays(today, 1), '10:00', 9, 20), dep(addDays(today, 1), '17:00', 3, 20), dep(addDays(today, 2), '10:00', 12, 20, 'LIMITED')], series }),
  'GET /api/v1/extranet/bookings': (q) => { const p = Number(q.get('page') ?? 1); const f = bookings.filter((b) => !q.get('q') || JSON.stringify(b).toLowerCase().includes(q.get('q').toLowerCase())); return { items: f.slice((p - 1) * 50, p * 50), total: f.length, page: p, pageSize: 50 }; },
  'GET /api/v1/extranet/bookings/b1': () => ({ booking: { ...bookings[1], contact: { fullName: 'Marie Dupont', email: 'marie@example.test', phone: '+33 6 00 00 00 00', locale: 'fr', country: 'FR' },
    items: [{ unitType: 'ADULT', unitName: 'Adult', quantity: 2, retail: { amount: 2500, currency: 'EUR' }, total: { amount: 5000, currency: 'EUR' } }],
    extras: [{ name: 'Tapas tasting', quantity: 2, total: { amount: 3000, currency: 'EUR' } }], answers: [{ question: 'Food allergies?', answer: 'Gluten', participant: 1 }],
    pickup: { name: 'Hotel Ritz', address: 'Plaza de la Lealtad 5', localTime: '09:30' },
    history: [{ at: '2026-11-22T10:00:00Z', action: 'reserved', channel: 'Viajes Sol', actor: 'OCTO' }, { at: '2026-11-22T10:01:00Z', action: 'confirmed', channel: 'Viajes Sol', actor: 'OCTO' }] } }),
  'GET /api/v1/extranet/products': () => ({ items: [{ id: 'p1', title: 'Madrid Old Town walking tour', status: 'active', availabilityType: 'START_TIME', timeZone: tz, currency: 'EUR', options: [{ id: 'o1', name: 'Spanish guide' }] }] }),
  'GET /api/v1/extranet/products/p1': () => ({ product }),
  'GET /api/v1/admin/products/p1': () => ({ product }),
  'GET /api/v1/extranet/calendar': (q) => calendar(q.get('from'), q.get('to')),
  'GET /api/v1/extranet/products/p1/rules': () => ({ items: [{ id: 'r1', optionId: 'o1', weekdays: [1, 2, 3, 4, 5, 6, 7], times: ['10:00', '12:00', '17:00'], from: '2026-01-01', to: null, capacity: 20 }] }),
  'GET /api/v1/extranet/products/p1/prices': () => ({ items: [{ id: 'pr1', optionId: 'o1', unitId: 'u-a', from: '2026-12-20', to: '2027-01-06', retail: 3000, net: 2400 }] }),
  'GET /api/v1/extranet/daysheet': (q) => ({ date: q.get('date'), departures: [{ productTitle: 'Madrid Old Town walking tour', optionName: 'Spanish guide', localTime: '10:00', timeZone: tz, booked: 7, capacity: 20, unitTotals: { ADULT: 5, CHILD: 2 },
    bookings: [{ supplierReference: 'K7M4QX', status: 'CONFIRMED', contactName: 'Marie Dupont', phone: '+33 6 00', pickup: { name: 'Hotel Ritz', localTime: '09:30' }, units: { ADULT: 2 }, extras: [{ name: 'Tapas tasting', quantity: 2 }], answers: [{ question: 'Food allergies?', answer: 'Gluten' }] },
               { supplierReference: 'P3X9ZA', status: 'CONFIRMED', contactName: 'John Smith', phone: '+44 20', pickup: { name: 'Hotel Palace', localTime: '09:40' }, units: { ADULT: 1, CHILD: 2 } },
               { supplierReference: 'Q8W2ER', status: 'CONFIRMED', contactName: 'Ana García', phone: '+34 6', pickup: null, units: { ADULT: 2 } }] }] }),
  'GET /api/v1/my/application': () => ({ application, documents, conditions: { version: 3, title: 'General conditions v3', text: 'Paseo sells your activities…\n\n1. Commission…\n2. Payouts monthly…', acceptedVersion: null, acceptedAt: null } }),
  'GET /api/v1/organisation/users': () => ({ items: [{ id: 'u1', email: 'lucia@tapas.test', name: 'Lucía Gómez', role: 'supplier_owner', status: 'active' }, { id: 'u2', email: 'pablo@tapas.test', name: 'Pablo', role: 'supplier_staff', status: 'active' }] }),
  'GET /api/v1/admin/applications': () => ({ items: [application, { ...application, id: 'a2', companyName: 'Flamenco Nights SL', status: 'submitted', contactName: 'Carmen' }, { ...application, id: 'a3', companyName: 'Toledo Day Trips', status: 'under_review', contactName: 'Jorge' }], total: 3 }),
  'GET /api/v1/admin/applications/a1': () => ({ application, documents }),
  'GET /api/v1/admin/suppliers': () => ({ items: [{ id: 's1', name: 'Paseos Madrid', status: 'active', currency: 'EUR', timezone: tz, commissionBp: 2000, email: 'reservas@paseos.test', productCount: 2 }, { id: 's2', name: 'Tapas Tours Madrid SL', status: 'applicant', currency: 'EUR', timezone: tz, commissionBp: 2500, productCount: 0 }] }),
  'GET /api/v1/admin/suppliers/s1': () => ({ supplier: { id: 's1', name: 'Paseos Madrid', status: 'active', currency: 'EUR', timezone: tz, commissionBp: 2000, email: 'reservas@paseos.test' }, users: [{ id: 'u1', email: 'lucia@tapas.test', name: 'Lucía Gómez', role: 'supplier_owner' }] }),
  'GET /api/v1/admin/suppliers/s1/products': () => ({ items: [{ id: 'p1', title: 'Madrid Old Town walking tour', status: 'active', timeZone: tz, currency: 'EUR' }] }),
  'GET /api/v1/admin/resellers': () => ({ items: [{ id: 'r1', name: 'Viajes Sol', status: 'active', email: 'api@viajes-sol.test', keys: [{ id: 'k1', name: 'OCTO live', prefix: 'pk_live_3f9a', createdAt: '2026-11-01T10:00:00Z', lastUsedAt: '2026-11-23T09:12:00Z', revokedAt: null }, { id: 'k0', name: 'old', prefix: 'pk_live_0a1b', revokedAt: '2026-10-01T00:00:00Z' }] }] }),
};
const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png' };
createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/')) {
    const h = routes[`${req.method} ${url.pathname}`];
    res.setHeader('Content-Type', 'application/json');
    if (!h) { res.statusCode = req.method === 'GET' ? 404 : 400; return res.end(JSON.stringify({ error: { code: 'INVALID_ARGUMENT', message: 'mock: not implemented', field: 'name' } })); }
    return res.end(JSON.stringify(h(url.searchParams)));
  }
  let file = join(dist, url.pathname);
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
  res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
  res.end(readFileSync(file));
}).listen(port, '127.0.0.1', () => console.log(`mock on http://127.0.0.1:${port} as ${role}`));
