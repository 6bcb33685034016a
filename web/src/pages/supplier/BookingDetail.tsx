import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { extranet, productOf } from '../../api/client';
import { ApiError } from '../../api/http';
import type { BookingDetail as Detail, Money } from '../../api/types';
import { DialogActions, PageState, StatusBadge } from '../../components/common';
import { unitTypeLabel, useI18n } from '../../i18n';
import {
  formatDateTime,
  formatLocalDate,
  formatLocalTime,
  formatMoney,
  formatMoneyObj,
} from '../../lib/format';
import { applyServerError } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';
import { ContactFields } from './ContactFields';
import { useDayDepartures } from './useDayDepartures';
import { historyDetail } from './historyDetail';

// The detail's channel is an object ({id, name}); id null means the supplier's own sale.
function channelLabel(b: Detail, direct: string): string {
  const c = b.channel as unknown as { id?: string | null; name?: string } | string | undefined;
  if (!c || typeof c === 'string') return c && c !== 'direct' ? c : direct;
  return c.id ? c.name || c.id : direct;
}

function money(v: Money | number | undefined, currency: string | undefined, locale: string) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return currency ? formatMoney(v, currency, locale) : String(v);
  return formatMoneyObj(v, locale);
}

/** The supplier calls the booking off: asks why (the traveller and the reseller read it), says
 *  the traveller gets a full refund, and keeps the server's refusal on screen. */
