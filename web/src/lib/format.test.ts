import { describe, expect, it } from 'vitest';
import {
  addDays,
  currencyDigits,
  formatDateTime,
  formatLocalDate,
  formatLocalTime,
  formatMoney,
  formatTime,
  isoWeekday,
  localDateOf,
  minorToInput,
  parseMoneyInput,
  zoneAbbrev,
} from './format';

// Intl uses NBSP / narrow NBSP between parts; compare with plain spaces.
const sp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats minor units per locale and currency digits', () => {
    expect(sp(formatMoney(4500, 'EUR', 'es'))).toBe('45,00 €');
    expect(sp(formatMoney(4500, 'EUR', 'en'))).toBe('€45.00');
    expect(sp(formatMoney(123450, 'EUR', 'fr'))).toBe('1 234,50 €');
    expect(sp(formatMoney(1500, 'JPY', 'en'))).toBe('¥1,500');
    expect(sp(formatMoney(1234, 'KWD', 'en'))).toBe('KWD 1.234');
    expect(sp(formatMoney(199, 'MXN', 'es'))).toBe('1,99 MXN');
  });
  it('knows each currency minor digits', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });
  it('parses typed prices exactly (no float drift) and rejects junk', () => {
    expect(parseMoneyInput('45', 'EUR')).toBe(4500);
    expect(parseMoneyInput('45,5', 'EUR')).toBe(4550);
    expect(parseMoneyInput('0.29', 'EUR')).toBe(29);
    expect(parseMoneyInput('19.99', 'EUR')).toBe(1999);
    expect(parseMoneyInput('1500', 'JPY')).toBe(1500);
    expect(parseMoneyInput('1.5', 'JPY')).toBeNull();
    expect(parseMoneyInput('4.555', 'EUR')).toBeNull();
    expect(parseMoneyInput('abc', 'EUR')).toBeNull();
    expect(parseMoneyInput('-3', 'EUR')).toBeNull();
    expect(minorToInput(4550, 'EUR')).toBe('45.50');
    expect(minorToInput(1500, 'JPY')).toBe('1500');
  });
});

describe('times in the product zone across DST', () => {
  // Europe/Madrid springs forward 2026-03-29 02:00 CET -> 03:00 CEST, falls back 2026-10-25 03:00 -> 02:00.
  it('10:00 departure reads 10:00 in Madrid before and after spring-forward', () => {
    expect(formatTime('2026-03-28T09:00:00Z', 'Europe/Madrid', 'en-GB')).toBe('10:00');
    expect(formatTime('2026-03-29T08:00:00Z', 'Europe/Madrid', 'en-GB')).toBe('10:00');
    expect(zoneAbbrev('2026-03-28T09:00:00Z', 'Europe/Madrid', 'en-GB')).toMatch(/CET|GMT\+1/);
    expect(zoneAbbrev('2026-03-29T08:00:00Z', 'Europe/Madrid', 'en-GB')).toMatch(/CEST|GMT\+2/);
  });
  it('the repeated hour of fall-back is two different instants', () => {
    const first = formatTime('2026-10-25T00:30:00Z', 'Europe/Madrid', 'en-GB');
    const second = formatTime('2026-10-25T01:30:00Z', 'Europe/Madrid', 'en-GB');
    expect(first).toBe('02:30');
    expect(second).toBe('02:30');
    expect(zoneAbbrev('2026-10-25T00:30:00Z', 'Europe/Madrid', 'en-GB')).not.toBe(
      zoneAbbrev('2026-10-25T01:30:00Z', 'Europe/Madrid', 'en-GB'),
    );
  });
  it('a zone without DST keeps its offset (America/Mexico_City since 2022)', () => {
    expect(formatTime('2026-04-05T16:00:00Z', 'America/Mexico_City', 'en-GB')).toBe('10:00');
    expect(formatTime('2026-11-01T16:00:00Z', 'America/Mexico_City', 'en-GB')).toBe('10:00');
  });
  it('uses the product zone, not the browser zone, and accepts epoch ms', () => {
    const ms = Date.UTC(2026, 6, 1, 22, 30);
    expect(sp(formatDateTime(ms, 'Europe/Madrid', 'es'))).toBe('2 jul 2026, 0:30');
    expect(sp(formatDateTime(ms, 'America/Mexico_City', 'en'))).toBe('Jul 1, 2026, 4:30 PM');
    expect(localDateOf(ms, 'Europe/Madrid')).toBe('2026-07-02');
    expect(localDateOf(ms, 'America/Mexico_City')).toBe('2026-07-01');
  });
  it('local dates and times are formatted without shifting', () => {
    expect(formatLocalDate('2026-03-29', 'es', 'long')).toBe('29 de marzo de 2026');
    expect(formatLocalDate('2026-03-29', 'fr', 'long')).toBe('29 mars 2026');
    expect(sp(formatLocalTime('17:00', 'en'))).toBe('5:00 PM');
    expect(formatLocalTime('17:00', 'es')).toBe('17:00');
  });
  it('date arithmetic is calendar arithmetic (no 23/25-hour days)', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });
});
