// Gzip sizes of the JavaScript the browser needs for the login screen (/login): the entry chunk,
// its static imports, and the Login page's lazy chunk with its static imports. Reads Vite's
// manifest (dist/.vite/manifest.json). Exits 1 when over the budget (300 KB compressed JS).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
const BUDGET = 300 * 1024;

function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) closure(dep, seen);
  return seen;
}
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const loginKey = Object.keys(manifest).find((k) => k.endsWith('pages/Login.tsx'));
const keys = closure(loginKey, closure(entryKey));

let total = 0;
const rows = [];
for (const k of keys) {
  const file = manifest[k].file;
  if (!file.endsWith('.js')) continue;
  const buf = readFileSync(join(dist, file));
  const gz = gzipSync(buf, { level: 9 }).length;
  total += gz;
  rows.push([file, buf.length, gz]);
}
rows.sort((a, b) => b[2] - a[2]);
for (const [f, raw, gz] of rows)
  console.log(`${(gz / 1024).toFixed(1).padStart(7)} KB gz ${(raw / 1024).toFixed(1).padStart(8)} KB  ${f}`);
let css = 0;
for (const k of keys) for (const c of manifest[k].css ?? []) css += gzipSync(readFileSync(join(dist, c))).length;
console.log(`login JS total: ${(total / 1024).toFixed(1)} KB gzip (budget 300 KB); CSS ${(css / 1024).toFixed(1)} KB gzip`);
if (total > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
