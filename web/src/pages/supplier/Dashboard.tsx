import '@mantine/charts/styles.css';
import { BarChart, LineChart } from '@mantine/charts';
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { extranet } from '../../api/client';
import type { Departure } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { formatLocalDate, formatLocalTime, formatMoney } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

function DepartureTable({ rows }: { rows: Departure[] }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <Text c="dimmed">{t('dash.noServices')}</Text>;
  return (
    <Table striped data-testid="departures">
      <Table.Tbody>
        {rows.map((d, i) => (
          <Table.Tr key={`${d.productId}-${d.localDate}-${d.localTime}-${i}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {d.localDate && formatLocalDate(d.localDate, locale, 'medium')}
            </Table.Td>
            <Table.Td>
              <Text fw={600}>{d.localTime && formatLocalTime(d.localTime, locale)}</Text>
              <Text size="xs" c="dimmed">
                {d.timeZone}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text>{d.productTitle}</Text>
              <Text size="xs" c="dimmed">
                {d.optionName}
              </Text>
            </Table.Td>
            <Table.Td>
              {d.capacity === null || d.capacity === undefined
                ? t('dash.bookedFree', { booked: d.booked })
                : t('dash.booked', { booked: d.booked, capacity: d.capacity })}
              <Group gap={4} mt={2}>
                {Object.entries(d.unitCounts ?? {}).map(([u, n]) => (
                  <Badge key={u} size="xs" variant="outline">
                    {u} × {n}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td style={{ minWidth: 110 }}>
              <StatusBadge status={d.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export default function Dashboard() {
  const { t, locale } = useI18n();
  const { data, error, loading, reload } = useLoad(() => extranet.dashboard(7), []);
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
                <DepartureTable rows={data.today ?? []} />
              </Card>
              <Card withBorder>
                <Title order={4} mb="sm">
                  {t('dash.upcoming')}
                </Title>
                <DepartureTable rows={data.upcoming ?? []} />
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
