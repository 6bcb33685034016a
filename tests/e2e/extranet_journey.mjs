#!/usr/bin/env node
// Second end-to-end journey (issue 5), in a real browser against the real server started with
// --demo (supplier "Paseos Madrid", the Madrid walking tour at 10:00/12:00/17:00 daily with 20
// seats, a reseller OCTO key): the flows the first journey does not cover, each checked in the UI
// and through the server.
//   1. Calendar: a quota on one departure, closing one departure, a one-off departure and a
//      date-range price, each seen by a reseller in OCTO POST /availability (octo/pricing).
//   2. Back office product form: a photo upload is served resized (JPEG thumb and large variants).
//   3. Account: a staff invitation emailed, accepted in the browser, the staff user sees what the
//      role allows; that user changes the password (old one refused, new one works).
//   4. The language switch (es, fr) is remembered after a reload, in the browser and per user.
//
//   node extranet_journey.mjs --paseo PATH/paseo --web-root web/dist [--screenshots DIR] [--keep]
//
// Prints one line per step (PASS, FAIL, SKIP); exit status 0 only when every step passed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import * as e2e from './lib.mjs';
import { die, mailTo, pick, shot, until } from './lib.mjs';

const chromium = await e2e.preflight();
const work = e2e.workDir();
const { port: smtpPort, waitMail } = await e2e.startSmtp(work);
const server = await e2e.startPaseo({
  work,
  dbUrl: `sqlite:${join(work, 'paseo.db')}`,
  smtpPort,
  extra: ['--demo'],
});
const BASE = server.base;
// The demo logins and the reseller key are printed by `paseo serve --demo` (src/main.cpp).
const welcome = await until('the demo welcome', () => /Reseller API key: (pk_\S+)/.exec(server.output()), 10000);
const API_KEY = welcome[1];
const grab = (re) => re.exec(server.output())?.slice(1) ?? die(`demo welcome: no ${re}`);
const [ADMIN_EMAIL, ADMIN_PASSWORD] = grab(/Operator login:\s+(\S+) \/ (\S+)/);
const [OWNER_EMAIL, OWNER_PASSWORD] = grab(/Supplier login:\s+(\S+) \/ (\S+)/);
const PRODUCT = 'madrid-walking-tour'; // kDemoWalkingTourId, options "es" and "en"

const browser = await e2e.launchBrowser(chromium);
const newPage = (locale = 'en') => e2e.newPage(browser, locale);
const login = (page, email, password) => e2e.login(page, BASE, email, password);
const { step, results } = e2e.stepRunner();

// ---------------------------------------------------------------- helpers
const madridToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
const addDays = (d, n) => {
  const [y, m, dd] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, dd + n)).toISOString().slice(0, 10);
};

