// A booking history entry told in the reader's language. The server keeps, beside its English
// `detail`, the values that text quotes (`params`: seats, local date and time, the hold's end as an
// instant, the refund...); the sentence is written here, with dates in the product's time zone.
// Entries without params (written before they were kept) show `detail` as stored.
import type { HistoryEntry } from '../../api/types';
import type { Key } from '../../i18n';
import { formatDateTime, formatLocalDate, formatLocalTime } from '../../lib/format';

interface Translator {
  t: (key: Key, vars?: Record<string, string | number>) => string;
  tx: (key: string, fallback?: string) => string;
  locale: string;
}

function count(n: string, one: Key, many: Key, tr: Translator): string {
  return n === '1' ? tr.t(one) : tr.t(many, { count: n });
}

function party(p: Record<string, string>, tr: Translator): string {
  return `${count(p.tickets, 'historyDetail.ticketsOne', 'historyDetail.tickets', tr)}, ${count(
    p.seats,
    'historyDetail.seatsOne',
    'historyDetail.seats',
    tr,
  )}`;
}

export function historyDetail(h: HistoryEntry, timeZone: string, tr: Translator): string {
  const p = h.params ?? {};
  const { t, locale } = tr;
  if (Object.keys(p).length === 0) return h.detail ?? '';
  switch (h.action) {
    case 'reserved': {
      const day = formatLocalDate(p.date, locale);
      const when = p.time ? `${day}, ${formatLocalTime(p.time, locale)}` : day;
      return t('historyDetail.reserved', {
        party: party(p, tr),
        when,
        heldUntil: formatDateTime(p.heldUntil, timeZone, locale),
      });
    }
    case 'confirmed': {
      const parts = [t('historyDetail.contact', { contact: p.contact ?? '' })];
      if (p.tickets) parts.push(t('historyDetail.partyChanged', { party: party(p, tr) }));
      if (p.answers) parts.push(t('historyDetail.answers'));
      return parts.join('; ');
    }
    case 'updated': {
      const ids = (p.changes ?? '').split(',').filter(Boolean);
      if (ids.length === 0) return t('historyDetail.noChange');
      const names = ids.map((id) => tr.tx(`historyChange.${id}`, id));
      return t('historyDetail.updated', {
        changes: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names),
      });
    }
    case 'extended':
      return t('historyDetail.extended', {
        heldUntil: formatDateTime(p.heldUntil, timeZone, locale),
      });
    case 'cancelled': {
      const refund = tr.tx(`historyRefund.${p.refund}`, p.refund ?? '');
      return p.reason
        ? t('historyDetail.cancelledReason', { refund, reason: p.reason })
        : t('historyDetail.cancelled', { refund });
    }
    case 'expired':
      return t('historyDetail.expired', {
        seats: count(p.seats, 'historyDetail.seatsOne', 'historyDetail.seats', tr),
      });
    default:
      return h.detail ?? '';
  }
}
