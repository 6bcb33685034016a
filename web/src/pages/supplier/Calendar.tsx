// Calendar: month/week grid per product (and option) with booked/capacity/status per day and per
// departure; a day panel to close/open the day or a departure, set quotas per day and per departure
// (hour), add one-off departures; weekly rules and date-range prices below. Every change goes
// through the inventory engine, so all channels see it at once. All dates/times are local to the
// product's time zone, whatever the browser's zone.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { extranet, productOf } from '../../api/client';
import type { CalendarDay, Departure, PriceOverride, Product, WeeklyRule } from '../../api/types';
import { ConfirmRemoveButton, PageState, StatusBadge } from '../../components/common';
import { unitTypeLabel, useI18n } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import {
  addDays,
  formatLocalDate,
  formatLocalTime,
  formatMoney,
  isoWeekday,
  localDateOf,
  minorToInput,
  monthTitle,
  nameIn,
  parseMoneyInput,
  weekdayName,
} from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { departureLabel } from './departureLabel';

/** [from, to] of the grid: whole weeks (Monday..Sunday) covering the month or the week of `anchor`. */
export function gridRange(anchor: string, view: 'month' | 'week'): [string, string] {
  if (view === 'week') {
    const from = addDays(anchor, 1 - isoWeekday(anchor));
    return [from, addDays(from, 6)];
  }
  const first = anchor.slice(0, 8) + '01';
  const from = addDays(first, 1 - isoWeekday(first));
  const [y, m] = anchor.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = `${anchor.slice(0, 8)}${String(lastDay).padStart(2, '0')}`;
  const to = addDays(last, 7 - isoWeekday(last));
  return [from, to];
}

function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function capText(booked: number | undefined, capacity: number | null | undefined) {
  return capacity === null || capacity === undefined ? `${booked ?? 0}` : `${booked ?? 0}/${capacity}`;
}