async function octo(path, body) {
  const r = await fetch(`${BASE}/octo${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      Authorization: `Bearer ${API_KEY}`,
      'Content-Type': 'application/json',
      'Octo-Capabilities': 'octo/pricing',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`/octo${path} → ${r.status} ${JSON.stringify(json)}`);
  return json;
}
const availability = (optionId, date) =>
  octo('/availability', { productId: PRODUCT, optionId, localDateStart: date, localDateEnd: date });
const at = (list, date, time) => list.find((a) => a.localDateTimeStart.startsWith(`${date}T${time}`));
const brief = (a) => (a ? `${a.localDateTimeStart} ${a.status} ${a.vacancies}/${a.capacity}` : 'none');

/** The browser session's JSON API (its cookies; the CSRF header from the paseo_csrf cookie). */
function api(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = /(?:^|; )paseo_csrf=([^;]*)/.exec(document.cookie)?.[1];
      const r = await fetch(p, {
        method: m,
        headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': decodeURIComponent(csrf) } : {}) },
        body: b ? JSON.stringify(b) : undefined,
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    [method, path, body],
  );
}

/** An RGB PNG of width × height (diagonal stripes), made here so the test needs no image file. */
function makePng(width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // filter byte 0 (None)
    for (let x = 0; x < width; x++) {
      const on = ((x + y) >> 5) & 1;
      raw[row + 1 + x * 3] = on ? 230 : 20;
      raw[row + 2 + x * 3] = (x * 255) / width;
      raw[row + 3 + x * 3] = (y * 255) / height;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** {width, height} of a JPEG (its SOFn segment) or PNG (IHDR); null when it is neither. */
function imageSize(b) {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { type: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let i = 2; i + 9 < b.length; ) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; }
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { type: 'jpeg', height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return null;
}

const ctx = {};
const owner = await newPage();

// ---------------------------------------------------------------- 1. calendar
const day = addDays(madridToday, 5); // quota on 10:00, 12:00 closed, one-off 15:30
const priceFrom = addDays(madridToday, 6);
const priceTo = addDays(madridToday, 7);
const afterPrice = addDays(madridToday, 8);

await step('owner-login', 'the demo supplier owner signs in', [], async () => {
  await login(owner, OWNER_EMAIL, OWNER_PASSWORD);
  await owner.getByRole('link', { name: 'Calendar' }).waitFor();
});

await step('cal-departures', 'calendar: per-departure quota, closed departure and one-off departure reach OCTO', ['owner-login'], async () => {
  const before = await availability('en', day);
  for (const t of ['10:00', '12:00']) {
    const a = at(before, day, t);
    if (!a || a.capacity !== 20 || a.status !== 'AVAILABLE') throw new Error(`before: ${t} is ${brief(a)}, not 20 seats AVAILABLE`);
  }
  if (at(before, day, '15:30')) throw new Error(`before: a 15:30 departure already exists`);

  await owner.goto(`${BASE}/supplier/calendar?productId=${PRODUCT}&date=${day}&day=${day}`);
  const panel = owner.getByTestId('day-panel');
  const row = (t) => panel.getByTestId(`departure-${t}`);
  await row('10:00').waitFor();

  // Quota 7 on the 10:00 departure only.
  await row('10:00').getByLabel('Quota').fill('7');
  await row('10:00').getByRole('button', { name: 'Set quota' }).click();
  await until('10:00 shows 0/7', async () => (await row('10:00').textContent()).includes('0/7'));
  if (!(await row('17:00').textContent()).includes('0/20')) throw new Error('the quota leaked to 17:00');

  // Close the 12:00 departure only.
  await row('12:00').getByRole('button', { name: 'Close', exact: true }).click();
  await row('12:00').getByRole('button', { name: 'Open', exact: true }).waitFor();

  // A one-off departure at 15:30 for 6.
  await panel.getByLabel('Add a one-off departure').fill('15:30');
  await panel.getByLabel('Capacity').fill('6');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await row('15:30').waitFor();
  await row('15:30').getByText('one-off').waitFor();
  if (await panel.getByTestId('day-error').count()) throw new Error(await panel.getByTestId('day-error').textContent());

  // The same, after a reload (stored, not just local state).
  await owner.reload();
  await until('reloaded day panel', async () =>
    (await row('10:00').textContent()).includes('0/7') &&
    (await row('12:00').getByRole('button', { name: 'Open', exact: true }).count()) === 1 &&
    (await row('15:30').textContent()).includes('0/6'),
  );
  await panel.scrollIntoViewIfNeeded();
  await shot(owner, 'supplier-calendar-departures');

  // What a reseller sees, for both options (capacity is the product's, shared by its options).
  const lines = [];
  for (const option of ['en', 'es']) {
    const list = await availability(option, day);
    const q = at(list, day, '10:00');
    const closed = at(list, day, '12:00');
    const oneOff = at(list, day, '15:30');
    const other = at(list, day, '17:00');
    if (!q || q.capacity !== 7 || q.vacancies !== 7 || !q.available) throw new Error(`${option}: 10:00 is ${brief(q)}, want 7/7 AVAILABLE`);
    if (!closed || closed.status !== 'CLOSED' || closed.available !== false)
      throw new Error(`${option}: closed 12:00 is ${closed ? JSON.stringify({ status: closed.status, available: closed.available }) : 'missing'}, want status CLOSED`);
    if (!oneOff || oneOff.capacity !== 6 || !oneOff.available) throw new Error(`${option}: one-off 15:30 is ${brief(oneOff)}, want 6 seats AVAILABLE`);
    if (!other || other.capacity !== 20) throw new Error(`${option}: 17:00 is ${brief(other)}, want untouched 20`);
    lines.push(`${option}: ${[q, closed, oneOff].map((a) => a.localDateTimeStart.slice(11, 16) + ' ' + a.status + ' ' + a.vacancies + '/' + a.capacity).join(', ')}`);
  }
  return lines.join('; ');
});

await step('cal-price', 'calendar: a date-range price shows in OCTO pricing for those dates only', ['owner-login'], async () => {
  const adult = (list, time) => at(list, list[0]?.localDateTimeStart.slice(0, 10), time)?.unitPricing?.find((u) => u.unitId === 'adult');
  const base = adult(await availability('en', priceFrom), '10:00');
  if (!base || base.retail !== 2500) throw new Error(`before: adult retail ${JSON.stringify(base)}, want 2500`);

  await owner.goto(`${BASE}/supplier/calendar?productId=${PRODUCT}&date=${priceFrom}`);
  const card = owner.locator('.mantine-Card-root').filter({ has: owner.getByRole('heading', { name: 'Prices for date ranges' }) });
  await card.waitFor();
  await pick(owner, 'Unit', 'In English · Adult');
  await card.getByLabel('Valid from').fill(priceFrom);
  await card.getByLabel('Valid to').fill(priceTo);
  await card.getByLabel('Retail price (EUR)').fill('39.50');
  await card.getByLabel('Net price (EUR)').fill('30');
  await card.getByRole('button', { name: 'Add price' }).click();
  await card.getByRole('row').filter({ hasText: '39.50' }).waitFor();
  await owner.reload();
  const row = card.getByRole('row').filter({ hasText: '39.50' });
  await row.waitFor();
  if (!(await row.textContent()).includes('30.00')) throw new Error(`price row after reload: ${await row.textContent()}`);
  await card.scrollIntoViewIfNeeded();
  await shot(owner, 'supplier-calendar-prices');

  const inRange = adult(await availability('en', priceFrom), '17:00');
  const lastDay = adult(await availability('en', priceTo), '10:00');
  const outside = adult(await availability('en', afterPrice), '10:00');
  const otherOption = adult(await availability('es', priceFrom), '10:00');
  if (inRange?.retail !== 3950 || inRange?.net !== 3000 || inRange?.currency !== 'EUR')
    throw new Error(`en ${priceFrom}: adult ${JSON.stringify(inRange)}, want retail 3950 net 3000 EUR`);
  if (lastDay?.retail !== 3950) throw new Error(`en ${priceTo} (last day of the range): adult ${JSON.stringify(lastDay)}`);
  if (outside?.retail !== 2500) throw new Error(`en ${afterPrice} (after the range): adult ${JSON.stringify(outside)}, want 2500`);
  if (otherOption?.retail !== 2500) throw new Error(`es ${priceFrom}: adult ${JSON.stringify(otherOption)}, want 2500 (the price was for "en")`);
  return `adult ${priceFrom}..${priceTo}: ${inRange.retail}/${inRange.net} (en), ${outside.retail} after, ${otherOption.retail} on es`;
});

// ---------------------------------------------------------------- 2. photo
await step('photo', 'product form: an uploaded photo is served resized (JPEG thumb ≤ 400 px, large ≤ 1600 px)', [], async () => {
  const W = 1000;
  const H = 750;
  const png = makePng(W, H);
  const file = join(work, 'photo.png');
  writeFileSync(file, png);
  const admin = await newPage();
  await login(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.goto(`${BASE}/admin/products/${PRODUCT}`);
  const card = admin.locator('.mantine-Card-root').filter({ has: admin.getByRole('heading', { name: 'Photos' }) });
  await card.getByRole('button', { name: 'Upload' }).waitFor();
  const before = await card.locator('img').count();
  const photosOf = async () => {
    const r = await api(admin, 'GET', `/api/v1/admin/products/${PRODUCT}`);
    if (r.status !== 200) throw new Error(`GET /api/v1/admin/products/${PRODUCT}: ${r.status}`);
    return (r.body?.product ?? r.body)?.photos ?? [];
  };
  const known = new Set((await photosOf()).map((p) => p.id));
  // (The upload's response body is not read through the browser: chromium may evict it.)
  const posted = admin.waitForResponse((r) => r.request().method() === 'POST' && /\/photos$/.test(new URL(r.url()).pathname));
  const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), card.getByRole('button', { name: 'Upload' }).click()]);
  await chooser.setFiles(file);
  const res = await posted;
  if (res.status() !== 201) throw new Error(`upload answered ${res.status()}`);
  // Stored: the product (JSON API, admin session) lists the new photo.
  const added = (await photosOf()).filter((p) => !known.has(p.id));
  if (added.length !== 1) throw new Error(`GET product: ${added.length} new photos, want 1`);
  const photo = added[0];
  await until('the thumbnail in the form', async () => (await card.locator('img').count()) === before + 1);
  const src = await card.locator('img').last().getAttribute('src');
  if (src !== photo.thumbUrl) throw new Error(`the form shows ${src}, not the thumb ${photo.thumbUrl}`);
  await until('the thumbnail is decoded', () => card.locator('img').last().evaluate((i) => i.complete && i.naturalWidth > 0));
  await card.scrollIntoViewIfNeeded();
  await shot(admin, 'admin-product-photo');

  await admin.reload();
  await card.locator(`img[src="${photo.thumbUrl}"]`).waitFor(); // still there after a reload

  const get = async (url) => {
    const r = await fetch(new URL(url, BASE));
    const body = Buffer.from(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), cache: r.headers.get('cache-control') ?? '', body, size: imageSize(body) };
  };
  const thumb = await get(photo.thumbUrl);
  // The documented variants (docs/api/extranet.md: GET /media/photos/{photoId}/{variant}).
  const large = await get(`/media/photos/${photo.id}/large`);
  const original = await get(`/media/photos/${photo.id}/original`);
  if (!photo.thumbUrl.endsWith(`/media/photos/${photo.id}/thumb`) || !photo.url.endsWith(`/media/photos/${photo.id}/large`))
    throw new Error(`product JSON links ${photo.url} and ${photo.thumbUrl}, not the large and thumb variants`);
  const fmt = (v) => `${v.status} ${v.type} ${v.size?.width}x${v.size?.height} ${v.body.length} B`;
  if (thumb.status !== 200 || !thumb.type?.startsWith('image/jpeg') || thumb.size?.type !== 'jpeg')
    throw new Error(`thumb: ${fmt(thumb)}`);
  if (thumb.size.width !== 400 || thumb.size.height !== 300) throw new Error(`thumb is ${thumb.size.width}x${thumb.size.height}, want 400x300`);
  if (large.status !== 200 || large.size?.type !== 'jpeg' || large.size.width !== W || large.size.height !== H)
    throw new Error(`large: ${fmt(large)}, want a ${W}x${H} JPEG (never scaled up)`);
  if (original.status !== 200 || !original.type?.startsWith('image/png') || !original.body.equals(png))
    throw new Error(`original: ${fmt(original)}, want the uploaded PNG byte for byte`);
  if (!/immutable/.test(thumb.cache)) throw new Error(`thumb Cache-Control "${thumb.cache}"`);
  if (thumb.body.length >= png.length) throw new Error(`thumb ${thumb.body.length} B is not smaller than the ${png.length} B upload`);
  await admin.context().close();
  return `PNG ${W}x${H} ${png.length} B → thumb ${fmt(thumb)}, large ${fmt(large)}`;
});

// ---------------------------------------------------------------- 3. account
const tag = Date.now().toString(36);
const staffUser = { email: `pablo.${tag}@paseos-madrid.example`, name: 'Pablo Ruiz', password: 'Staff-first-passw0rd', next: 'Staff-second-passw0rd' };
let staffPage;

await step('invite', 'account: the owner invites a staff member; the invitation email arrives', ['owner-login'], async () => {
  await owner.goto(`${BASE}/supplier/account`);
  const staffCard = owner.locator('.mantine-Card-root').filter({ has: owner.getByRole('heading', { name: 'Staff and roles' }) });
  await staffCard.getByLabel('Email').fill(staffUser.email);
  await staffCard.getByLabel('Name').fill(staffUser.name);
  await staffCard.getByRole('button', { name: 'Invite' }).click();
  const pending = owner.getByTestId('invitations').getByRole('row').filter({ hasText: staffUser.email });
  await pending.waitFor();
  if (!(await pending.textContent()).includes('Staff')) throw new Error(`pending row: ${await pending.textContent()}`);
  const listed = await api(owner, 'GET', '/api/v1/organisation/invitations');
  const inv = listed.body?.items?.find((i) => i.email === staffUser.email);
  if (listed.status !== 200 || inv?.status !== 'pending' || inv?.role !== 'supplier_staff')
    throw new Error(`GET invitations: ${listed.status} ${JSON.stringify(listed.body)}`);
  await shot(owner, 'supplier-account');
  const m = await waitMail('staff invitation', (m) => mailTo(staffUser.email)(m) && /accept-invitation\?token=/.test(m.text ?? ''));
  ctx.inviteLink = m.text.match(/https?:\/\/\S*accept-invitation\?token=[^\s>)"]+/)[0];
  return `"${m.subject}"`;
});

await step('accept', 'account: the invitation is accepted in the browser; the staff user signs in with the staff role', ['invite'], async () => {
  const accepting = await newPage();
  const link = new URL(ctx.inviteLink);
  await accepting.goto(BASE + link.pathname + link.search);
  await accepting.getByLabel('Name').fill(staffUser.name);
  await accepting.getByLabel('New password').fill(staffUser.password);
  await accepting.getByRole('button', { name: 'Save' }).click();
  await accepting.getByText('Your password is set. Sign in with it.').waitFor();
  // Accepting also signs that browser in (POST /invitations/accept answers with a session).
  const first = await api(accepting, 'GET', '/api/v1/me');
  if (first.status !== 200 || first.body?.user?.email !== staffUser.email) throw new Error(`GET /me after accepting: ${first.status}`);
  await accepting.context().close();
  // The link works once.
  const again = await fetch(`${BASE}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: link.searchParams.get('token'), name: 'x', password: 'Another-passw0rd' }),
  });
  if (again.ok) throw new Error(`the invitation token was accepted twice (${again.status})`);

  // Signing in with the chosen password, in a browser of its own.
  staffPage = await newPage();
  await login(staffPage, staffUser.email, staffUser.password);
  await staffPage.getByTestId('org-name').filter({ hasText: 'Paseos Madrid' }).waitFor();
  const me = await api(staffPage, 'GET', '/api/v1/me');
  const roles = me.body?.user?.roles;
  if (me.status !== 200 || me.body?.user?.name !== staffUser.name || JSON.stringify(roles) !== '["supplier_staff"]')
    throw new Error(`GET /me: ${JSON.stringify(me.body)}`);
  // A new member starts in the organisation's language (Paseos Madrid: es); back to English.
  const locale = me.body.user.locale;
  if (locale === 'es') await staffPage.getByRole('link', { name: 'Calendario' }).waitFor();
  await staffPage.getByTestId('language-picker').click();
  await staffPage.getByRole('option', { name: 'English' }).click();
  await staffPage.getByRole('link', { name: 'Calendar' }).waitFor();
  // The owner sees the new member in the staff list; the invitation is no longer pending.
  await owner.reload();
  const staffCard = owner.locator('.mantine-Card-root').filter({ has: owner.getByRole('heading', { name: 'Staff and roles' }) });
  await staffCard.getByRole('row').filter({ hasText: staffUser.email }).filter({ hasText: 'Staff' }).first().waitFor();
  if (await owner.getByTestId('invitations').getByRole('row').filter({ hasText: staffUser.email }).count())
    throw new Error('the accepted invitation is still listed as pending');
  return `signed in as ${roles[0]}, first language ${locale}`;
});

