#!/usr/bin/env node
// End-to-end journey of issue 5, in a real browser against the real server:
//   a new supplier applies; staff review and approve; the supplier uploads documents and accepts
//   the conditions; staff load a product; the supplier sets a quota and closes a date in the
//   calendar; a reseller books through OCTO; the booking shows in the supplier's bookings and day
//   sheet, and the supplier's email arrives.
//
//   node journey.mjs --paseo PATH/paseo --web-root web/dist [--screenshots DIR] [--keep]
//
// Starts tests/support/smtp_sink.py (python3-aiosmtpd) and `paseo serve` on a fresh SQLite
// database in a temporary directory, drives Debian's /usr/bin/chromium (headless, no sandbox) with
// playwright-core, and prints one line per step: PASS, FAIL (with the reason) or SKIP (blocked by
// an earlier failure). Exit status 0 only when every step passed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import * as e2e from './lib.mjs';
import { PASEO, WEB_ROOT, die, freePort, mailTo, pick, shot, until } from './lib.mjs';

const ADMIN_EMAIL = process.env.PASEO_E2E_ADMIN_EMAIL ?? 'admin@paseo.test';
const ADMIN_PASSWORD = process.env.PASEO_E2E_ADMIN_PASSWORD ?? 'admin-e2e-Passw0rd!';

const chromium = await e2e.preflight();

// ---------------------------------------------------------------- processes
const work = e2e.workDir();
const { port: smtpPort, waitMail } = await e2e.startSmtp(work);

// The first platform admin, as an operator installs one: `paseo create-admin` on the same database
// before the server starts (password from PASEO_ADMIN_PASSWORD, never a flag).
const DB_URL = `sqlite:${join(work, 'paseo.db')}`;
{
  const { code, out } = await e2e.run(PASEO, ['create-admin', '--db', DB_URL, '--email', ADMIN_EMAIL], {
    PASEO_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  if (code !== 0) die(`paseo create-admin exited with ${code}: ${out}`);
}

const server = await e2e.startPaseo({ work, dbUrl: DB_URL, smtpPort });
const PASEO_BASE = server.base;
let BASE = PASEO_BASE;

// Does paseo serve the web app itself (static files + index.html fallback for app routes)? If not
// (yet), a small static server of the e2e's own goes in front of it so that the rest of the journey
// still runs against the real API; the 'serve' step reports the failure.
const spaCheck = await fetch(`${PASEO_BASE}/supplier/calendar`).then(async (r) => ({
  ok: r.ok && (r.headers.get('content-type') ?? '').includes('text/html') && (await r.text()).includes('<div id="root">'),
  status: r.status,
}));
if (!spaCheck.ok) {
  const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png' };
  const front = createHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (/^\/(api|octo|media|healthz|metrics)(\/|$)/.test(path)) {
      const up = httpRequest(`${PASEO_BASE}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.statusCode = 502; res.end(); });
      return req.pipe(up);
    }
    let file = join(WEB_ROOT, path);
    if (!existsSync(file) || !path.includes('.')) file = join(WEB_ROOT, 'index.html');
    res.setHeader('Content-Type', types[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  const frontPort = await freePort();
  await new Promise((r) => front.listen(frontPort, '127.0.0.1', r));
  BASE = `http://127.0.0.1:${frontPort}`;
  console.log(`e2e: paseo answered ${spaCheck.status} for an app route; serving web/dist from ${BASE} in front of it`);
}

// ---------------------------------------------------------------- browser
const browser = await e2e.launchBrowser(chromium);
const newPage = (locale = 'en') => e2e.newPage(browser, locale);
const login = (page, email, password) => e2e.login(page, BASE, email, password);

// ---------------------------------------------------------------- steps
const { step, results } = e2e.stepRunner();

const tag = Date.now().toString(36);
const supplier = {
  company: `Tapas Tours ${tag} SL`,
  contact: 'Lucía Gómez',
  email: `lucia.${tag}@tapas-tours.test`,
  password: 'Sup3r-secret-pass',
  phone: '+34 600 000 000',
};
const madridToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(new Date());
const addDays = (d, n) => {
  const [y, m, dd] = d.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, dd + n)).toISOString().slice(0, 10);
};
const quotaDate = addDays(madridToday, 3);
const closedDate = addDays(madridToday, 4);
const pdf = join(work, 'document.pdf');
writeFileSync(pdf, '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const ctx = {};

const admin = await newPage();
const sup = await newPage();

await step('serve', 'paseo serves the web app (static files, index.html fallback)', [], async () => {
  if (!spaCheck.ok) throw new Error(`GET /supplier/calendar answered ${spaCheck.status}, not the app's index.html`);
});

await step('login', 'login screen loads (JS size measured)', [], async () => {
  const page = await newPage();
  const js = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) js.push(r.body().then((b) => gzipSync(b).length).catch(() => 0));
  });
  await page.goto(`${BASE}/login`);
  await page.getByRole('heading', { name: 'Sign in to Paseo' }).waitFor();
  await page.waitForLoadState('networkidle');
  const total = (await Promise.all(js)).reduce((a, b) => a + b, 0);
  await shot(page, 'login');
  await page.context().close();
  if (total > 300 * 1024) throw new Error(`login JS ${total} bytes gzip > 300 KB`);
  return `${(total / 1024).toFixed(1)} KB gzip JS in ${js.length} files`;
});