function CancelBooking({ booking, onCancelled }: { booking: Detail; onCancelled: () => void }) {
  const { t, locale } = useI18n();
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('booking.cancelReasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await extranet.cancelBooking(booking.id, reason.trim());
      setOpened(false);
      onCancelled();
    } catch (e) {
      setError(e instanceof ApiError && e.message ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button color="red" variant="light" onClick={() => setOpened(true)} data-testid="cancel-booking">
        {t('booking.cancel')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('booking.cancelTitle', { ref: booking.supplierReference })}>
        <Stack>
          <Text size="sm">
            {t('booking.cancelExplain', {
              amount: booking.total ? formatMoneyObj(booking.total, locale) : '',
            })}
          </Text>
          <Textarea
            label={t('booking.cancelReason')}
            description={t('booking.cancelReasonHint')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
            error={error}
            data-autofocus
            data-testid="cancel-reason"
          />
          <DialogActions
            onCancel={() => setOpened(false)}
            cancelLabel={t('booking.keep')}
            label={t('booking.cancelConfirm')}
            onAction={() => void submit()}
            loading={busy}
            color="red"
            testId="confirm-cancel-booking"
          />
        </Stack>
      </Modal>
    </>
  );
}

/** The supplier corrects the traveller's name, email or phone (a typo, a number the traveller
 *  called in with). A refusal shows under its field, in the reader's language. */
function EditContact({ booking, onSaved }: { booking: Detail; onSaved: () => void }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const c = booking.contact;
  // A channel may have sent the name in one piece: it is edited as the first name.
  const initial = {
    firstName: c?.firstName || (c?.lastName ? '' : (c?.fullName ?? '')),
    lastName: c?.lastName ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
  };
  const form = useForm({ initialValues: initial });
  const open = () => {
    form.setValues(initial);
    form.resetDirty(initial);
    form.clearErrors();
    setFormError(null);
    setOpened(true);
  };
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    // Only what the supplier changed: an untouched one-piece name stays as the channel sent it.
    const changed = Object.fromEntries(
      (Object.keys(v) as (keyof typeof v)[]).filter((k) => form.isDirty(k)).map((k) => [k, v[k]]),
    );
    if (Object.keys(changed).length === 0) {
      setOpened(false);
      return;
    }
    try {
      await extranet.updateContact(booking.id, changed);
      setOpened(false);
      onSaved();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <>
      <Button variant="subtle" size="compact-sm" onClick={open} data-testid="edit-contact">
        {t('booking.editContact')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('booking.editContactTitle', { ref: booking.supplierReference })}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('booking.editContactExplain')}</Text>
            {formError && <Alert color="red">{formError}</Alert>}
            <ContactFields form={form} testId="contact" autoFocus />
            <DialogActions onCancel={() => setOpened(false)} label={t('app.save')} loading={form.submitting} testId="save-contact" />
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** The supplier changes where the traveller is collected (they called: another hotel, the other
 *  point): one of the product's points, a hotel of the traveller's, or no pickup. */
function ChangePickup({ booking, onSaved }: { booking: Detail; onSaved: () => void }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const [points, setPoints] = useState<{ value: string; label: string }[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const initial = {
    pickupPointId: booking.pickup?.id ?? '',
    hotel: booking.pickupHotel?.name ?? '',
    room: booking.pickupHotel?.room ?? '',
  };
  const form = useForm({ initialValues: initial });
  const open = () => {
    form.setValues(initial);
    form.clearErrors();
    setFormError(null);
    setOpened(true);
    if (!booking.productId) return;
    extranet
      .product(booking.productId)
      .then((r) => setPoints(productOf(r).pickupPoints.map((pp) => ({ value: pp.id ?? '', label: pp.name }))))
      .catch(() => setPoints([]));
  };
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await extranet.changePickup(booking.id, v);
      setOpened(false);
      onSaved();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <>
      <Button variant="subtle" size="compact-sm" onClick={open} data-testid="change-pickup">
        {t('booking.changePickup')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('booking.changePickupTitle', { ref: booking.supplierReference })}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('booking.changePickupExplain')}</Text>
            {formError && <Alert color="red">{formError}</Alert>}
            <Select
              label={t('booking.pickupPoint')}
              data={[{ value: '', label: t('newBooking.noPickup') }, ...points]}
              {...form.getInputProps('pickupPointId')}
              onChange={(v) => form.setFieldValue('pickupPointId', v ?? '')}
              data-testid="pickup-point"
            />
            <Group grow>
              <TextInput label={t('booking.hotel')} maxLength={200} {...form.getInputProps('hotel')} data-testid="pickup-hotel-name" />
              <TextInput label={t('booking.roomLabel')} maxLength={50} {...form.getInputProps('room')} data-testid="pickup-hotel-room" />
            </Group>
            <DialogActions onCancel={() => setOpened(false)} label={t('app.save')} loading={form.submitting} testId="save-pickup" />
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** The traveller's confirmation again (it went to spam, it was deleted); the server refuses a
 *  second one within the minute and says how long to wait. */
function ResendConfirmation({ booking, onSent }: { booking: Detail; onSent: () => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      await extranet.resendConfirmation(booking.id);
      notifications.show({ color: 'teal', message: t('booking.resent', { email: booking.contact?.email ?? '' }) });
      onSent();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof ApiError && e.message ? e.message : t('app.error') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="subtle" size="compact-sm" loading={busy} onClick={() => void send()} data-testid="resend-confirmation">
      {t('booking.resend')}
    </Button>
  );
}

/** The supplier moves the booking to another departure of its product: pick a day, then one of
 *  that day's open departures with room for the party. */
function MoveBooking({ booking, onMoved }: { booking: Detail; onMoved: () => void }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const [date, setDate] = useState(booking.localDate ?? '');
  const [departure, setDeparture] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Another departure of that day with room for the party.
  const departures = useDayDepartures(booking.productId, date, opened).filter(
    (d) => d.value !== booking.departureId && (d.free === null || d.free >= (booking.pax ?? 1)),
  );
  const submit = async () => {
    if (!departure) {
      setError(t('booking.moveChoose'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await extranet.moveBooking(booking.id, departure);
      setOpened(false);
      onMoved();
    } catch (e) {
      setError(e instanceof ApiError && e.message ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)} data-testid="move-booking">
        {t('booking.move')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('booking.moveTitle', { ref: booking.supplierReference })}>
        <Stack>
          <Text size="sm">{t('booking.moveExplain')}</Text>
          <TextInput
            type="date"
            label={t('booking.moveDate')}
            value={date}
            onChange={(e) => {
              setDate(e.currentTarget.value);
              setDeparture(null);
            }}
            data-testid="move-date"
          />
          <Select
            label={t('booking.moveDeparture')}
            data={departures.map(({ value, label }) => ({ value, label }))}
            value={departure}
            onChange={setDeparture}
            nothingFoundMessage={t('booking.moveNone')}
            placeholder={departures.length ? undefined : t('booking.moveNone')}
            error={error}
            data-testid="move-departure"
          />
          <DialogActions
            onCancel={() => setOpened(false)}
            label={t('booking.moveConfirm')}
            onAction={() => void submit()}
            loading={busy}
            testId="confirm-move-booking"
          />
        </Stack>
      </Modal>
    </>
  );
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
              {(b.status === 'CONFIRMED' || b.status === 'ON_HOLD') && (
                <>
                  <MoveBooking booking={b} onMoved={reload} />
                  <CancelBooking booking={b} onCancelled={reload} />
                </>
              )}
            </Group>
            {b.cancellation && (
              <Alert color="gray" title={t('history.cancelled')} data-testid="booking-cancellation">
                {t(
                  b.cancellation.refund === 'FULL'
                    ? 'booking.refund.FULL'
                    : b.cancellation.refund === 'PARTIAL'
                      ? 'booking.refund.PARTIAL'
                      : 'booking.refund.NONE',
                  { amount: formatMoneyObj(b.cancellation.refundAmount, locale) },
                )}
                {b.cancellation.reason && (
                  <Text size="sm">
                    {t('booking.cancelReason')}: {b.cancellation.reason}
                  </Text>
                )}
              </Alert>
            )}
            <Text>
              {b.productTitle} · {b.optionName} ·{' '}
              {b.localDate && formatLocalDate(b.localDate, locale, 'full')}{' '}
              {b.localTime && !b.allDay && formatLocalTime(b.localTime, locale)} ({tz})
            </Text>
            <Text size="sm" c="dimmed" data-testid="booking-channel">
              {t('bookings.channel')}: {channelLabel(b, t('bookings.direct'))}
              {b.resellerReference && ` · ${t('booking.resellerRef')}: ${b.resellerReference}`}
            </Text>
            {b.notes && (
              <Alert color="yellow" title={t('booking.notes')} data-testid="booking-notes">
                {b.notes}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Group justify="space-between">
                  <Title order={4}>{t('booking.contact')}</Title>
                  <Group gap="xs">
                    {b.status === 'CONFIRMED' && b.contact?.email && <ResendConfirmation booking={b} onSent={reload} />}
                    {(b.status === 'CONFIRMED' || b.status === 'ON_HOLD') && <EditContact booking={b} onSaved={reload} />}
                    {(b.status === 'CONFIRMED' || b.status === 'ON_HOLD') && <ChangePickup booking={b} onSaved={reload} />}
                  </Group>
                </Group>
                <Text data-testid="contact-name">{b.contact?.fullName ?? b.contactName}</Text>
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
                {(b.history ?? []).map((h, i) => {
                  const detail = historyDetail(h, tz, { t, tx, locale });
                  return (
                    <Timeline.Item
                      key={i}
                      title={tx(`history.${h.action ?? h.status}`, h.action ?? h.status)}
                    >
                      <Text size="xs" c="dimmed">
                        {formatDateTime(h.at, tz, locale)} · {h.channel && tx(`historyChannel.${h.channel}`, h.channel)}{' '}
                        {h.actor && `· ${h.actor}`}
                      </Text>
                      {detail && <Text size="sm">{detail}</Text>}
                    </Timeline.Item>
                  );
                })}
              </Timeline>
            </Card>
          </>
        )}
      </PageState>
    </Stack>
  );
}
