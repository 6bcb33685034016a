// A booking history entry told in the reader's language. The server keeps, beside its English
// `detail`, the values that text quotes (`params`: seats, local date and time, the hold's end as an
// instant, the refund, both ends of a move...); the sentence is written here, with dates in the
// product's time zone.
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

function when(date: string, time: string | undefined, locale: string): string {
  const day = formatLocalDate(date, locale);
  return time ? `${day}, ${formatLocalTime(time, locale)}` : day;
}

// An amendment's change with what it was and is, where the server kept both ends (a move, a new
// party, another option, extras, pickup); the change's name alone otherwise.
function change(id: string, p: Record<string, string>, tr: Translator): string {
  const name = tr.tx(`historyChange.${id}`, id);
  if (id === 'dateTime' && p.fromDate && p.date) {
    return tr.t('historyDetail.fromTo', {
      change: name,
      from: when(p.fromDate, p.fromTime, tr.locale),
      to: when(p.date, p.time, tr.locale),
    });
  }
  if (id === 'unitItems' && p.fromTickets && p.tickets) {
    return tr.t('historyDetail.fromTo', {
      change: name,
      from: party({ tickets: p.fromTickets, seats: p.fromSeats }, tr),
      to: party(p, tr),
    });
  }
  if (id === 'option' && p.fromOptionName && p.optionName) {
    return tr.t('historyDetail.fromTo', { change: name, from: p.fromOptionName, to: p.optionName });
  }
  // Extras and pickup may be none on either side ("").
  const names: Record<string, [string | undefined, string | undefined]> = {
    extras: [p.fromExtrasNames, p.extrasNames],
    pickup: [p.fromPickupName, p.pickupName],
  };
  const [from, to] = names[id] ?? [undefined, undefined];
  if (from !== undefined && to !== undefined) {
    const none = tr.t('historyDetail.none');
    return tr.t('historyDetail.fromTo', { change: name, from: from || none, to: to || none });
  }
  return name;
}

export function historyDetail(h: HistoryEntry, timeZone: string, tr: Translator): string {
  const p = h.params ?? {};
  const { t, locale } = tr;
  // The entry's title says it all.
  if (h.action === 'checkedIn' || h.action === 'checkInUndone') return '';
  if (Object.keys(p).length === 0) return h.detail ?? '';
  switch (h.action) {
    case 'reserved': {
      return t('historyDetail.reserved', {
        party: party(p, tr),
        when: when(p.date, p.time, locale),
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
      const names = ids.map((id) => change(id, p, tr));
      return t('historyDetail.updated', {
        changes: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names),
      });
    }
    case 'emailed':
      return t('historyDetail.emailed', { to: p.to ?? '' });
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