await step('staff-role', 'account: the staff role works the calendar and bookings but cannot invite', ['accept'], async () => {
  const p = staffPage;
  await p.getByRole('link', { name: 'Calendar' }).click();
  await p.getByTestId(`cal-day-${day}`).waitFor();
  await until('the calendar shows the quota set by the owner', async () => ((await p.getByTestId(`cal-day-${day}`).textContent()) ?? '').includes('0/7'));
  await p.getByRole('link', { name: 'Bookings' }).click();
  await p.getByTestId('booking-search').waitFor();
  await p.getByRole('link', { name: 'Account' }).click();
  const staffCard = p.locator('.mantine-Card-root').filter({ has: p.getByRole('heading', { name: 'Staff and roles' }) });
  await staffCard.getByRole('row').filter({ hasText: OWNER_EMAIL }).waitFor();
  if (await p.getByRole('button', { name: 'Invite' }).count()) throw new Error('a staff user is offered the Invite form');
  if (await p.getByTestId('invitations').count()) throw new Error('a staff user sees the pending invitations');
  await shot(p, 'staff-account');
  const bookings = await api(p, 'GET', '/api/v1/extranet/bookings');
  const invitations = await api(p, 'GET', '/api/v1/organisation/invitations');
  const invite = await api(p, 'POST', '/api/v1/organisation/invitations', { email: `x.${tag}@paseos-madrid.example`, name: 'X', role: 'supplier_owner' });
  const admin = await api(p, 'GET', '/api/v1/admin/suppliers');
  if (bookings.status !== 200) throw new Error(`GET extranet/bookings as staff: ${bookings.status}`);
  if (invitations.status !== 403 || invite.status !== 403 || admin.status !== 403)
    throw new Error(`as staff: GET invitations ${invitations.status}, POST invitations ${invite.status}, GET admin/suppliers ${admin.status} (want 403 each)`);
  return 'bookings 200; invitations GET/POST 403; admin 403';
});

