import { Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { extranet } from '../../api/client';
import type { Money } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { unitTypeLabel, useI18n } from '../../i18n';
import {
  formatDateTime,
  formatLocalDate,
  formatLocalTime,
  formatMoney,
  formatMoneyObj,
} from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

function money(v: Money | number | undefined, currency: string | undefined, locale: string) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return currency ? formatMoney(v, currency, locale) : String(v);
  return formatMoneyObj(v, locale);
}

export default function BookingDetail() {
  const { id = '' } = useParams();
  const { t, tx, locale } = useI18n();
  const { data, error, loading, reload } = useLoad(() => extranet.booking(id), [id, locale]);
  const b = data?.booking;
  const tz = b?.timeZone ?? 'UTC';
  const cur = b?.total?.currency;
  return (
    <Stack>
      <Anchor component={Link} to="/supplier/bookings" size="sm">
        ← {t('nav.bookings')}
      </Anchor>
      <PageState loading={loading} error={error} onRetry={reload}>
        {b && (
          <>
            <Group>
              <Title order={2} data-testid="booking-title">
                {t('booking.title', { ref: b.supplierReference })}
              </Title>
              <StatusBadge status={b.status} />
            </Group>
            <Text>
              {b.productTitle} · {b.optionName} ·{' '}
              {b.localDate && formatLocalDate(b.localDate, locale, 'full')}{' '}
              {b.localTime && !b.allDay && formatLocalTime(b.localTime, locale)} ({tz})
            </Text>
            {b.resellerReference && (
              <Text size="sm" c="dimmed">
                {t('booking.resellerRef')}: {b.resellerReference}
              </Text>
            )}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Title order={4}>{t('booking.contact')}</Title>
                <Text>{b.contact?.fullName ?? b.contactName}</Text>
                <Text size="sm">{b.contact?.email ?? b.contactEmail}</Text>
                <Text size="sm">{b.contact?.phone}</Text>
                <Text size="sm" c="dimmed">
                  {[b.contact?.country, b.contact?.locale].filter(Boolean).join(' · ')}
                </Text>
                {b.contact?.notes && <Text size="sm">{b.contact.notes}</Text>}
                {b.pickup && (
                  <>
                    <Title order={5} mt="sm">
                      {t('booking.pickup')}
                    </Title>
                    <Text size="sm">
                      {b.pickup.localTime && formatLocalTime(b.pickup.localTime, locale)} ·{' '}
                      {b.pickup.name} {b.pickup.address && `(${b.pickup.address})`}
                    </Text>
                  </>
                )}
                {b.pickupHotel && (
                  <>
                    <Title order={5} mt="sm">
                      {t('booking.pickupHotel')}
                    </Title>
                    <Text size="sm" data-testid="pickup-hotel">
                      {b.pickupHotel.name}
                      {b.pickupHotel.room && ` · ${t('booking.room')} ${b.pickupHotel.room}`}
                    </Text>
                  </>
                )}
              </Card>
              <Card withBorder>
                <Title order={4}>{t('booking.items')}</Title>
                <Table>
                  <Table.Tbody>
                    {(b.items ?? []).map((it, i) => (
                      <Table.Tr key={i}>
                        <Table.Td>{it.unitName || (it.unitType && unitTypeLabel(locale, it.unitType))}</Table.Td>
                        <Table.Td>× {it.quantity}</Table.Td>
                        <Table.Td>{money(it.retail as Money | number | undefined, cur, locale)}</Table.Td>
                        <Table.Td ta="right">{money(it.total as Money | number | undefined, cur, locale)}</Table.Td>
                      </Table.Tr>
                    ))}
                    {(b.extras ?? []).map((x, i) => (
                      <Table.Tr key={`x${i}`}>
                        <Table.Td>{x.name}</Table.Td>
                        <Table.Td>× {x.quantity}</Table.Td>
                        <Table.Td />
                        <Table.Td ta="right">{money(x.total as Money | number | undefined, cur, locale)}</Table.Td>
                      </Table.Tr>
                    ))}
                    <Table.Tr>
                      <Table.Td colSpan={3} fw={700}>
                        {t('bookings.total')}
                      </Table.Td>
                      <Table.Td ta="right" fw={700}>
                        {formatMoneyObj(b.total, locale)}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              </Card>
            </SimpleGrid>
            {(b.answers ?? []).length > 0 && (
              <Card withBorder>
                <Title order={4}>{t('booking.answers')}</Title>
                {b.answers!.map((a, i) => (
                  <Text size="sm" key={i}>
                    {a.participant ? `${t('booking.participant', { n: a.participant })} · ` : ''}
                    <b>{a.question}</b>: {a.answer}
                  </Text>
                ))}
              </Card>
            )}
            <Card withBorder>
              <Title order={4} mb="sm">
                {t('booking.history')}
              </Title>
              <Timeline bulletSize={14} lineWidth={2} data-testid="booking-history">
                {(b.history ?? []).map((h, i) => (
                  <Timeline.Item
                    key={i}
                    title={tx(`history.${h.action ?? h.status}`, h.action ?? h.status)}
                  >
                    <Text size="xs" c="dimmed">
                      {formatDateTime(h.at, tz, locale)} · {h.channel} {h.actor && `· ${h.actor}`}
                    </Text>
                    {h.detail && <Text size="sm">{h.detail}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
          </>
        )}
      </PageState>
    </Stack>
  );
}
