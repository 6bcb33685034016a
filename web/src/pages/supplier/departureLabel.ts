import type { Departure, Locale } from '../../api/types';
import { formatLocalTime } from '../../lib/format';

/** A departure as the extranet's screens name it: the time its clocks show, or `admission`
 *  ("Admission") for an OPENING_HOURS product, whose one entry per day is stored at 00:00 and is
 *  valid the whole day. */
export function departureLabel(d: Departure, allDay: boolean, locale: Locale, admission: string): string {
  return allDay ? admission : formatLocalTime(d.wallClockTime ?? d.localTime ?? '', locale);
}