await step('password', 'account: password change (wrong current refused; old password fails after, new works)', ['accept'], async () => {
  const p = staffPage;
  await p.goto(`${BASE}/supplier/account`);
  const card = p.locator('.mantine-Card-root').filter({ has: p.getByRole('heading', { name: 'Change password' }) });
  await card.getByLabel('Current password').fill('not-the-password');
  await card.getByLabel('New password').fill(staffUser.next);
  await card.getByRole('button', { name: 'Save' }).click();
  // The server's field error (field "currentPassword") under that input; the typed values stay.
  const currentError = card.locator('.mantine-PasswordInput-root').filter({ hasText: 'Current password' }).locator('.mantine-PasswordInput-error');
  await currentError.waitFor();
  const errorText = (await currentError.textContent()).trim();
  if ((await card.getByLabel('New password').inputValue()) !== staffUser.next) throw new Error('the new password was lost on the error');
  await card.getByLabel('Current password').fill(staffUser.password);
  await card.getByRole('button', { name: 'Save' }).click();
  await until('the form is cleared after the change', async () => (await card.getByLabel('Current password').inputValue()) === '');
  if (await card.getByRole('alert').count()) throw new Error(await card.getByRole('alert').textContent());

  await p.getByRole('button', { name: 'Log out' }).click();
  await p.waitForURL(/\/login/);
  await p.getByRole('button', { name: 'Sign in' }).waitFor();  // the login form, not the page before
  await p.locator('input[name=email]').fill(staffUser.email);
  await p.locator('input[name=password]').fill(staffUser.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByTestId('form-error').waitFor();
  if (!new URL(p.url()).pathname.startsWith('/login')) throw new Error('the old password still signs in');
  await login(p, staffUser.email, staffUser.next);
  await p.getByRole('link', { name: 'Calendar' }).waitFor();

  const viaApi = async (password) =>
    (await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: staffUser.email, password }) })).status;
  const [oldStatus, newStatus] = [await viaApi(staffUser.password), await viaApi(staffUser.next)];
  if (oldStatus < 400 || newStatus !== 200) throw new Error(`POST /auth/login: old password ${oldStatus}, new ${newStatus}`);
  await p.context().close();
  return `wrong current: "${errorText}"; POST /auth/login: old ${oldStatus}, new ${newStatus}`;
});

