import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { extranet } from '../../api/client';
import type { Departure } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { UnitBadges } from '../../components/UnitBadges';
import { useI18n } from '../../i18n';
import { formatLocalDate, formatLocalTime, formatMoney } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

type T = ReturnType<typeof useI18n>['t'];

/** When a departure happens, in the product's zone: its start time, or for an OPENING_HOURS day
 *  (a 00:00 admission slot) the day's opening intervals ("Open 9:00 AM–6:00 PM"). */
function departureWhen(d: Departure, t: T, locale: string): string {
  if (d.availabilityType !== 'OPENING_HOURS') {
    return d.localTime ? formatLocalTime(d.localTime, locale) : '';
  }
  const hours = d.openingHours ?? [];
  if (hours.length === 0) return ''; // the API always sends the day's intervals (0 = not open)
  if (hours.length === 1 && hours[0].from === '00:00' && hours[0].to >= '23:59') {
    return t('dash.openAllDay');
  }
  // No line break inside an interval: no-break spaces in "10:00 AM", word joiners by the dash.
  const time = (hhmm: string) => formatLocalTime(hhmm, locale).replace(/\s/g, '\u00a0');
  const spans = hours.map((h) => `${time(h.from)}\u2060–\u2060${time(h.to)}`);
  return t('dash.openHours', { hours: spans.join(', ') });
}

/** Which option(s) the departure's seats were sold under. Seats are shared by a product's options
 *  (one departure per product), so a multi-option product lists each option that sold seats. */
function OptionLines({ d }: { d: Departure }): ReactNode {
  const { t } = useI18n();
  const options = d.options ?? [];
  if (options.length <= 1) {
    return (
      <Text size="xs" c="dimmed">
        {options[0]?.optionName ?? d.optionName}
      </Text>
    );
  }
  const sold = options.filter((o) => Object.keys(o.unitCounts ?? {}).length > 0);
  if (sold.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {t('dash.allOptions', { count: options.length })}
      </Text>
    );
  }
  return (
    <Stack gap={2} mt={2}>
      {sold.map((o) => (
        <div key={o.optionId} data-testid="departure-option" data-option-id={o.optionId}>
          <Text size="xs" c="dimmed">
            {o.optionName}
          </Text>
          <UnitBadges counts={o.unitCounts} />
        </div>
      ))}
    </Stack>
  );
}

/** Three columns (when, what, how full) so the table fits a half-width card without scrolling. */
function DepartureTable({ rows, withDate }: { rows: Departure[]; withDate: boolean }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <Text c="dimmed">{t('dash.noServices')}</Text>;
  return (
    <Table.ScrollContainer minWidth={400}>
      <Table striped data-testid="departures">
        <Table.Tbody>
          {rows.map((d, i) => (
            <Table.Tr key={`${d.productId}-${d.localDate}-${d.localTime}-${i}`}>
              <Table.Td data-testid="departure-when">
                {withDate && d.localDate && (
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {formatLocalDate(d.localDate, locale, 'medium')}
                  </Text>
                )}
                <Text fw={600}>{departureWhen(d, t, locale)}</Text>
                <Text size="xs" c="dimmed">
                  {d.timeZone}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text>{d.productTitle}</Text>
                <OptionLines d={d} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {d.capacity === null || d.capacity === undefined
                    ? t('dash.bookedFree', { booked: d.booked })
                    : t('dash.booked', { booked: d.booked, capacity: d.capacity })}
                </Text>
                <Group gap={4} mt={4}>
                  <StatusBadge status={d.status} />
                </Group>
                {(d.options?.length ?? 0) <= 1 && <UnitBadges counts={d.unitCounts} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export default function Dashboard() {
  const { t, locale } = useI18n();
  // Refetched on a language change: product and option names come from the server in it.
  const { data, error, loading, reload } = useLoad(() => extranet.dashboard(7), [locale]);
  const currency = data?.currency ?? 'EUR';
  const series = (data?.series ?? []).map((p) => ({
    date: formatLocalDate(p.date, locale, 'short').replace(/\/\d{2,4}$/, ''),
    bookings: p.bookings,
    revenue: p.revenue,
  }));
  return (
    <Stack>
      <Title order={2}>{t('dash.title')}</Title>
      <PageState loading={loading} error={error} onRetry={reload}>
        {data && (
          <>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Card withBorder>
                <Title order={4} mb="sm">
                  {t('dash.today')}
                </Title>
                <DepartureTable rows={data.today ?? []} withDate={false} />
              </Card>
              <Card withBorder>
                <Title order={4} mb="sm">
                  {t('dash.upcoming')}
                </Title>
                <DepartureTable rows={data.upcoming ?? []} withDate />
              </Card>
            </SimpleGrid>
            <Card withBorder data-testid="dashboard-chart">
              <Title order={4} mb="sm">
                {t('dash.chart')}
              </Title>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <div>
                  <Text size="sm" c="dimmed">
                    {t('dash.bookings')}
                  </Text>
                  <BarChart
                    h={220}
                    data={series}
                    dataKey="date"
                    series={[{ name: 'bookings', label: t('dash.bookings'), color: 'teal.6' }]}
                    tickLine="y"
                  />
                </div>
                <div>
                  <Text size="sm" c="dimmed">
                    {t('dash.revenue')} ({currency})
                  </Text>
                  <LineChart
                    h={220}
                    data={series}
                    dataKey="date"
                    series={[{ name: 'revenue', label: t('dash.revenue'), color: 'indigo.6' }]}
                    valueFormatter={(v) => formatMoney(v, currency, locale)}
                    curveType="monotone"
                  />
                </div>
              </SimpleGrid>
            </Card>
          </>
        )}
      </PageState>
    </Stack>
  );
}