await step('i18n', 'language picker switches es/fr/en', ['login'], async () => {
  const page = await newPage();
  await page.goto(`${BASE}/login`);
  await pick(page, 'Language', 'Español');
  await page.getByRole('heading', { name: 'Inicia sesión en Paseo' }).waitFor();
  await pick(page, 'Idioma', 'Français');
  await page.getByRole('heading', { name: 'Connexion à Paseo' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Connexion à Paseo' }).waitFor(); // remembered
  // A server error in the screen's language: the 401 carries the key auth.badCredentials, and
  // the French text replaces the server's English "email or password is incorrect".
  await page.locator('input[name=email]').fill('personne@example.com');
  await page.locator('input[name=password]').fill('pas-le-bon-mot-de-passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const shown = (await page.getByTestId('form-error').textContent()).trim();
  if (shown !== 'E-mail ou mot de passe incorrect.') throw new Error(`login error in French: "${shown}"`);
  await page.context().close();
  return `login error shown in French: "${shown}"`;
});

await step('apply', 'a new supplier applies (server field error keeps the input)', ['login'], async () => {
  const page = sup;
  await page.goto(`${BASE}/apply`);
  await page.getByLabel('Company name').fill(supplier.company);
  await page.getByLabel('Contact person').fill(supplier.contact);
  // An address that looks right to the form but the server refuses (it has an account already):
  // the server's field error lands under the input and nothing typed is lost.
  await page.getByLabel('Email', { exact: false }).first().fill(ADMIN_EMAIL);
  await page.getByLabel('Phone').fill(supplier.phone);
  await page.getByLabel('Password for your account').fill(supplier.password);
  await page.getByLabel('Website').fill('https://tapas-tours.test');
  await page.getByLabel('Destinations').fill('Madrid, Toledo');
  await page.getByLabel('Kind of activities').fill('walking tours, food tours');
  await page.getByLabel('Message').fill('We run daily tapas tours in Madrid.');
  await page.getByRole('button', { name: 'Send the application' }).click();
  const email = page.getByLabel('Email', { exact: false }).first();
  await until('a field error on email', async () => (await email.getAttribute('aria-invalid')) === 'true', 10000);
  if ((await page.getByLabel('Company name').inputValue()) !== supplier.company) throw new Error('company lost');
  if ((await page.getByLabel('Message').inputValue()) === '') throw new Error('message lost');
  await shot(page, 'apply-field-error');
  await email.fill(supplier.email);
  await page.getByRole('button', { name: 'Send the application' }).click();
  await page.getByTestId('apply-done').waitFor();
  await shot(page, 'apply-done');
});

await step('apply-mail', 'the applicant gets the "received" email', ['apply'], async () => {
  const m = await waitMail('application received', mailTo(supplier.email));
  return `"${m.subject}"`;
});

await step('admin-login', 'staff sign in to the back office', ['login'], async () => {
  await login(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.waitForURL(/\/admin\/applications/);
  await admin.getByTestId('applications-table').waitFor();
  return 'operator made by `paseo create-admin`';
});

await step('review', 'staff review and approve the application', ['apply', 'admin-login'], async () => {
  await admin.goto(`${BASE}/admin/applications`);
  await admin.getByRole('link', { name: supplier.company }).click();
  await admin.getByRole('heading', { name: supplier.company }).waitFor();
  ctx.applicationId = admin.url().split('/').pop();
  await shot(admin, 'admin-applications-detail');
  for (const [status, reason] of [
    ['Under review', 'Checking licences'],
    ['Approved', 'Welcome to Paseo'],
  ]) {
    await pick(admin, 'New status', status);
    await admin.getByLabel('Reason (sent to the applicant)').fill(reason);
    await admin.getByTestId('apply-status').click();
    await admin
      .locator(`[data-testid=admin-application-status] [data-status=${status === 'Approved' ? 'approved' : 'under_review'}]`)
      .waitFor();
  }
  await admin.goto(`${BASE}/admin/applications`);
  await shot(admin, 'admin-applications');
});

await step('audit', "the operator's audit log shows the review's decisions", ['review'], async () => {
  await admin.getByRole('link', { name: 'Audit log' }).click();
  await admin.getByTestId('audit-table').waitFor();
  await admin.getByTestId('audit-action').fill('application.status_changed');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await until('two status changes of this application listed', async () => {
    const rows = await admin.getByTestId('audit-row').allTextContents();
    return rows.filter((r) => r.includes(ctx.applicationId)).length >= 2;
  });
  await shot(admin, 'admin-audit');
});

await step('documents', 'the supplier uploads documents and accepts the conditions', ['review'], async () => {
  await login(sup, supplier.email, supplier.password);
  await sup.goto(`${BASE}/supplier/application`);
  await sup.locator('[data-testid=application-status] [data-status=approved]').waitFor();
  for (const kind of ['company_registration', 'bank_account', 'liability_insurance']) {
    const card = sup.getByTestId(`doc-${kind}`);
    await card.locator('input[type=file]').setInputFiles(pdf);
    if (kind === 'liability_insurance') await card.getByLabel('Expires on').fill(addDays(madridToday, 365));
    await card.getByTestId(`upload-${kind}`).click();
    await card.locator('[data-status=pending]').waitFor();
  }
  await sup.getByTestId('accept-checkbox').check();
  await sup.getByTestId('accept-conditions').click();
  await sup.getByTestId('conditions-accepted').waitFor();
  await shot(sup, 'supplier-application');
});

await step('locale', 'the language is remembered per user (PATCH /api/v1/me)', ['documents'], async () => {
  await pick(sup, 'Language', 'Español');
  await sup.getByRole('link', { name: 'Reservas' }).waitFor();
  await sup.waitForTimeout(500); // the PATCH is fire-and-forget
  const other = await newPage('en'); // a fresh browser profile: nothing in localStorage but 'en'
  await other.context().clearCookies();
  await login(other, supplier.email, supplier.password);
  await other.getByRole('link', { name: 'Reservas' }).waitFor();
  await shot(other, 'supplier-application-es');
  await pick(other, 'Idioma', 'English');
  await other.getByRole('link', { name: 'Bookings' }).waitFor();
  await other.waitForTimeout(500);
  await other.context().close();
  await sup.reload();
  await pick(sup, 'Idioma', 'English').catch(() => {});
  await sup.getByRole('link', { name: 'Bookings' }).waitFor();
});

await step('activate', 'staff accept the documents; the supplier becomes active', ['documents'], async () => {
  await admin.goto(`${BASE}/admin/applications/${ctx.applicationId}`);
  for (const kind of ['company_registration', 'bank_account', 'liability_insurance']) {
    await admin.getByTestId(`accept-doc-${kind}`).click();
    await admin.getByTestId(`admin-doc-${kind}`).locator('[data-status=accepted]').waitFor();
  }
  await shot(admin, 'admin-application-documents');
  await admin.reload();
  await admin.locator('[data-testid=admin-application-status] [data-status=active]').waitFor();
});

await step('product', 'staff load a product for the supplier', ['activate'], async () => {
  await admin.goto(`${BASE}/admin/suppliers`);
  await admin.getByRole('link', { name: supplier.company }).click();
  ctx.supplierId = decodeURIComponent(admin.url().split('/').pop());
  await shot(admin, 'admin-supplier');
  await admin.getByTestId('new-product').click();
  const f = admin.getByTestId('product-form');
  await f.getByLabel('Internal name').fill('Tapas walking tour');
  await f.getByLabel('City').fill('Madrid');
  await f.getByLabel('Country (ISO code)').fill('ES');
  await f.getByLabel('Category').fill('food_tour');
  await f.getByLabel('Time zone (IANA)').fill('Europe/Madrid');
  await f.getByLabel('Currency').fill('EUR');
  for (const [tab, title] of [
    ['Español', 'Ruta de tapas por La Latina'],
    ['English', 'Tapas tour in La Latina'],
    ['Français', 'Circuit tapas à La Latina'],
  ]) {
    await f.getByRole('tab', { name: tab }).click();
    await f.getByRole('tabpanel').getByLabel('Title').fill(title);
    await f.getByRole('tabpanel').getByLabel('Short description').fill(title + ' — 3 h');
  }
  await f.getByLabel('Retail price').first().fill('45');
  await f.getByLabel('Net price').first().fill('36');
  await f.getByRole('button', { name: 'Add pickup point' }).click();
  await f.getByLabel('Name').last().fill('Hotel Ritz');
  await f.getByLabel('Address').last().fill('Plaza de la Lealtad 5');
  await f.getByLabel('Meeting point').first().isVisible().catch(() => {});
  await shot(admin, 'admin-product-form');
  await f.getByTestId('save-product').click();
  await admin.waitForURL(/\/admin\/products\//, { timeout: 10000 }).catch(async () => {
    const err = await admin.getByTestId('form-error').textContent().catch(() => '');
    throw new Error(`product not created: ${err}`);
  });
  ctx.productId = decodeURIComponent(admin.url().split('/').pop());
  return ctx.productId;
});

await step('calendar', 'the supplier adds a weekly rule, sets a quota and closes a date', ['product'], async () => {
  await sup.goto(`${BASE}/supplier/calendar?productId=${encodeURIComponent(ctx.productId)}&date=${quotaDate}`);
  await sup.getByRole('button', { name: 'Add rule' }).waitFor();
  for (const d of ['Sat', 'Sun']) await sup.getByLabel(d, { exact: true }).check();
  await sup.getByLabel('Start times (HH:MM, comma separated)').fill('10:00');
  await sup.getByLabel('Valid from').first().fill(madridToday);
  await sup.getByRole('button', { name: 'Add rule' }).click();
  await until('departures in the calendar', async () =>
    (await sup.getByTestId(`cal-day-${quotaDate}`).getAttribute('data-status')) === 'AVAILABLE',
  );
  await sup.getByTestId(`cal-day-${quotaDate}`).click();
  await sup.getByTestId('day-quota').fill('8');
  await sup.getByTestId('set-day-quota').click();
  await until('quota 8 shown', async () => ((await sup.getByTestId(`cal-day-${quotaDate}`).textContent()) ?? '').includes('/8'));
  await sup.getByTestId(`cal-day-${closedDate}`).click();
  await sup.getByTestId('close-day').click();
  await until('closed day', async () => (await sup.getByTestId(`cal-day-${closedDate}`).getAttribute('data-closed')) === 'true');
  await sup.getByTestId(`cal-day-${quotaDate}`).click();
  await shot(sup, 'supplier-calendar');
});

await step('reseller', 'staff create a reseller and its API key (shown once)', ['activate', 'admin-login'], async () => {
  await admin.goto(`${BASE}/admin/resellers`);
  await admin.getByLabel('Name').first().fill('Viajes Sol');
  await admin.getByLabel('Email').first().fill('api@viajes-sol.test');
  await admin.getByRole('button', { name: 'New reseller' }).click();
  const card = admin.getByTestId('reseller-Viajes Sol');
  await card.waitFor();
  await card.getByTestId('key-supplier').click();
  await admin.getByRole('option', { name: supplier.company }).click({ timeout: 5000 }).catch(() => {
    throw new Error('the supplier is not in the suppliers list (GET /api/v1/admin/suppliers)');
  });
  const contractPost = admin.waitForResponse(
    (r) => r.request().method() === 'POST' && /\/api\/v1\/admin\/resellers\/[^/]+\/contracts$/.test(new URL(r.url()).pathname),
  );
  await card.getByTestId('connect-supplier').click();
  const posted = await contractPost;
  if (posted.status() !== 201) throw new Error(`connect supplier: POST contracts answered ${posted.status()} ${await posted.text()}`);
  ctx.resellerId = (await posted.json()).contract.resellerId;
  await card.getByLabel('Key name').fill('OCTO live');
  await card.getByTestId('create-key').click();
  ctx.apiKey = (await card.getByTestId('api-key').textContent()).trim();
  // The contract as the API lists it (the admin's session cookie; GET needs no CSRF header).
  const listed = await admin.evaluate(async (id) => {
    const r = await fetch(`/api/v1/admin/resellers/${encodeURIComponent(id)}/contracts`);
    return { status: r.status, body: await r.json().catch(() => null) };
  }, ctx.resellerId);
  const contract = listed.body?.items?.find((k) => k.supplierId === ctx.supplierId);
  if (listed.status !== 200 || !contract?.active) {
    throw new Error(`GET contracts: ${listed.status} ${JSON.stringify(listed.body)} has no active contract with ${ctx.supplierId}`);
  }
  await shot(admin, 'admin-resellers');
  return `contract with ${contract.supplierName} via the Resellers screen (POST /api/v1/admin/resellers/{id}/contracts)`;
});

const octo = async (method, path, body) => {
  const r = await fetch(`${BASE}/octo${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ctx.apiKey}`,
      'Content-Type': 'application/json',
      'Octo-Capabilities': 'octo/pricing,octo/pickups',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new Error(`${method} /octo${path} → ${r.status} ${JSON.stringify(json)}`);
  return json;
};

await step('octo', 'a reseller books through OCTO (quota and closure honoured)', ['calendar', 'reseller'], async () => {
  const product = await octo('GET', `/products/${encodeURIComponent(ctx.productId)}`);
  const option = product.options[0];
  const adult = option.units.find((u) => u.type === 'ADULT') ?? option.units[0];
  const avail = await octo('POST', '/availability', {
    productId: product.id,
    optionId: option.id,
    localDateStart: quotaDate,
    localDateEnd: closedDate,
  });
  const open = avail.find((a) => a.localDateTimeStart.startsWith(quotaDate));
  if (!open) throw new Error(`no availability on ${quotaDate}: ${JSON.stringify(avail)}`);
  if (open.capacity !== null && open.capacity > 8) throw new Error(`quota not applied: capacity ${open.capacity}`);
  const closed = avail.filter((a) => a.localDateTimeStart.startsWith(closedDate) && a.available);
  if (closed.length) throw new Error(`closed date still sells: ${JSON.stringify(closed)}`);
  const uuid = randomUUID();
  await octo('POST', '/bookings', {
    uuid,
    productId: product.id,
    optionId: option.id,
    availabilityId: open.id,
    unitItems: [{ unitId: adult.id }, { unitId: adult.id }],
    resellerReference: `VS-${tag}`,
  });
  const booking = await octo('POST', `/bookings/${uuid}/confirm`, {
    contact: { fullName: 'John Smith', emailAddress: 'john.smith@example.test', phoneNumber: '+44 20 0000 0000', locales: ['en'] },
  });
  if (booking.status !== 'CONFIRMED') throw new Error(`status ${booking.status}`);
  ctx.ref = booking.supplierReference;
  ctx.uuid = uuid;
  return `booking ${ctx.ref}, ${open.vacancies} seats left before it`;
});

await step('bookings', 'the booking shows in the supplier bookings list and detail', ['octo'], async () => {
  await sup.goto(`${BASE}/supplier/bookings`);
  await sup.getByTestId('booking-search').fill(ctx.ref);
  await sup.getByRole('link', { name: ctx.ref }).waitFor();
  await shot(sup, 'supplier-bookings');
  const csvHref = await sup.getByTestId('csv-export').getAttribute('href');
  const csv = await sup.context().request.get(`${BASE}${csvHref}`);
  const csvText = await csv.text();
  // A UTF-8 byte order mark first, for Excel.
  if (!csv.ok() || !csvText.startsWith('\uFEFFsupplier_reference,') || !csvText.includes(ctx.ref))
    throw new Error(`CSV export: ${csv.status()} ${csvText.slice(0, 120)}`);
  await sup.getByRole('link', { name: ctx.ref }).click();
  await sup.getByTestId('booking-title').waitFor();
  await sup.getByTestId('booking-history').waitFor();
  await shot(sup, 'supplier-booking-detail');
});

await step('daysheet', 'the booking is on the day sheet', ['octo'], async () => {
  await sup.goto(`${BASE}/supplier/daysheet?date=${quotaDate}`);
  await sup.getByTestId('daysheet-booking').filter({ hasText: ctx.ref }).waitFor();
  await shot(sup, 'supplier-daysheet');
});

await step('supplier-mail', "the supplier's booking email arrives", ['octo'], async () => {
  const m = await waitMail('booking confirmed to the supplier', (m) =>
    mailTo(supplier.email)(m) && `${m.subject} ${m.text}`.includes(ctx.ref),
  );
  return `"${m.subject}"`;
});

await step('move', 'the supplier moves the booking a week later from its detail; OCTO sees the new date', ['bookings', 'daysheet', 'supplier-mail'], async () => {
  const target = addDays(quotaDate, 7);
  await sup.goto(`${BASE}/supplier/bookings?q=${ctx.ref}`);
  await sup.getByRole('link', { name: ctx.ref }).click();
  await sup.getByTestId('move-booking').click();
  await sup.getByTestId('move-date').fill(target);
  await sup.getByTestId('move-departure').click();
  const option = sup.getByRole('option').first();
  await option.waitFor();
  const label = await option.textContent();
  await option.click();
  await shot(sup, 'supplier-booking-move');
  await sup.getByTestId('confirm-move-booking').click();
  await until('OCTO sees the new date', async () =>
    (await octo('GET', `/bookings/${ctx.uuid}`)).availabilityId?.startsWith(target),
  );
  // The history and the amended email say where the booking was as well as where it is now.
  await sup.reload();
  const moveEntry = sup.getByTestId('booking-history').getByText(/→/);
  await moveEntry.waitFor();
  const entry = await moveEntry.textContent();
  const m = await waitMail('the move to the supplier', (m) =>
    mailTo(supplier.email)(m) && (m.text ?? '').includes(ctx.ref) && /\((was|antes|avant) ?: /.test(m.text ?? ''),
  );
  const line = (m.text ?? '').split('\n').find((l) => /\((was|antes|avant) ?: /.test(l));
  if (!/^(Date and time|Fecha y hora|Date et heure) ?: .+\((was|antes|avant) ?: .+\)$/.test(line ?? ''))
    throw new Error(`the amended email gives no old date: ${m.text}`);
  return `moved to ${target} ${label}; history "${entry}"; email "${line}"`;
});

await step('contact', "the supplier corrects the traveller's email from the booking; the new address gets the confirmation", ['bookings', 'supplier-mail'], async () => {
  const corrected = 'j.smith@example.test';
  await sup.goto(`${BASE}/supplier/bookings?q=${ctx.ref}`);
  await sup.getByRole('link', { name: ctx.ref }).click();
  await sup.getByTestId('edit-contact').click();
  await sup.getByTestId('contact-email').fill(corrected);
  await sup.getByTestId('contact-phone').fill('call me');
  await sup.getByTestId('save-contact').click();
  // Refused under the phone, in the page's words; nothing saved yet.
  await sup.getByText(/A phone number is 6 to 20 digits/).waitFor();
  await sup.getByTestId('contact-phone').fill('+44 20 7946 0000');
  await shot(sup, 'supplier-booking-contact');
  await sup.getByTestId('save-contact').click();
  await sup.getByText(corrected).waitFor();
  const m = await waitMail('the confirmation to the corrected address', (m) =>
    mailTo(corrected)(m) && `${m.subject} ${m.text}`.includes(ctx.ref),
  );
  const b = await octo('GET', `/bookings/${ctx.uuid}`);
  if (b.contact?.emailAddress !== corrected || b.contact?.phoneNumber !== '+44 20 7946 0000')
    throw new Error(`OCTO sees ${JSON.stringify(b.contact)}`);
  ctx.travellerEmail = corrected;
  // Sending it again at once is refused by the server, and the page says how long to wait.
  await sup.getByTestId('resend-confirmation').click();
  const wait = await sup.getByText(/less than a minute ago: try again in \d+ s/).textContent();
  return `"${m.subject}" to ${corrected}; resend at once: "${wait}"`;
});

await step('cancel', 'the supplier calls the booking off from its detail: full refund, the traveller is emailed, OCTO sees it cancelled', ['bookings', 'daysheet', 'supplier-mail'], async () => {
  await sup.goto(`${BASE}/supplier/bookings?q=${ctx.ref}`);
  await sup.getByRole('link', { name: ctx.ref }).click();
  await sup.getByTestId('cancel-booking').click();
  await sup.getByTestId('cancel-reason').fill('Storm warning: the walk cannot run');
  await shot(sup, 'supplier-booking-cancel');
  await sup.getByTestId('confirm-cancel-booking').click();
  await sup.getByTestId('booking-cancellation').waitFor();
  const m = await waitMail('cancellation to the traveller', (m) =>
    mailTo(ctx.travellerEmail ?? 'john.smith@example.test')(m) && (m.text ?? '').includes('Storm warning'),
  );
  if (!/refunds you in full/.test(m.text) || /did not ask for this cancellation/.test(m.text))
    throw new Error(`traveller email not worded for a supplier cancellation: ${m.text}`);
  const b = await octo('GET', `/bookings/${ctx.uuid}`);
  if (b.status !== 'CANCELLED' || b.cancellation?.refund !== 'FULL')
    throw new Error(`OCTO sees ${b.status} ${JSON.stringify(b.cancellation)}`);
  return `"${m.subject}"`;
});

await step('direct-sale', 'the supplier records a walk-in from the bookings list; OCTO sees the seats gone at once', ['calendar', 'reseller', 'supplier-mail'], async () => {
  const product = await octo('GET', `/products/${encodeURIComponent(ctx.productId)}`);
  const option = product.options[0];
  // What the reseller can still sell that day (every departure: the step picks the first offered).
  const vacancies = async () => {
    const avail = await octo('POST', '/availability', { productId: product.id, optionId: option.id, localDateStart: quotaDate, localDateEnd: quotaDate });
    return avail.reduce((n, a) => n + (a.vacancies ?? 0), 0);
  };
  const before = await vacancies();
  await sup.goto(`${BASE}/supplier/bookings`);
  await sup.getByTestId('new-booking').click();
  await sup.getByTestId('new-booking-date').fill(quotaDate);
  await sup.locator('[data-testid^="new-booking-unit-"]').first().fill('3');
  await sup.getByTestId('new-booking-departure').click();
  const departure = sup.getByRole('option').first();
  await departure.waitFor();
  const label = await departure.textContent();
  await departure.click();
  await sup.getByTestId('new-booking-first-name').fill('Lucía');
  await sup.getByTestId('new-booking-last-name').fill('Gómez');
  await sup.getByTestId('new-booking-email').fill('lucia.gomez@example.test');
  await shot(sup, 'supplier-new-booking');
  await sup.getByTestId('confirm-new-booking').click();
  await sup.waitForURL(/\/supplier\/bookings\/[^/?]+$/);
  const title = (await sup.getByTestId('booking-title').textContent()) ?? '';
  const after = await vacancies();
  if (after !== before - 3) throw new Error(`OCTO vacancies on ${quotaDate}: ${before} → ${after}, expected ${before - 3}`);
  const m = await waitMail('the walk-in confirmation', mailTo('lucia.gomez@example.test'));
  return `${title} at ${label}; OCTO vacancies ${before} → ${after}; "${m.subject}"`;
});

await step('dashboard', 'the supplier dashboard renders (today, upcoming, 30-day chart)', ['activate'], async () => {
  await sup.goto(`${BASE}/supplier`);
  await sup.getByTestId('dashboard-chart').waitFor();
  await shot(sup, 'supplier-dashboard');
  await sup.goto(`${BASE}/supplier/products`);
  await sup.getByTestId('products-table').waitFor();
  await shot(sup, 'supplier-products');
});

await step('reset', 'forgot password: the emailed link sets a new password', ['apply'], async () => {
  const page = await newPage();
  await page.goto(`${BASE}/login`);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  // The router keeps the login page (which has its own input[name=email]) on screen while the
  // lazily loaded forgot page arrives: wait for the forgot form before typing, or under load the
  // address goes into the login form and the forgot form is sent empty.
  const send = page.getByRole('button', { name: 'Send the link' });
  await send.waitFor();
  const email = page.locator('form').filter({ has: send }).locator('input[name=email]');
  await email.fill(supplier.email);
  await send.click();
  await page.getByTestId('forgot-sent').waitFor();
  const m = await waitMail('password reset', (m) => mailTo(supplier.email)(m) && /reset-password\?token=/.test(m.text ?? ''));
  const link = m.text.match(/https?:\/\/\S*reset-password\?token=[^\s>)"]+/)[0];
  await page.goto(BASE + new URL(link).pathname + new URL(link).search);
  await page.locator('input[name=newPassword]').fill('A-brand-new-passw0rd');
  await page.locator('input[name=confirm]').fill('A-brand-new-passw0rd');
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.getByTestId('reset-done').waitFor();
  await shot(page, 'reset-done');
  await login(page, supplier.email, 'A-brand-new-passw0rd');
  await page.getByRole('link', { name: 'Bookings' }).waitFor();
  await page.context().close();
});

// ---------------------------------------------------------------- report
await e2e.finish({
  name: 'e2e journey',
  browser,
  results,
  serverOutput: server.output,
  work,
  resultsFile: 'e2e-results.json',
});
