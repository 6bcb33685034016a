import { useEffect, useState } from 'react';
import { extranet } from '../../api/client';
import { useI18n } from '../../i18n';
import { departureLabel } from './departureLabel';

export interface DayDeparture {
  value: string;
  label: string;
  /** Seats left; null on a free-sale departure. */
  free: number | null;
}

/** A product's open departures on `date` ("YYYY-MM-DD"), labelled with what is left on each, as
 *  the move and new-booking dialogs offer them; empty until `enabled` and the date is whole. */
export function useDayDepartures(
  productId: string | null | undefined,
  date: string,
  enabled: boolean,
  optionId?: string | null,
): DayDeparture[] {
  const { t, locale } = useI18n();
  const [departures, setDepartures] = useState<DayDeparture[]>([]);
  useEffect(() => {
    if (!enabled || !productId || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setDepartures([]);
      return;
    }
    let live = true;
    extranet
      .calendar(productId, date, date, optionId ?? undefined)
      .then((view) => {
        if (!live) return;
        const allDay = view.availabilityType === 'OPENING_HOURS';
        setDepartures(
          (view.days[0]?.departures ?? [])
            .filter((d) => d.id && !d.closed)
            .map((d) => {
              const free = d.capacity === null ? null : Math.max(0, (d.capacity ?? 0) - (d.booked ?? 0));
              return {
                value: d.id!,
                free,
                label:
                  departureLabel(d, allDay, locale, t('cal.admission')) +
                  (free === null ? '' : ` · ${t('booking.moveFree', { n: free })}`),
              };
            }),
        );
      })
      .catch(() => live && setDepartures([]));
    return () => {
      live = false;
    };
  }, [enabled, productId, optionId, date, locale, t]);
  return departures;
}
