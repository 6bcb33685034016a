import {
  Alert,
  Button,
  Input,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { extranet, productOf } from '../../api/client';
import { DialogActions } from '../../components/common';
import type { Product, ProductSummary } from '../../api/types';
import { unitTypeLabel, useI18n } from '../../i18n';
import { localDateOf } from '../../lib/format';
import { applyServerError } from '../../lib/forms';
import { ContactFields, type ContactValues } from './ContactFields';
import { useDayDepartures } from './useDayDepartures';

// A fresh idempotency key per form: a double click or a retry answers the same booking.
function newUuid(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}


interface SaleForm extends ContactValues {
  departureId: string;
  units: Record<string, number>;
  extras: Record<string, number>;
  pickupPointId: string;
  notes: string;
}

const EMPTY: SaleForm = {
  departureId: '',
  units: {},
  extras: {},
  pickupPointId: '',
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  notes: '',
};

// Counts above zero only: what the server is asked for.
function positive(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** A count per thing (travellers per unit, extras): whole numbers from 0 to `max` (500). */
function Counts({
  label,
  error,
  items,
  values,
  onChange,
  testId,
}: {
  label: string;
  error?: ReactNode;
  items: { id: string; label: string; max?: number }[];
  values: Record<string, number>;
  onChange: (values: Record<string, number>) => void;
  testId: string;
}) {
  return (
    <Input.Wrapper label={label} error={error}>
      <SimpleGrid cols={{ base: 2, sm: 3 }} mt={4}>
        {items.map((item) => (
          <NumberInput
            key={item.id}
            label={item.label}
            min={0}
            max={item.max ?? 500}
            allowDecimal={false}
            allowNegative={false}
            value={values[item.id] ?? 0}
            onChange={(n) => onChange({ ...values, [item.id]: Number(n) || 0 })}
            data-testid={`${testId}-${item.id}`}
          />
        ))}
      </SimpleGrid>
    </Input.Wrapper>
  );
}

/** The supplier records a sale of its own (a phone call, a walk-in at the desk): a product and
 *  option, a day and one of its open departures with room for the party, the party per unit and
 *  the traveller's contact. The server takes the seats off the one inventory at once. */
export function NewBooking({
  products,
  onCreated,
  initialDate,
  initialProductId,
}: {
  products: ProductSummary[];
  onCreated: (booking: { id: string; supplierReference: string }) => void;
  /** The day the form starts on (the day sheet's); else today in the product's zone. */
  initialDate?: string;
  initialProductId?: string;
}) {
  const { t, locale } = useI18n();
  const [opened, setOpened] = useState(false);
  const [productId, setProductId] = useState<string | null>(null);
  const [product, setProduct] = useState<Product | null>(null);
  const [optionId, setOptionId] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [uuid, setUuid] = useState(newUuid());
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SaleForm>({ initialValues: EMPTY });

  const open = () => {
    form.setValues(EMPTY);
    form.clearErrors();
    setFormError(null);
    setUuid(newUuid());
    const chosen = initialProductId ?? productId ?? (products.length === 1 ? products[0].id : null);
    setProductId(chosen);
    const zone = products.find((p) => p.id === chosen)?.timeZone ?? products[0]?.timeZone ?? 'UTC';
    setDate(initialDate ?? localDateOf(Date.now(), zone));
    setOpened(true);
  };

  // The chosen product's options and units (prices and names in the reader's language).
  useEffect(() => {
    if (!opened || !productId) {
      setProduct(null);
      return;
    }
    let live = true;
    extranet
      .product(productId)
      .then((r) => {
        if (!live) return;
        const p = productOf(r);
        setProduct(p);
        const first = p.options.find((o) => o.default) ?? p.options[0];
        setOptionId(first?.id ?? null);
      })
      .catch(() => live && setProduct(null));
    return () => {
      live = false;
    };
  }, [opened, productId, locale]);

  const option = product?.options.find((o) => o.id === optionId);
  const seats = useMemo(
    () =>
      (option?.units ?? []).reduce(
        (n, u) => n + (form.values.units[u.id ?? ''] ?? 0) * (u.paxCount ?? 1),
        0,
      ),
    [option, form.values.units],
  );

  // That day's open departures, with what is left on each.
  const departures = useDayDepartures(productId, date, opened && !!optionId, optionId);

  // Departures with room for the party as it stands (the server checks again when booking).
  const roomy = departures.filter((d) => d.free === null || d.free >= Math.max(seats, 1));

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    if (!productId || !optionId) {
      setFormError(t('newBooking.chooseProduct'));
      return;
    }
    if (!v.departureId || !roomy.some((d) => d.value === v.departureId)) {
      form.setFieldError('departureId', t('booking.moveChoose'));
      return;
    }
    const units = positive(v.units);
    if (Object.keys(units).length === 0) {
      form.setFieldError('units', t('newBooking.noTravellers'));
      return;
    }
    try {
      const r = await extranet.createBooking({
        uuid,
        productId,
        optionId,
        departureId: v.departureId,
        units,
        extras: positive(v.extras),
        pickupPointId: v.pickupPointId || undefined,
        firstName: v.firstName,
        lastName: v.lastName,
        email: v.email,
        phone: v.phone,
        notes: v.notes,
      });
      setOpened(false);
      onCreated({ id: r.booking.id, supplierReference: r.booking.supplierReference });
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });

  return (
    <>
      <Button onClick={open} data-testid="new-booking">
        {t('newBooking.open')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('newBooking.open')} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('newBooking.explain')}</Text>
            {formError && <Alert color="red">{formError}</Alert>}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('newBooking.product')}
                data={products.map((p) => ({ value: p.id, label: p.title ?? p.internalName ?? p.id }))}
                value={productId}
                onChange={(v) => {
                  setProductId(v);
                  form.setValues({ units: {}, extras: {}, pickupPointId: '' });
                }}
                data-testid="new-booking-product"
              />
              <Select
                label={t('newBooking.option')}
                data={(product?.options ?? []).map((o) => ({
                  value: o.id ?? '',
                  label: o.names?.[locale] ?? o.name,
                }))}
                value={optionId}
                onChange={setOptionId}
                data-testid="new-booking-option"
              />
              <TextInput
                type="date"
                label={t('booking.moveDate')}
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
                data-testid="new-booking-date"
              />
              <Select
                label={t('booking.moveDeparture')}
                data={roomy.map(({ value, label }) => ({ value, label }))}
                placeholder={roomy.length ? undefined : t('booking.moveNone')}
                {...form.getInputProps('departureId')}
                onChange={(v) => form.setFieldValue('departureId', v ?? '')}
                value={form.values.departureId || null}
                data-testid="new-booking-departure"
              />
            </SimpleGrid>
            <Counts
              label={t('newBooking.travellers')}
              error={form.errors.units}
              items={(option?.units ?? []).map((u) => ({
                id: u.id ?? '',
                label: u.names?.[locale] ?? u.name ?? unitTypeLabel(locale, u.type),
              }))}
              values={form.values.units}
              onChange={(units) => form.setFieldValue('units', units)}
              testId="new-booking-unit"
            />
            {(product?.extras?.length ?? 0) > 0 && (
              <Counts
                label={t('newBooking.extras')}
                error={form.errors.extras}
                items={product!.extras.map((x) => ({
                  id: x.id ?? '',
                  label: x.names?.[locale] ?? x.name ?? x.id ?? '',
                  max: x.maxQuantity || undefined,
                }))}
                values={form.values.extras}
                onChange={(extras) => form.setFieldValue('extras', extras)}
                testId="new-booking-extra"
              />
            )}
            {option?.pickupAvailable && (product?.pickupPoints?.length ?? 0) > 0 && (
              <Select
                label={t('newBooking.pickup')}
                data={[
                  { value: '', label: t('newBooking.noPickup') },
                  ...product!.pickupPoints.map((pp) => ({ value: pp.id ?? '', label: pp.name })),
                ]}
                {...form.getInputProps('pickupPointId')}
                onChange={(v) => form.setFieldValue('pickupPointId', v ?? '')}
                data-testid="new-booking-pickup"
              />
            )}
            <ContactFields form={form} testId="new-booking" />
            <Textarea label={t('newBooking.notes')} maxLength={2000} autosize minRows={2} {...form.getInputProps('notes')} />
            <DialogActions
              onCancel={() => setOpened(false)}
              label={t('newBooking.submit')}
              loading={form.submitting}
              testId="confirm-new-booking"
            />
          </Stack>
        </form>
      </Modal>
    </>
  );
}
