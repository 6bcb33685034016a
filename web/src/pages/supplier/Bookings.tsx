import {
  Anchor,
  Button,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { extranet } from '../../api/client';
import type { BookingFilters, BookingRow } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n, type Key } from '../../i18n';
import { formatDateTime, formatLocalDate, formatLocalTime, formatMoneyObj } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { NewBooking } from './NewBooking';

const PAGE_SIZE = 50;
const SORTS = ['-createdAt', 'createdAt', 'startAt', '-startAt', '-total'] as const;
const STATUSES = ['CONFIRMED', 'REDEEMED', 'ON_HOLD', 'CANCELLED', 'EXPIRED'];

function channelName(row: BookingRow, direct: string): string {
  const c = row.channel as unknown;
  if (!c) return direct;
  if (typeof c === 'string') return c === 'direct' ? direct : c;
  const obj = c as { id?: string | null; name?: string };
  return obj.name || (obj.id ? obj.id : direct);
}

export default function Bookings() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  // Filters live in the URL: shareable, survive reload and "back" from a booking.
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? '';
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k !== 'page') next.delete('page');
    setParams(next, { replace: true });
  };
  const [q] = useDebouncedValue(get('q'), 300);
  const filters: BookingFilters = {
    q: q || undefined,
    productId: get('productId') || undefined,
    from: get('from') || undefined,
    to: get('to') || undefined,
    status: get('status') || undefined,
    channel: get('channel') || undefined,
    sort: get('sort') || '-createdAt',
    page: Number(get('page')) || 1,
    pageSize: PAGE_SIZE,
  };
  // A "to" before "from" is a typo being made, not a question for the server: it is flagged on
  // the field and left out of the query until it is fixed.
  const badRange = !!(filters.from && filters.to && filters.to < filters.from);
  if (badRange) filters.to = undefined;
  const key = JSON.stringify(filters);
  // Refetched on a language change: product and option names come from the server in it.
  const { data, error, loading, reload } = useLoad(() => extranet.bookings(filters), [key, locale]);
  const products = useLoad(() => extranet.products(), [locale]);
  const productOptions = useMemo(
    () =>
      (products.data?.items ?? []).map((p) => ({ value: p.id, label: p.title ?? p.internalName ?? p.id })),
    [products.data],
  );
  // Channels: "direct" plus every reseller seen so far in this session's results.
  const [seen, setSeen] = useState<Record<string, string>>({});
  useEffect(() => {
    const found: Record<string, string> = {};
    for (const b of data?.items ?? []) {
      const c = b.channel as unknown as { id?: string | null; name?: string } | undefined;
      if (c && typeof c === 'object' && c.id) found[c.id] = c.name ?? c.id;
    }
    if (Object.keys(found).some((k) => !(k in seen))) setSeen((prev) => ({ ...prev, ...found }));
  }, [data, seen]);
  const channelOptions = [
    { value: 'direct', label: t('bookings.direct') },
    ...Object.entries(seen).map(([value, label]) => ({ value, label })),
  ];
  const total = data?.total ?? data?.items.length ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('bookings.title')}</Title>
        <Group gap="sm">
          <Button
            component="a"
            href={extranet.bookingsCsvUrl(filters)}
            variant="light"
            data-testid="csv-export"
          >
            {t('bookings.csv')}
          </Button>
          <NewBooking
            products={products.data?.items ?? []}
            onCreated={(b) => {
              notifications.show({ color: 'teal', message: t('newBooking.created', { ref: b.supplierReference }) });
              navigate(`/supplier/bookings/${encodeURIComponent(b.id)}`);
            }}
          />
        </Group>
      </Group>
      <Group align="end" gap="sm" wrap="wrap">
        <TextInput
          label={t('app.search')}
          placeholder={t('bookings.search')}
          value={get('q')}
          onChange={(e) => set('q', e.currentTarget.value)}
          w={240}
          data-testid="booking-search"
        />
        <Select
          label={t('bookings.product')}
          clearable
          data={productOptions}
          value={get('productId') || null}
          onChange={(v) => set('productId', v)}
          placeholder={t('app.all')}
          w={220}
        />
        <TextInput
          label={t('bookings.from')}
          type="date"
          value={get('from')}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          label={t('bookings.to')}
          type="date"
          value={get('to')}
          onChange={(e) => set('to', e.currentTarget.value)}
          error={badRange ? t('bookings.badRange') : undefined}
        />
        <Select
          label={t('bookings.status')}
          clearable
          placeholder={t('app.all')}
          data={STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as Key) }))}
          value={get('status') || null}
          onChange={(v) => set('status', v)}
          w={150}
        />
        <Select
          label={t('bookings.channel')}
          clearable
          placeholder={t('app.all')}
          data={channelOptions}
          value={get('channel') || null}
          onChange={(v) => set('channel', v)}
          w={170}
        />
        <Select
          label={t('bookings.sort')}
          allowDeselect={false}
          data={SORTS.map((s) => ({ value: s, label: t(`bookings.sort.${s}` as Key) }))}
          value={filters.sort ?? '-createdAt'}
          onChange={(v) => set('sort', v)}
          w={190}
        />
      </Group>
      <PageState loading={loading && !data} error={error} onRetry={reload}>
        <Text size="sm" c="dimmed">
          {total === 1 ? t('app.totalOne') : t('app.total', { count: total })}
        </Text>
        <Table striped highlightOnHover data-testid="bookings-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bookings.ref')}</Table.Th>
              <Table.Th>{t('bookings.service')}</Table.Th>
              <Table.Th>{t('bookings.contact')}</Table.Th>
              <Table.Th>{t('bookings.pax')}</Table.Th>
              <Table.Th>{t('bookings.total')}</Table.Th>
              <Table.Th>{t('bookings.channel')}</Table.Th>
              <Table.Th>{t('bookings.status')}</Table.Th>
              <Table.Th>{t('bookings.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.items ?? []).map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/supplier/bookings/${encodeURIComponent(b.id)}`} ff="monospace">
                    {b.supplierReference}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{b.productTitle}</Text>
                  <Text size="xs" c="dimmed">
                    {b.localDate && formatLocalDate(b.localDate, locale)}{' '}
                    {b.localTime && !b.allDay && formatLocalTime(b.localTime, locale)} · {b.optionName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{b.contactName}</Text>
                  <Text size="xs" c="dimmed">
                    {b.contactEmail}
                  </Text>
                </Table.Td>
                <Table.Td>{b.pax}</Table.Td>
                <Table.Td>{formatMoneyObj(b.total, locale)}</Table.Td>
                <Table.Td>{channelName(b, t('bookings.direct'))}</Table.Td>
                <Table.Td>
                  <StatusBadge status={b.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {b.createdAt && formatDateTime(b.createdAt, b.timeZone ?? 'UTC', locale)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {pages > 1 && (
          <Group justify="center">
            <Pagination
              total={pages}
              value={filters.page}
              onChange={(p) => set('page', String(p))}
            />
          </Group>
        )}
      </PageState>
    </Stack>
  );
}