export default function Calendar() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const products = useLoad(() => extranet.products(), [locale]);
  const list = products.data?.items ?? [];
  const productId = params.get('productId') ?? list[0]?.id ?? '';
  const product = list.find((p) => p.id === productId);
  // An OPENING_HOURS product has one admission per day, not departures at a time of day.
  const allDay = product?.availabilityType === 'OPENING_HOURS';
  const optionId = params.get('optionId') ?? '';
  const tz = product?.timeZone ?? 'UTC';
  const today = localDateOf(Date.now(), tz);
  const view = (params.get('view') as 'month' | 'week') ?? 'month';
  const anchor = params.get('date') ?? today;
  const [from, to] = gridRange(anchor, view);
  const [selected, setSelected] = useState<string | null>(params.get('day'));

  const setParam = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const cal = useLoad(
    () =>
      productId
        ? extranet.calendar(productId, from, to, optionId || undefined)
        : Promise.resolve(undefined),
    [productId, optionId, from, to],
  );
  const days = useMemo(() => {
    const m = new Map<string, CalendarDay>();
    for (const d of cal.data?.days ?? []) m.set(d.date, d);
    return m;
  }, [cal.data]);

  /** Merge the days a change answered with; reload when the server answered nothing. */
  const applyDays = (answer: unknown) => {
    const changed = (answer as { days?: CalendarDay[] } | undefined)?.days;
    if (changed && cal.data) {
      const byDate = new Map(changed.map((d) => [d.date, d]));
      cal.setData({ ...cal.data, days: cal.data.days.map((d) => byDate.get(d.date) ?? d) });
    } else {
      void cal.reload();
    }
  };

  const move = (dir: -1 | 1) => {
    if (view === 'week') setParam('date', addDays(anchor, 7 * dir));
    else {
      const [y, m] = anchor.split('-').map(Number);
      const d = new Date(Date.UTC(y, m - 1 + dir, 1));
      setParam('date', d.toISOString().slice(0, 10));
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('cal.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('cal.zoneNote', { zone: tz })}
        </Text>
      </Group>
      <Group align="end" wrap="wrap">
        <Select
          label={t('cal.product')}
          data={list.map((p) => ({ value: p.id, label: p.title ?? p.internalName ?? p.id }))}
          value={productId || null}
          onChange={(v) => {
            const next = new URLSearchParams(params);
            if (v) next.set('productId', v);
            next.delete('optionId');
            setParams(next, { replace: true });
          }}
          allowDeselect={false}
          w={260}
          data-testid="cal-product"
        />
        <Select
          label={t('cal.option')}
          data={[
            { value: '', label: t('cal.allOptions') },
            ...(product?.options ?? []).map((o) => ({ value: o.id, label: o.name })),
          ]}
          value={optionId}
          onChange={(v) => setParam('optionId', v || null)}
          allowDeselect={false}
          w={200}
        />
        <SegmentedControl
          value={view}
          onChange={(v) => setParam('view', v)}
          data={[
            { value: 'month', label: t('cal.month') },
            { value: 'week', label: t('cal.week') },
          ]}
        />
        <Button.Group>
          <Button variant="default" onClick={() => move(-1)} aria-label={t('cal.prev')}>
            ‹
          </Button>
          <Button variant="default" onClick={() => setParam('date', null)}>
            {t('cal.today')}
          </Button>
          <Button variant="default" onClick={() => move(1)} aria-label={t('cal.next')}>
            ›
          </Button>
        </Button.Group>
        <Text fw={600} data-testid="cal-title">
          {view === 'month'
            ? monthTitle(anchor, locale)
            : `${formatLocalDate(from, locale)} – ${formatLocalDate(to, locale)}`}
        </Text>
      </Group>
      <PageState loading={products.loading || (cal.loading && !cal.data)} error={products.error ?? cal.error} onRetry={cal.reload}>
        <div className="cal-grid">
          {[1, 2, 3, 4, 5, 6, 7].map((d) => (
            <Text key={d} size="xs" fw={700} ta="center" c="dimmed">
              {weekdayName(d, locale)}
            </Text>
          ))}
          {datesBetween(from, to).map((date) => {
            const day = days.get(date);
            const outside = view === 'month' && date.slice(0, 7) !== anchor.slice(0, 7);
            // A month cell has room for four lines; the rest is counted, never dropped unseen.
            const shown = view === 'week' ? 50 : 4;
            return (
              <button
                type="button"
                key={date}
                className="cal-cell"
                data-testid={`cal-day-${date}`}
                data-outside={outside}
                data-past={date < today}
                data-closed={day?.closed ?? false}
                data-selected={selected === date}
                data-status={day?.status}
                onClick={() => setSelected(date)}
                style={{ minHeight: view === 'week' ? 200 : 96 }}
              >
                <Group justify="space-between" gap={2}>
                  <Text size="sm" fw={date === today ? 800 : 500} c={date === today ? 'teal.7' : undefined}>
                    {Number(date.slice(8))}
                  </Text>
                  {day && day.departures.length > 0 && (
                    <Text size="xs" c="dimmed">
                      {capText(day.booked, day.capacity)}
                    </Text>
                  )}
                </Group>
                {/* A past day's figures are what it sold; it is no longer on sale either way. */}
                {day && day.departures.length > 0 && date >= today && <StatusBadge status={day.status} />}
                {day?.closed && day.departures.length === 0 && <StatusBadge status="CLOSED" />}
                <Stack gap={0} mt={2}>
                  {(day?.departures ?? []).slice(0, shown).map((d, i) => (
                    <Text
                      key={d.id ?? i}
                      size="xs"
                      td={d.closed ? 'line-through' : undefined}
                      c={d.status === 'SOLD_OUT' ? 'red' : d.closed ? 'dimmed' : undefined}
                    >
                      {departureLabel(d, allDay, locale, t('cal.admission'))}{' '}
                      {capText(d.booked, d.capacity)}
                    </Text>
                  ))}
                  {(day?.departures.length ?? 0) > shown && (
                    <Text size="xs" c="dimmed" data-testid="cal-more">
                      {t('cal.more', { count: (day?.departures.length ?? 0) - shown })}
                    </Text>
                  )}
                </Stack>
              </button>
            );
          })}
        </div>
      </PageState>
      {selected && productId && (
        <DayPanel
          key={`${productId}-${optionId}-${selected}`}
          productId={productId}
          optionId={optionId || undefined}
          allDay={allDay}
          date={selected}
          day={days.get(selected)}
          onChanged={applyDays}
          onClose={() => setSelected(null)}
        />
      )}
      {productId && (
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          {/* Keyed by product: a form filled for one product must not be sent for another. */}
          {!allDay && (
            <RulesCard
              key={`rules-${productId}`}
              productId={productId}
              onChanged={() => void cal.reload()}
            />
          )}
          <PricesCard
            key={`prices-${productId}`}
            productId={productId}
            onChanged={() => void cal.reload()}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function DayPanel({
  productId,
  optionId,
  allDay,
  date,
  day,
  onChanged,
  onClose,
}: {
  productId: string;
  optionId?: string;
  allDay: boolean;
  date: string;
  day: CalendarDay | undefined;
  onChanged: (answer: unknown) => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The day's quota is the seats of each of its departures (the server applies it to every one),
  // so it starts from the largest departure's seats, not from the day's total: saving it unchanged
  // must not multiply what can be sold.
  const seatsPerDeparture = (d: CalendarDay | undefined): number | string =>
    d && d.departures.length > 0 ? Math.max(...d.departures.map((x) => x.capacity ?? 0)) : '';
  const [dayQuota, setDayQuota] = useState<number | string>(seatsPerDeparture(day));
  const dayKey = day?.departures.map((x) => x.capacity).join(',');
  useEffect(() => setDayQuota(seatsPerDeparture(day)), [dayKey]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await fn());
      notifications.show({ message: t('app.saved'), color: 'teal' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const base = { productId, optionId, date };
  // Closing a day with seats sold stops new sales only: the bookings stay confirmed until the
  // supplier cancels them. Say so before closing, with the way to those bookings.
  const [confirmClose, setConfirmClose] = useState(false);
  useEffect(() => setConfirmClose(false), [date, productId]);
  const closeDay = () =>
    run(() => extranet.setClosed({ ...base, closed: !day?.closed })).then(() => setConfirmClose(false));

  const addForm = useForm({ initialValues: { localTime: '', capacity: 10 as number | string } });
  const [addError, setAddError] = useState<string | null>(null);
  const addDeparture = addForm.onSubmit(async (v) => {
    setAddError(null);
    try {
      const r = await extranet.addDeparture({
        ...base,
        localTime: v.localTime,
        capacity: Number(v.capacity),
      });
      onChanged(r);
      addForm.setValues({ localTime: '', capacity: v.capacity });
    } catch (e) {
      setAddError(applyServerError(addForm, e, t('app.error')));
    }
  });

  return (
    <Card withBorder data-testid="day-panel">
      <Group justify="space-between" mb="sm">
        <Title order={4}>{formatLocalDate(date, locale, 'full')}</Title>
        <Group>
          {day && <StatusBadge status={day.status} />}
          <Button size="xs" variant="subtle" onClick={onClose}>
            ×
          </Button>
        </Group>
      </Group>
      {error && (
        <Alert color="red" mb="sm" data-testid="day-error">
          {error}
        </Alert>
      )}
      {confirmClose && day && (
        <Alert color="orange" mb="sm" data-testid="close-day-warning" title={day.booked === 1 ? t('cal.closeSoldTitleOne') : t('cal.closeSoldTitle', { n: day.booked ?? 0 })}>
          <Text size="sm">{t('cal.closeSoldExplain')}</Text>
          <Group mt="xs" gap="xs">
            <Button size="xs" color="red" loading={busy} onClick={() => void closeDay()} data-testid="close-day-anyway">
              {t('cal.closeAnyway')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirmClose(false)}>
              {t('app.cancel')}
            </Button>
            <Anchor component={Link} size="sm" to={`/supplier/bookings?from=${date}&to=${date}&productId=${encodeURIComponent(productId)}&status=CONFIRMED`}>
              {t('cal.closeSoldBookings')}
            </Anchor>
          </Group>
        </Alert>
      )}
      <Group align="end" mb="md">
        <Button
          color={day?.closed ? 'teal' : 'red'}
          variant="light"
          loading={busy}
          data-testid={day?.closed ? 'open-day' : 'close-day'}
          onClick={() => (!day?.closed && (day?.booked ?? 0) > 0 ? setConfirmClose(true) : void closeDay())}
        >
          {day?.closed ? t('cal.openDay') : t('cal.closeDay')}
        </Button>
        <NumberInput
          label={t('cal.dayQuota')}
          min={0}
          value={dayQuota}
          onChange={setDayQuota}
          w={140}
          data-testid="day-quota"
        />
        <Button
          variant="default"
          loading={busy}
          data-testid="set-day-quota"
          onClick={() =>
            run(() =>
              extranet.setQuota({
                ...base,
                capacity: dayQuota === '' ? null : Number(dayQuota),
              }),
            )
          }
        >
          {t('cal.setQuota')}
        </Button>
      </Group>
      <Table data-testid="day-departures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cal.time')}</Table.Th>
            <Table.Th>{t('cal.booked')}</Table.Th>
            <Table.Th>{t('cal.quota')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(day?.departures ?? []).length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text c="dimmed">{t('cal.noDepartures')}</Text>
              </Table.Td>
            </Table.Tr>
          )}
          {(day?.departures ?? []).map((d, i) => (
            <DepartureRow key={d.id ?? i} d={d} allDay={allDay} busy={busy} run={run} base={base} />
          ))}
        </Table.Tbody>
      </Table>
      {!allDay && (
      <form onSubmit={addDeparture} noValidate>
        <Group align="end" mt="md">
          <TextInput
            label={t('cal.addDeparture')}
            type="time"
            required
            {...addForm.getInputProps('localTime')}
          />
          <NumberInput label={t('cal.capacity')} min={1} w={120} {...addForm.getInputProps('capacity')} />
          <Button type="submit" variant="light">
            {t('app.add')}
          </Button>
        </Group>
        {addError && (
          <Text c="red" size="sm">
            {addError}
          </Text>
        )}
      </form>
      )}
    </Card>
  );
}

function DepartureRow({
  d,
  allDay,
  busy,
  run,
  base,
}: {
  d: Departure;
  allDay: boolean;
  busy: boolean;
  run: (fn: () => Promise<unknown>) => Promise<void>;
  base: { productId: string; optionId?: string; date: string };
}) {
  const { t, locale } = useI18n();
  const [quota, setQuota] = useState<number | string>(d.capacityOverride ?? d.capacity ?? '');
  const target = d.id ? { departureId: d.id } : { localTime: d.localTime };
  const [confirmClose, setConfirmClose] = useState(false);
  const toggle = () =>
    run(() =>
      extranet.setClosed({
        ...base,
        ...target,
        localTime: d.localTime,
        closed: !d.closed,
      }),
    ).then(() => setConfirmClose(false));
  return (
    <Table.Tr data-testid={`departure-${d.localTime}`}>
      <Table.Td>
        <Text fw={600}>
          {departureLabel(d, allDay, locale, t('cal.admission'))}
        </Text>
        {d.oneOff && (
          <Badge size="xs" variant="outline">
            {t('cal.oneOff')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {capText(d.booked, d.capacity)} <StatusBadge status={d.status} />
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          <NumberInput size="xs" w={80} min={0} value={quota} onChange={setQuota} aria-label={t('cal.quota')} />
          <Button
            size="xs"
            variant="default"
            disabled={busy}
            onClick={() =>
              run(() =>
                extranet.setQuota({
                  ...base,
                  ...target,
                  localTime: d.localTime,
                  capacity: quota === '' ? null : Number(quota),
                }),
              )
            }
          >
            {t('cal.setQuota')}
          </Button>
        </Group>
      </Table.Td>
      <Table.Td>
        {confirmClose ? (
          <Group gap={4} data-testid="close-departure-warning">
            <Text size="xs" c="orange">
              {d.booked === 1 ? t('cal.closeSoldTitleOne') : t('cal.closeSoldTitle', { n: d.booked })}
            </Text>
            <Button size="xs" color="red" disabled={busy} onClick={() => void toggle()} data-testid="close-departure-anyway">
              {t('cal.closeDeparture')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setConfirmClose(false)}>
              {t('app.cancel')}
            </Button>
          </Group>
        ) : (
          <Button
            size="xs"
            variant="light"
            color={d.closed ? 'teal' : 'red'}
            disabled={busy}
            // Seats sold: closing stops new sales only, so it asks first (as closing a day does).
            onClick={() => (!d.closed && d.booked > 0 ? setConfirmClose(true) : void toggle())}
          >
            {d.closed ? t('cal.openDeparture') : t('cal.closeDeparture')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function RulesCard({ productId, onChanged }: { productId: string; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const rules = useLoad(() => extranet.rules(productId), [productId]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: {
      weekdays: ['1', '2', '3', '4', '5'] as string[],
      times: '10:00',
      from: localDateOf(Date.now(), 'UTC'),
      to: '',
      capacity: 20 as number | string,
    },
  });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const rule: WeeklyRule = {
      weekdays: v.weekdays.map(Number).sort(),
      times: v.times.split(',').map((s) => s.trim()).filter(Boolean),
      from: v.from,
      to: v.to || null,
      capacity: Number(v.capacity),
    };
    try {
      await extranet.saveRule(productId, rule);
      await rules.reload();
      onChanged();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('cal.rules')}
      </Title>
      <PageState loading={rules.loading} error={rules.error}>
        <Table>
          <Table.Tbody>
            {(rules.data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.weekdays.map((d) => weekdayName(d, locale)).join(' ')}</Table.Td>
                <Table.Td>{r.times.map((x) => formatLocalTime(x, locale)).join(', ')}</Table.Td>
                <Table.Td>
                  {formatLocalDate(r.from, locale)} – {r.to ? formatLocalDate(r.to, locale) : '∞'}
                </Table.Td>
                <Table.Td>{r.capacity}</Table.Td>
                <Table.Td>
                  <ConfirmRemoveButton
                    onRemove={async () => {
                      await extranet.deleteRule(productId, r.id!);
                      await rules.reload();
                      onChanged();
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" mt="sm">
          {formError && <Alert color="red">{formError}</Alert>}
          <Checkbox.Group label={t('cal.weekdays')} {...form.getInputProps('weekdays')}>
            <Group gap="xs" mt={4}>
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <Checkbox key={d} value={String(d)} label={weekdayName(d, locale)} />
              ))}
            </Group>
          </Checkbox.Group>
          <TextInput label={t('cal.times')} {...form.getInputProps('times')} />
          <Group grow>
            <TextInput type="date" label={t('cal.validFrom')} {...form.getInputProps('from')} />
            <TextInput type="date" label={t('cal.validTo')} {...form.getInputProps('to')} />
            <NumberInput label={t('cal.capacity')} min={1} {...form.getInputProps('capacity')} />
          </Group>
          <Button type="submit" variant="light">
            {t('cal.addRule')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function PricesCard({ productId, onChanged }: { productId: string; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const prices = useLoad(() => extranet.prices(productId), [productId]);
  const prod = useLoad(() => extranet.product(productId).then(productOf), [productId]);
  const p: Product | undefined = prod.data;
  const currency = p?.currency ?? 'EUR';
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { unit: '', from: '', to: '', retail: '', net: '' },
  });
  const unitChoices = (p?.options ?? []).flatMap((o) =>
    o.units.map((u) => ({
      value: `${o.id}|${u.id}`,
      label: `${nameIn(o, locale)} · ${nameIn(u, locale) || unitTypeLabel(locale, u.type)}`,
    })),
  );
  const unitLabel = (pr: PriceOverride) =>
    unitChoices.find((c) => c.value === `${pr.optionId}|${pr.unitId}`)?.label ?? pr.unitId;
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const retail = parseMoneyInput(v.retail, currency);
    const net = parseMoneyInput(v.net, currency);
    if (retail === null) return form.setFieldError('retail', t('app.required'));
    if (net === null) return form.setFieldError('net', t('app.required'));
    const [optionId, unitId] = v.unit.split('|');
    try {
      await extranet.addPrice(productId, { optionId, unitId, from: v.from, to: v.to, retail, net });
      await prices.reload();
      onChanged();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('cal.prices')}
      </Title>
      <PageState loading={prices.loading} error={prices.error}>
        <Table>
          <Table.Tbody>
            {(prices.data?.items ?? []).map((pr) => (
              <Table.Tr key={pr.id}>
                <Table.Td>{unitLabel(pr)}</Table.Td>
                <Table.Td>
                  {formatLocalDate(pr.from, locale)} – {formatLocalDate(pr.to, locale)}
                </Table.Td>
                <Table.Td>{formatMoney(pr.retail, currency, locale)}</Table.Td>
                <Table.Td>{formatMoney(pr.net, currency, locale)}</Table.Td>
                <Table.Td>
                  <ConfirmRemoveButton
                    onRemove={async () => {
                      await extranet.deletePrice(productId, pr.id!);
                      await prices.reload();
                      onChanged();
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs" mt="sm">
          {formError && <Alert color="red">{formError}</Alert>}
          <Select label={t('cal.unit')} data={unitChoices} {...form.getInputProps('unit')} />
          <Group grow>
            <TextInput type="date" label={t('cal.validFrom')} {...form.getInputProps('from')} />
            <TextInput type="date" label={t('cal.validTo')} {...form.getInputProps('to')} />
          </Group>
          <Group grow>
            <TextInput
              label={`${t('cal.retail')} (${currency})`}
              inputMode="decimal"
              placeholder={minorToInput(0, currency)}
              {...form.getInputProps('retail')}
            />
            <TextInput
              label={`${t('cal.net')} (${currency})`}
              inputMode="decimal"
              placeholder={minorToInput(0, currency)}
              {...form.getInputProps('net')}
            />
          </Group>
          <Button type="submit" variant="light">
            {t('cal.addPrice')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
