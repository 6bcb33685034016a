// Screenshots of the screens with MOCK data (scripts/mock-server.mjs), for documentation while a
// backend endpoint is missing. They are named preview-*.png so nobody takes them for the e2e run's
// screenshots (which come from the real server: tests/e2e/journey.mjs).
//   node scripts/preview-screens.mjs [outDir]     (needs `npm run build` and tests/e2e's npm ci)
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const { chromium } = await import(new URL('../../tests/e2e/node_modules/playwright-core/index.mjs', import.meta.url));
const out = resolve(process.argv[2] ?? new URL('../../docs/screenshots', import.meta.url).pathname);
mkdirSync(out, { recursive: true });
const mock = (port, role) =>
  new Promise((res) => {
    const p = spawn('node', [new URL('./mock-server.mjs', import.meta.url).pathname, String(port), role]);
    p.stdout.once('data', () => res(p));
  });
const servers = [await mock(4190, 'supplier'), await mock(4191, 'admin')];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const shots = [
  [4190, '/supplier/calendar?view=week', 'calendar-week-es', 'es'],
  [4190, '/supplier/daysheet', 'daysheet', 'fr'],
  [4190, '/supplier/account', 'account', 'es'],
];
for (const [port, path, name, locale] of shots) {
  const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await ctx.addInitScript((l) => localStorage.setItem('paseo.locale', l), locale);
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${port}${path}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${out}/preview-${name}.png` });
  await ctx.close();
}
await browser.close();
servers.forEach((s) => s.kill());
console.log(`wrote ${shots.length} preview screenshots to ${out}`);
