// Locale-aware formatting with Intl. Money arrives in integer minor units of an ISO 4217 currency;
// instants arrive as ISO-8601 UTC strings or epoch ms and are shown in the PRODUCT's IANA zone
// (never the browser's), so a 10:00 Madrid departure reads 10:00 for a supplier in Mexico too.
import type { Instant, Money } from '../api/types';

const nfCache = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let nf = nfCache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { style: 'currency', currency });
    nfCache.set(key, nf);
  }
  return nf;
}

/** Number of minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), from Intl's data. */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
}

/** 4500 EUR, 'es' -> "45,00 €"; exact (no float drift: minor units divided once). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return currencyFormat(locale, currency).format(minor / 10 ** digits);
}
export function formatMoneyObj(m: Money | undefined | null, locale: string): string {
  return m ? formatMoney(m.amount, m.currency, locale) : '';
}

/** Major-unit string typed by a user ("45,5" or "45.50") -> minor units, or null when invalid. */
export function parseMoneyInput(text: string, currency: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d*)?$/.test(t)) return null;
  const digits = currencyDigits(currency);
  const [whole, frac = ''] = t.split('.');
  if (frac.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || 0);
}
export function minorToInput(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return digits === 0 ? String(minor) : (minor / 10 ** digits).toFixed(digits);
}

export function toDate(i: Instant): Date {
  return typeof i === 'number' ? new Date(i) : new Date(i);
}

/** Instant shown as date + time in `timeZone` ("26 nov 2026, 10:00"). */
export function formatDateTime(i: Instant | null | undefined, timeZone: string, locale: string): string {
  if (i === null || i === undefined || i === '') return '';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(toDate(i));
}

/** The viewer's own IANA zone (the browser's), for instants that belong to no product (when an
 *  API key was last used, ...); "UTC" when the browser does not say. */
export function userTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Instant in the viewer's zone (default userTimeZone()) with the zone's short name, so it is never
 *  mistaken for UTC: "1 mar 2026, 11:00 CET". */
export function formatUserDateTime(
  i: Instant | null | undefined,
  locale: string,
  timeZone: string = userTimeZone(),
): string {
  if (i === null || i === undefined || i === '') return '';
  return `${formatDateTime(i, timeZone, locale)} ${zoneAbbrev(i, timeZone, locale)}`;
}

/** Instant shown as a time of day in `timeZone` ("10:00" / "10:00 AM"). */
export function formatTime(i: Instant, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(toDate(i));
}

/** Short zone name at that instant in that zone ("CET" / "CEST" / "GMT+1"). */
export function zoneAbbrev(i: Instant, timeZone: string, locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(
    toDate(i),
  );
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** A local calendar date "YYYY-MM-DD" (no zone: it is already local) -> "Thu, 26 Nov 2026". */
export function formatLocalDate(
  date: string,
  locale: string,
  style: 'full' | 'long' | 'medium' | 'short' = 'medium',
): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d, 12)),
  );
}

/** A local wall time "HH:MM" formatted for the locale ("17:00" / "5:00 PM"). */
export function formatLocalTime(hhmm: string, locale: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2000, 0, 1, h, m)));
}

/** The local "YYYY-MM-DD" of an instant in a zone. */
export function localDateOf(i: Instant, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(toDate(i));
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) .. 7 (Sunday) of a local date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

export function weekdayName(isoDay: number, locale: string, style: 'short' | 'long' = 'short') {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, isoDay, 12)),
  );
}

export function monthTitle(date: string, locale: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 15)),
  );
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A text that may come as a plain string or as {locale: text}. */
export function textOf(v: unknown, locale = 'en'): string {
  if (!v) return '';
  if (typeof v === 'string') return v;
  const m = v as Record<string, string>;
  return m[locale] ?? m.en ?? Object.values(m)[0] ?? '';
}


/** A catalogue name in the reader's language: `names[locale]` when the product has it, else the
 *  plain (English or only) `name` the API sends beside it. */
export function nameIn(
  item: { name?: string; names?: Partial<Record<string, string>> },
  locale: string,
): string {
  return item.names?.[locale] || item.name || '';
}
