// Printable day sheet (manifest): per departure, bookings in pickup-time order with participants
// per unit, extras and answers. The browser's print hides the app chrome (app.css @media print).
import { Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { extranet } from '../../api/client';
import { ApiError } from '../../api/http';
import type { DaySheetBooking } from '../../api/types';
import { PageState } from '../../components/common';
import { UnitBadges, unitsText } from '../../components/UnitBadges';
import { useI18n } from '../../i18n';
import { formatLocalDate, formatLocalTime, localDateOf } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { NewBooking } from './NewBooking';

/** The travellers of a booking arrived: a box the guide ticks (on screen, or in ink on the printed
 *  sheet). Ticking marks the booking REDEEMED, which its channel sees; unticking undoes it. */
function CheckInBox({ booking }: { booking: DaySheetBooking }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  // Kept here rather than by reloading the sheet, which would flash it under the guide's finger.
  const [checked, setChecked] = useState(booking.status === 'REDEEMED');
  const toggle = async (next: boolean) => {
    setBusy(true);
    try {
      const { booking: now } = await extranet.checkIn(booking.id, next);
      setChecked(now.status === 'REDEEMED');
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError && e.message ? e.message : t('app.error') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Checkbox
      checked={checked}
      disabled={busy}
      onChange={(e) => void toggle(e.currentTarget.checked)}
      aria-label={checked ? t('daysheet.undoCheckIn') : t('daysheet.checkIn')}
      data-testid="daysheet-check-in"
    />
  );
}

export default function DaySheet() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  // Both refetched on a language change: titles and option names come from the server in it.
  const products = useLoad(() => extranet.products(), [locale]);
  const tz = products.data?.items[0]?.timeZone ?? 'UTC';
  const date = params.get('date') ?? localDateOf(Date.now(), tz);
  const productId = params.get('productId') ?? '';
  const sheet = useLoad(
    () => extranet.daySheet(date, productId || undefined),
    [date, productId, locale],
  );
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <Stack>
      <Group justify="space-between" className="no-print">
        <Title order={2}>{t('daysheet.title')}</Title>
        <Group align="end">
          <TextInput
            type="date"
            label={t('daysheet.date')}
            value={date}
            onChange={(e) => set('date', e.currentTarget.value)}
            data-testid="daysheet-date"
          />
          <Select
            label={t('bookings.product')}
            clearable
            placeholder={t('app.all')}
            data={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.title ?? p.id }))}
            value={productId || null}
            onChange={(v) => set('productId', v)}
          />
          <Button variant="light" onClick={() => window.print()}>
            {t('app.print')}
          </Button>
          <NewBooking
            products={products.data?.items ?? []}
            initialDate={date}
            initialProductId={productId || undefined}
            onCreated={(b) => {
              // The guide stays on the sheet, where the walk-in now is, ready to be checked in.
              notifications.show({ color: 'teal', message: t('newBooking.created', { ref: b.supplierReference }) });
              sheet.reload();
            }}
          />
        </Group>
      </Group>
      <Title order={3}>{formatLocalDate(date, locale, 'full')}</Title>
      <PageState loading={sheet.loading} error={sheet.error} onRetry={sheet.reload}>
        {sheet.data && sheet.data.departures.length === 0 && (
          <Text c="dimmed">{t('daysheet.none')}</Text>
        )}
        {(sheet.data?.departures ?? []).map((d, i) => (
          <Card withBorder key={i} data-testid="daysheet-departure" style={{ breakInside: 'avoid' }}>
            <Group justify="space-between">
              <Title order={4}>
                {d.allDay ? t('cal.admission') : formatLocalTime(d.localTime, locale)} ·{' '}
                {d.productTitle}
                {d.optionName ? ` · ${d.optionName}` : ''}
              </Title>
              <Group gap="xs">
                <Badge variant="outline">
                  {d.booked}
                  {d.capacity !== null && d.capacity !== undefined ? ` / ${d.capacity}` : ''}
                </Badge>
                <UnitBadges counts={d.unitTotals} />
              </Group>
            </Group>
            {(d.options?.length ?? 0) > 1 && (
              <Group gap="lg" mt={4}>
                {d.options!.map((o) => (
                  <div key={o.optionId} data-testid="daysheet-option" data-option-id={o.optionId}>
                    <Text size="xs" c="dimmed">
                      {o.optionName}
                    </Text>
                    <UnitBadges counts={o.unitTotals} />
                  </div>
                ))}
              </Group>
            )}
            <Table mt="sm" withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('daysheet.checkedIn')}</Table.Th>
                  <Table.Th>{t('daysheet.pickup')}</Table.Th>
                  <Table.Th>{t('bookings.ref')}</Table.Th>
                  <Table.Th>{t('daysheet.name')}</Table.Th>
                  <Table.Th>{t('daysheet.option')}</Table.Th>
                  <Table.Th>{t('daysheet.phone')}</Table.Th>
                  <Table.Th>{t('daysheet.units')}</Table.Th>
                  <Table.Th>{t('daysheet.extras')}</Table.Th>
                  <Table.Th>{t('daysheet.answers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.bookings.map((b) => (
                  <Table.Tr key={b.supplierReference} data-testid="daysheet-booking">
                    <Table.Td>
                      <CheckInBox booking={b} />
                    </Table.Td>
                    <Table.Td>
                      {b.pickup && (
                        <>
                          <Text fw={600} size="sm">
                            {b.pickup.localTime && formatLocalTime(b.pickup.localTime, locale)}
                          </Text>
                          <Text size="xs">{b.pickup.name}</Text>
                        </>
                      )}
                      {b.pickupHotel && (
                        <Text size="xs" data-testid="daysheet-pickup-hotel">
                          {t('booking.pickupHotel')}: <b>{b.pickupHotel.name}</b>
                          {b.pickupHotel.room && `, ${t('booking.room')} ${b.pickupHotel.room}`}
                        </Text>
                      )}
                      {!b.pickup && !b.pickupHotel && (
                        <Text size="xs" c="dimmed">
                          {t('daysheet.noPickup')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ff="monospace">{b.supplierReference}</Table.Td>
                    <Table.Td>{b.contactName}</Table.Td>
                    <Table.Td data-testid="daysheet-booking-option">{b.optionName}</Table.Td>
                    <Table.Td>{b.phone}</Table.Td>
                    <Table.Td>{unitsText(b.units, locale)}</Table.Td>
                    <Table.Td>{(b.extras ?? []).map((x) => `${x.quantity}× ${x.name}`).join(', ')}</Table.Td>
                    <Table.Td>
                      {(b.answers ?? []).map((a, j) => (
                        <Text size="xs" key={j}>
                          {a.question}: <b>{a.answer}</b>
                        </Text>
                      ))}
                      {b.notes && <Text size="xs">{b.notes}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        ))}
      </PageState>
    </Stack>
  );
}
