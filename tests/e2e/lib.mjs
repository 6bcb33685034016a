// Shared start-up of the end-to-end journeys (journey.mjs, extranet_journey.mjs): command-line
// options, the SMTP sink (tests/support/smtp_sink.py, python3-aiosmtpd), `paseo serve` on a fresh
// SQLite database in a temporary directory, Debian's /usr/bin/chromium through playwright-core
// (headless, no sandbox), page helpers and the PASS/FAIL/SKIP step runner.
//
// Each journey is its own process: the helpers keep the child processes in module state and stop
// them on exit.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');

// ---------------------------------------------------------------- options
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
export const PASEO = opt('--paseo', process.env.PASEO_BIN);
export const WEB_ROOT = resolve(opt('--web-root', join(repo, 'web/dist')));
export const SHOTS = resolve(
  opt('--screenshots', process.env.PASEO_E2E_SCREENSHOTS ?? join(repo, 'docs/screenshots')),
);
export const KEEP = args.includes('--keep');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function die(msg) {
  console.error(`e2e: ${msg}`);
  process.exit(2);
}

/** Checks the binary, the built web app and chromium; returns playwright-core's `chromium`. */
export async function preflight() {
  if (!PASEO || !existsSync(PASEO)) die(`paseo binary not found (--paseo ${PASEO})`);
  if (!existsSync(join(WEB_ROOT, 'index.html')))
    die(`${WEB_ROOT}/index.html missing: build the web app first (scripts/web-build.sh)`);
  if (!existsSync(CHROMIUM)) die(`${CHROMIUM} missing (apt-get install chromium)`);
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    die('playwright-core missing: (cd tests/e2e && npm ci)');
  }
}

// ---------------------------------------------------------------- processes
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, fn, timeoutMs = 15000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

const children = [];
let stopping = false;
export function stopAll() {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

export function start(cmd, argv, env, label) {
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) console.log(`e2e: ${label} exited with ${code}`);
  });
  return { child, output: () => out };
}

/** Runs a command to completion; returns {code, out}. */
export async function run(cmd, argv, env = {}) {
  const p = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (out += d));
  const code = await new Promise((res) => p.on('close', res));
  return { code, out };
}

/** A fresh working directory (database, data dir, mail) under the system temp dir. */
export function workDir() {
  const work = mkdtempSync(join(tmpdir(), 'paseo-e2e-'));
  mkdirSync(SHOTS, { recursive: true });
  return work;
}

/** The SMTP sink: every message becomes a JSON file in work/mail. */
export async function startSmtp(work) {
  const mailDir = join(work, 'mail');
  mkdirSync(mailDir, { recursive: true });
  const port = await freePort();
  const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'; // Debian's aiosmtpd
  const smtp = start(PY, [join(repo, 'tests/support/smtp_sink.py'), String(port), mailDir], {}, 'smtp sink');
  await until('the SMTP sink', () => smtp.output().includes('ready'), 10000);
  const mails = () =>
    readdirSync(mailDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')));
  const waitMail = (what, pred, timeoutMs = 20000) =>
    until(`email: ${what}`, () => mails().find(pred), timeoutMs, 300);
  return { port, mailDir, mails, waitMail };
}

export const mailTo = (addr) => (m) => m.rcpt_tos.some((r) => r.toLowerCase() === addr.toLowerCase());

/**
 * `paseo serve` on `dbUrl` with the web app, the SMTP sink and `extra` flags (e.g. --demo); waits
 * for /healthz. Returns {base, output()}.
 */
export async function startPaseo({ work, dbUrl, smtpPort, extra = [] }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = start(
    PASEO,
    [
      'serve',
      '--db', dbUrl,
      '--listen', `127.0.0.1:${port}`,
      '--data-dir', work,
      '--web-root', WEB_ROOT,
      '--public-url', base,
      '--smtp-url', `smtp://127.0.0.1:${smtpPort}`,
      '--smtp-from', 'noreply@paseo.test',
      '--no-access-log',
      ...extra,
    ],
    {},
    'paseo',
  );
  await until('paseo /healthz', async () => (await fetch(`${base}/healthz`)).ok, 30000).catch((e) => {
    console.log(server.output());
    die(e.message);
  });
  return { base, output: server.output };
}

// ---------------------------------------------------------------- browser
export async function launchBrowser(chromium) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh browser context (own cookies and localStorage) whose app language starts as `locale`. */
export async function newPage(browser, locale = 'en') {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-GB' });
  await context.addInitScript((l) => {
    if (!localStorage.getItem('paseo.locale')) localStorage.setItem('paseo.locale', l);
  }, locale);
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  return page;
}

export async function shot(page, name, options = {}) {
  await page.addStyleTag({ content: '.mantine-Notifications-root{display:none!important}' });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false, ...options });
}

/** Pick an option of a Mantine Select whose input has this label. */
export async function pick(page, label, option) {
  await page.getByRole('textbox', { name: label }).or(page.getByRole('combobox', { name: label })).first().click();
  await page.getByRole('option', { name: option }).first().click();
}

export async function login(page, base, email, password) {
  await page.goto(`${base}/login`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10000 });
}

// ---------------------------------------------------------------- steps
/** Steps print PASS, FAIL (with the reason) or SKIP (blocked by an earlier failure). */
export function stepRunner() {
  const results = [];
  const passed = new Set();
  async function step(id, title, needs, fn) {
    const missing = needs.filter((n) => !passed.has(n));
    if (missing.length) {
      results.push({ id, title, status: 'SKIP', detail: `blocked by ${missing.join(', ')}` });
      console.log(`SKIP  ${title} (blocked by ${missing.join(', ')})`);
      return;
    }
    const t0 = Date.now();
    try {
      const detail = (await fn()) ?? '';
      passed.add(id);
      results.push({ id, title, status: 'PASS', detail });
      console.log(`PASS  ${title} ${detail ? `— ${detail}` : ''} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ id, title, status: 'FAIL', detail: e.message.split('\n')[0] });
      console.log(`FAIL  ${title} — ${e.message.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
  return { step, results };
}

/**
 * Closes the browser, stops the children, writes `resultsFile` into the screenshots dir, prints
 * the summary (and the server's last lines on failure), removes `work` unless --keep, and exits:
 * 0 only when every step passed.
 */
export async function finish({ name, browser, results, serverOutput, work, resultsFile }) {
  await browser.close();
  stopAll();
  const counts = { PASS: 0, FAIL: 0, SKIP: 0 };
  for (const r of results) counts[r.status]++;
  writeFileSync(join(SHOTS, resultsFile), JSON.stringify({ at: new Date().toISOString(), results }, null, 2) + '\n');
  console.log(`\n${name}: ${counts.PASS} passed, ${counts.FAIL} failed, ${counts.SKIP} skipped`);
  if (counts.FAIL || counts.SKIP) {
    console.log('--- paseo output (last 40 lines) ---');
    console.log(serverOutput().split('\n').slice(-40).join('\n'));
  }
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
  process.exit(counts.FAIL || counts.SKIP ? 1 : 0);
}