// ---------------------------------------------------------------- 4. language
await step('language', 'language: es and fr stay after a reload (browser and GET /api/v1/me)', ['owner-login'], async () => {
  await owner.goto(`${BASE}/supplier/calendar?productId=${PRODUCT}&date=${day}`);
  await owner.getByRole('heading', { name: 'Calendar', exact: true }).waitFor();
  const seen = [];
  for (const [from, to, code, heading, nav] of [
    ['Language', 'Español', 'es', 'Calendario', 'Reservas'],
    ['Idioma', 'Français', 'fr', 'Calendrier', 'Réservations'],
  ]) {
    await pick(owner, from, to);
    await owner.getByRole('heading', { name: heading, exact: true }).waitFor();
    await until(`GET /api/v1/me says ${code}`, async () => (await api(owner, 'GET', '/api/v1/me')).body?.user?.locale === code, 5000);
    await owner.reload();
    await owner.getByRole('heading', { name: heading, exact: true }).waitFor();
    await owner.getByRole('link', { name: nav }).waitFor();
    const lang = await owner.evaluate(() => document.documentElement.lang);
    seen.push(`${code}: "${heading}" after reload${lang ? `, <html lang=${lang}>` : ''}`);
  }
  await shot(owner, 'supplier-calendar-fr');
  // A fresh browser (nothing in localStorage but "en") gets the user's language at sign-in.
  const fresh = await newPage('en');
  await login(fresh, OWNER_EMAIL, OWNER_PASSWORD);
  await fresh.getByRole('link', { name: 'Réservations' }).waitFor();
  await fresh.context().close();
  return seen.join('; ');
});

// ---------------------------------------------------------------- report
await e2e.finish({
  name: 'e2e extranet journey',
  browser,
  results,
  serverOutput: server.output,
  work,
  resultsFile: 'e2e-extranet-results.json',
});
