// Product loading form (operator): every catalogue field, texts per language, options/units with
// prices, pickup and meeting points, extras, questions, photos. Form paths equal the JSON paths of
// the product body, so a server error {"field":"options.0.units.1.retail"} lands under that input.
// Prices are typed in major units and sent in minor units. BOOKING-priced options (private tours)
// carry one `bookingPrice` instead of unit prices; extras (name, description) and pickup points
// (directions) are edited per language as the API keeps them ({locale: text}). OPENING_HOURS
// products also edit their opening hours (ProductFormOpeningHours.tsx), sent as `openingHours`.
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  FileButton,
  Group,
  Image,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { admin, productOf } from '../../api/client';
import type { Locale, Photo, Product } from '../../api/types';
import { PageState, RemoveButton } from '../../components/common';
import { LOCALES, LOCALE_NAMES, unitTypeLabel, useI18n } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { minorToInput, parseMoneyInput, textOf } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import {
  OpeningHoursEditor,
  type OpeningHoursValues,
  openingHoursFormPath,
  openingHoursFromForm,
  openingHoursToForm,
} from './ProductFormOpeningHours';

type Money = string; // major units as typed
type LocaleTexts = Record<Locale, string>;

/** {es:'',en:'',fr:''} filled from an API map ({locale: text}); a plain string fills English. */
export function localeTexts(v?: unknown): LocaleTexts {
  const out = Object.fromEntries(LOCALES.map((l) => [l, ''])) as LocaleTexts;
  if (typeof v === 'string') out.en = v;
  else if (v && typeof v === 'object')
    for (const l of LOCALES) out[l] = (v as Record<string, string>)[l] ?? '';
  return out;
}
/** Only the languages with text, as the API wants them. */
function nonEmpty(v: LocaleTexts): Partial<LocaleTexts> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== '')) as Partial<LocaleTexts>;
}
export const emptyPickup = () => ({ name: '', address: '', minutesBeforeStart: 30, directions: localeTexts() });
export const emptyExtra = () => ({
  names: localeTexts(),
  descriptions: localeTexts(),
  retail: '',
  net: '',
  maxQuantity: 1,
});
export const emptyOption = (name = '', isDefault = false): ProductFormValues['options'][number] => ({
  name,
  default: isDefault,
  pricePer: 'UNIT',
  bookingPrice: { retail: '', net: '' },
  units: [emptyUnit('ADULT')],
});

/** A server error path that names no input of this form -> the input that shows it. */
export function formPathOf(field: string): string {
  const extraName = /^extras\.(\d+)\.name$/.exec(field);
  if (extraName) return `extras.${extraName[1]}.names.${LOCALES[0]}`;
  if (/^options\.\d+\.bookingPrice$/.test(field)) return `${field}.retail`;
  return openingHoursFormPath(field);
}
interface FormUnit {
  id?: string;
  type: string;
  name: string;
  minAge: number | string;
  maxAge: number | string;
  minQuantity: number | string;
  maxQuantity: number | string;
  paxCount: number | string;
  retail: Money;
  net: Money;
}
export interface ProductFormValues {
  internalName: string;
  texts: Record<string, { title: string; shortDescription: string; description: string }>;
  city: string;
  country: string;
  category: string;
  durationMinutes: number | string;
  timeZone: string;
  currency: string;
  availabilityType: 'START_TIME' | 'OPENING_HOURS';
  cutoffMinutes: number | string;
  horizonDays: number | string;
  openingHours: OpeningHoursValues[];
  cancellation: { freeUntilHours: number | string; feePercent: number | string };
  meetingPoint: { address: string; latitude: number | string; longitude: number | string; instructions: string };
  pickupPoints: {
    id?: string;
    name: string;
    address: string;
    minutesBeforeStart: number | string;
    directions: LocaleTexts;
  }[];
  options: {
    id?: string;
    name: string;
    default: boolean;
    pricePer: 'UNIT' | 'BOOKING';
    bookingPrice: { retail: Money; net: Money };
    units: FormUnit[];
  }[];
  extras: {
    id?: string;
    names: LocaleTexts;
    descriptions: LocaleTexts;
    retail: Money;
    net: Money;
    maxQuantity: number | string;
  }[];
  questions: { id?: string; label: string; kind: 'text' | 'select' | 'date' | 'number'; perParticipant: boolean; required: boolean; choices: string }[];
}

const emptyUnit = (type = 'ADULT'): FormUnit => ({
  type,
  name: type === 'ADULT' ? 'Adult' : type === 'CHILD' ? 'Child' : type,
  minAge: '',
  maxAge: '',
  minQuantity: 0,
  maxQuantity: 20,
  paxCount: 1,
  retail: '',
  net: '',
});

export function emptyProduct(currency = 'EUR', timeZone = 'Europe/Madrid'): ProductFormValues {
  return {
    internalName: '',
    texts: Object.fromEntries(
      LOCALES.map((l) => [l, { title: '', shortDescription: '', description: '' }]),
    ),
    city: '',
    country: '',
    category: 'tour',
    durationMinutes: 120,
    timeZone,
    currency,
    availabilityType: 'START_TIME',
    cutoffMinutes: 60,
    horizonDays: 365,
    openingHours: [],
    cancellation: { freeUntilHours: 24, feePercent: 100 },
    meetingPoint: { address: '', latitude: '', longitude: '', instructions: '' },
    pickupPoints: [],
    options: [emptyOption('Standard', true)],
    extras: [],
    questions: [],
  };
}

const num = (v: number | string): number | null => (v === '' || v === null ? null : Number(v));

export function fromProduct(p: Product): ProductFormValues {
  const base = emptyProduct(p.currency, p.timeZone);
  return {
    ...base,
    internalName: p.internalName ?? '',
    texts: { ...base.texts, ...(p.texts as ProductFormValues['texts']) },
    city: p.city,
    country: p.country,
    category: p.category,
    durationMinutes: p.durationMinutes,
    availabilityType: p.availabilityType,
    cutoffMinutes: p.cutoffMinutes,
    horizonDays: p.horizonDays,
    openingHours: openingHoursToForm(p.openingHours),
    cancellation: p.cancellation,
    meetingPoint: {
      address: p.meetingPoint?.address ?? '',
      latitude: p.meetingPoint?.latitude ?? '',
      longitude: p.meetingPoint?.longitude ?? '',
      instructions: textOf(p.meetingPoint?.instructions),
    },
    pickupPoints: p.pickupPoints.map((x) => ({ ...x, directions: localeTexts(x.directions) })),
    options: p.options.map((o) => ({
      id: o.id,
      name: o.name,
      default: !!o.default,
      pricePer: o.pricePer ?? 'UNIT',
      bookingPrice: {
        retail: o.bookingPrice ? minorToInput(o.bookingPrice.retail, p.currency) : '',
        net: o.bookingPrice?.net != null ? minorToInput(o.bookingPrice.net, p.currency) : '',
      },
      units: o.units.map((u) => ({
        id: u.id,
        type: u.type,
        name: u.name ?? '',
        minAge: u.minAge ?? '',
        maxAge: u.maxAge ?? '',
        minQuantity: u.minQuantity ?? '',
        maxQuantity: u.maxQuantity ?? '',
        paxCount: u.paxCount ?? 1,
        retail: minorToInput(u.retail, p.currency),
        net: minorToInput(u.net, p.currency),
      })),
    })),
    extras: p.extras.map(({ name, names, descriptions, ...x }) => ({
      ...x,
      names: { ...localeTexts(name), ...nonEmpty(localeTexts(names)) },
      descriptions: localeTexts(descriptions),
      retail: minorToInput(x.retail, p.currency),
      net: minorToInput(x.net, p.currency),
    })),
    questions: p.questions.map((q) => ({ ...q, choices: (q.choices ?? []).join(', ') })),
  };
}

/** Form values -> the product JSON; money errors are reported through `fail(path)`. */
export function toProduct(v: ProductFormValues, fail: (path: string) => void): Product {
  const money = (s: string, path: string) => {
    const m = parseMoneyInput(s, v.currency || 'EUR');
    if (m === null) fail(path);
    return m ?? 0;
  };
  const mp = v.meetingPoint;
  return {
    internalName: v.internalName,
    texts: v.texts,
    city: v.city,
    country: v.country.trim().toUpperCase(),
    category: v.category,
    durationMinutes: Number(v.durationMinutes),
    timeZone: v.timeZone.trim(),
    currency: v.currency.trim().toUpperCase(),
    availabilityType: v.availabilityType,
    cutoffMinutes: Number(v.cutoffMinutes),
    horizonDays: Number(v.horizonDays),
    // Only OPENING_HOURS products have opening hours (the server drops them for START_TIME).
    openingHours: v.availabilityType === 'OPENING_HOURS' ? openingHoursFromForm(v.openingHours) : undefined,
    cancellation: {
      freeUntilHours: Number(v.cancellation.freeUntilHours),
      feePercent: Number(v.cancellation.feePercent),
    },
    meetingPoint: mp.address
      ? {
          address: mp.address,
          latitude: num(mp.latitude),
          longitude: num(mp.longitude),
          // The API keeps instructions per language ({locale: text}); this form edits English.
          instructions: (mp.instructions ? { en: mp.instructions } : {}) as unknown as string,
        }
      : null,
    pickupPoints: v.pickupPoints.map((p) => ({
      ...p,
      minutesBeforeStart: Number(p.minutesBeforeStart),
      directions: nonEmpty(p.directions),
    })),
    options: v.options.map(({ bookingPrice, ...o }, oi) => {
      const perBooking = o.pricePer === 'BOOKING';
      // Unit prices are ignored by the server for BOOKING options: sent only when typed
      // (undefined is left out of the JSON body).
      const unitMoney = (s: string, path: string) =>
        perBooking && s.trim() === '' ? undefined : money(s, path);
      return {
        ...o,
        bookingPrice: perBooking
          ? {
              retail: money(bookingPrice.retail, `options.${oi}.bookingPrice.retail`),
              // net defaults to retail on the server when left empty
              ...(bookingPrice.net.trim() === ''
                ? {}
                : { net: money(bookingPrice.net, `options.${oi}.bookingPrice.net`) }),
            }
          : null,
        units: o.units.map((u, ui) => ({
          id: u.id,
          type: u.type,
          name: u.name,
          minAge: num(u.minAge),
          maxAge: num(u.maxAge),
          minQuantity: num(u.minQuantity),
          maxQuantity: num(u.maxQuantity),
          paxCount: Number(u.paxCount || 1),
          retail: unitMoney(u.retail, `options.${oi}.units.${ui}.retail`) as number,
          net: unitMoney(u.net, `options.${oi}.units.${ui}.net`) as number,
        })),
      };
    }),
    extras: v.extras.map(({ names, descriptions, ...x }, i) => {
      const named = nonEmpty(names);
      // a name in at least one language is required (the server says so under `extras.N.name`)
      if (Object.keys(named).length === 0) fail(`extras.${i}.names.${LOCALES[0]}`);
      return {
        ...x,
        names: named,
        descriptions: nonEmpty(descriptions),
        retail: money(x.retail, `extras.${i}.retail`),
        net: money(x.net, `extras.${i}.net`),
        maxQuantity: Number(x.maxQuantity),
      };
    }),
    questions: v.questions.map((q) => ({
      ...q,
      choices: q.choices
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    })),
  };
}

export default function ProductFormPage() {
  const { id, supplierId } = useParams();
  const existing = useLoad(
    () => (id ? admin.product(id).then(productOf) : Promise.resolve(undefined)),
    [id],
  );
  const supplier = useLoad(
    () => (supplierId ? admin.supplier(supplierId) : Promise.resolve(undefined)),
    [supplierId],
  );
  const ready = !existing.loading && !supplier.loading;
  return (
    <PageState loading={!ready} error={existing.error ?? supplier.error}>
      {ready && (
        <ProductForm
          product={existing.data}
          supplierId={supplierId ?? existing.data?.supplierId}
          currency={supplier.data?.supplier.currency}
          timeZone={supplier.data?.supplier.timezone}
        />
      )}
    </PageState>
  );
}

export function ProductForm({
  product,
  supplierId,
  currency,
  timeZone,
}: {
  product?: Product;
  supplierId?: string;
  currency?: string;
  timeZone?: string;
}) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [photos, setPhotos] = useState<Photo[]>(product?.photos ?? []);
  const form = useForm<ProductFormValues>({
    initialValues: product
      ? fromProduct(product)
      : emptyProduct(currency ?? 'EUR', timeZone && timeZone !== 'UTC' ? timeZone : 'Europe/Madrid'),
  });
  useEffect(() => setPhotos(product?.photos ?? []), [product]);

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    let bad = false;
    const body = toProduct(v, (path) => {
      form.setFieldError(path, t('app.required'));
      bad = true;
    });
    if (bad) return setFormError(t('pf.errorsBelow'));
    setBusy(true);
    try {
      const saved = productOf(
        product?.id
          ? await admin.updateProduct(product.id, body)
          : await admin.createProduct(supplierId!, body),
      );
      notifications.show({ message: t('app.saved'), color: 'teal' });
      if (!product?.id && saved.id) navigate(`/admin/products/${encodeURIComponent(saved.id)}`, { replace: true });
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error'), formPathOf) ?? t('pf.errorsBelow'));
    } finally {
      setBusy(false);
    }
  });

  const ip = form.getInputProps;
  return (
    <form onSubmit={submit} noValidate data-testid="product-form">
      <Stack>
        {supplierId && (
          <Anchor component={Link} to={`/admin/suppliers/${encodeURIComponent(supplierId)}`} size="sm">
            ← {t('admin.suppliers')}
          </Anchor>
        )}
        <Title order={2}>{product ? t('pf.title.edit') : t('pf.title.new')}</Title>
        {formError && (
          <Alert color="red" data-testid="form-error">
            {formError}
          </Alert>
        )}
        <Card withBorder>
          <Title order={4} mb="xs">
            {t('pf.general')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label={t('pf.internalName')} name="internalName" required {...ip('internalName')} />
            <TextInput label={t('pf.city')} name="city" {...ip('city')} />
            <TextInput label={t('pf.country')} name="country" maxLength={2} {...ip('country')} />
            <TextInput label={t('pf.category')} name="category" {...ip('category')} />
            <NumberInput label={t('pf.duration')} name="durationMinutes" min={1} {...ip('durationMinutes')} />
            <TextInput label={t('pf.timeZone')} name="timeZone" {...ip('timeZone')} />
            <TextInput label={t('pf.currency')} name="currency" maxLength={3} {...ip('currency')} />
            <Select
              label={t('pf.availabilityType')}
              allowDeselect={false}
              data={[
                { value: 'START_TIME', label: t('pf.START_TIME') },
                { value: 'OPENING_HOURS', label: t('pf.OPENING_HOURS') },
              ]}
              {...ip('availabilityType')}
            />
            <NumberInput label={t('pf.cutoff')} name="cutoffMinutes" min={0} {...ip('cutoffMinutes')} />
            <NumberInput label={t('pf.horizon')} name="horizonDays" min={1} {...ip('horizonDays')} />
            <NumberInput label={t('pf.freeUntil')} name="cancellation.freeUntilHours" min={0} {...ip('cancellation.freeUntilHours')} />
            <NumberInput label={t('pf.fee')} name="cancellation.feePercent" min={0} max={100} {...ip('cancellation.feePercent')} />
          </SimpleGrid>
        </Card>
        {form.getValues().availabilityType === 'OPENING_HOURS' && (
          <OpeningHoursEditor form={form} timeZone={form.getValues().timeZone || 'UTC'} />
        )}
        <Card withBorder>
          <Title order={4} mb="xs">
            {t('pf.texts')}
          </Title>
          <Tabs defaultValue="es" keepMounted>
            <Tabs.List>
              {LOCALES.map((l) => (
                <Tabs.Tab key={l} value={l} c={form.errors[`texts.${l}.title`] ? 'red' : undefined}>
                  {LOCALE_NAMES[l]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {LOCALES.map((l) => (
              <Tabs.Panel key={l} value={l} pt="xs">
                <Stack gap="xs">
                  <TextInput label={t('pf.titleField')} name={`texts.${l}.title`} {...ip(`texts.${l}.title`)} />
                  <TextInput label={t('pf.short')} name={`texts.${l}.shortDescription`} {...ip(`texts.${l}.shortDescription`)} />
                  <Textarea label={t('pf.description')} autosize minRows={3} name={`texts.${l}.description`} {...ip(`texts.${l}.description`)} />
                </Stack>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Card>
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Title order={4}>{t('pf.options')}</Title>
            <Button
              variant="light"
              size="xs"
              onClick={() =>
form.insertListItem('options', emptyOption())
              }
            >
              {t('pf.addOption')}
            </Button>
          </Group>
          {form.getValues().options.map((o, oi) => (
            <Card key={oi} withBorder mb="sm" bg="gray.0">
              <Group align="end">
                <TextInput label={t('pf.optionName')} name={`options.${oi}.name`} {...ip(`options.${oi}.name`)} />
                <Select
                  label={t('pf.pricePer')}
                  w={170}
                  allowDeselect={false}
                  data={[
                    { value: 'UNIT', label: t('pf.perUNIT') },
                    { value: 'BOOKING', label: t('pf.perBOOKING') },
                  ]}
                  {...ip(`options.${oi}.pricePer`)}
                />
                {o.pricePer === 'BOOKING' && (
                  <>
                    <TextInput
                      label={t('pf.bookingRetail')}
                      w={170}
                      inputMode="decimal"
                      name={`options.${oi}.bookingPrice.retail`}
                      {...ip(`options.${oi}.bookingPrice.retail`)}
                    />
                    <TextInput
                      label={t('pf.bookingNet')}
                      w={170}
                      inputMode="decimal"
                      name={`options.${oi}.bookingPrice.net`}
                      {...ip(`options.${oi}.bookingPrice.net`)}
                    />
                  </>
                )}
                <Checkbox label={t('pf.defaultOption')} {...ip(`options.${oi}.default`, { type: 'checkbox' })} />
                {form.getValues().options.length > 1 && (
                  <Button variant="subtle" color="red" size="xs" onClick={() => form.removeListItem('options', oi)}>
                    {t('app.remove')}
                  </Button>
                )}
              </Group>
              {o.units.map((_, ui) => (
                <Group key={ui} align="end" gap="xs" mt="xs" wrap="wrap">
                  <Select
                    label={t('pf.unitType')}
                    w={110}
                    allowDeselect={false}
                    data={['ADULT', 'CHILD', 'INFANT', 'YOUTH', 'STUDENT', 'SENIOR', 'FAMILY', 'OTHER'].map(
                      (type) => ({ value: type, label: unitTypeLabel(locale, type) }),
                    )}
                    {...ip(`options.${oi}.units.${ui}.type`)}
                  />
                  <TextInput label={t('account.name')} w={120} {...ip(`options.${oi}.units.${ui}.name`)} />
                  <NumberInput label={t('pf.minAge')} w={80} min={0} {...ip(`options.${oi}.units.${ui}.minAge`)} />
                  <NumberInput label={t('pf.maxAge')} w={80} min={0} {...ip(`options.${oi}.units.${ui}.maxAge`)} />
                  <NumberInput label="Min" w={70} min={0} {...ip(`options.${oi}.units.${ui}.minQuantity`)} />
                  <NumberInput label="Max" w={70} min={0} {...ip(`options.${oi}.units.${ui}.maxQuantity`)} />
                  {o.pricePer !== 'BOOKING' && (
                    <>
                      <TextInput
                        label={`${t('cal.retail')}`}
                        w={110}
                        inputMode="decimal"
                        name={`options.${oi}.units.${ui}.retail`}
                        {...ip(`options.${oi}.units.${ui}.retail`)}
                      />
                      <TextInput
                        label={`${t('cal.net')}`}
                        w={110}
                        inputMode="decimal"
                        name={`options.${oi}.units.${ui}.net`}
                        {...ip(`options.${oi}.units.${ui}.net`)}
                      />
                    </>
                  )}
                  <RemoveButton onRemove={() => form.removeListItem(`options.${oi}.units`, ui)} />
                </Group>
              ))}
              <Button
                mt="xs"
                size="xs"
                variant="subtle"
                onClick={() => form.insertListItem(`options.${oi}.units`, emptyUnit('CHILD'))}
              >
                {t('pf.addUnit')}
              </Button>
            </Card>
          ))}
        </Card>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('pf.meeting')}
            </Title>
            <Stack gap="xs">
              <TextInput label={t('pf.address')} {...ip('meetingPoint.address')} />
              <Group grow>
                <NumberInput label={t('pf.lat')} decimalScale={6} {...ip('meetingPoint.latitude')} />
                <NumberInput label={t('pf.lng')} decimalScale={6} {...ip('meetingPoint.longitude')} />
              </Group>
              <Textarea label={t('pf.instructions')} autosize {...ip('meetingPoint.instructions')} />
            </Stack>
          </Card>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('pf.pickups')}</Title>
              <Button
                size="xs"
                variant="light"
                onClick={() => form.insertListItem('pickupPoints', emptyPickup())}
              >
                {t('pf.addPickup')}
              </Button>
            </Group>
            {form.getValues().pickupPoints.map((_, i) => (
              <Stack key={i} gap={4} mb="sm" data-testid={`pickup-${i}`}>
                <Group align="end" gap="xs">
                  <TextInput label={t('account.name')} {...ip(`pickupPoints.${i}.name`)} />
                  <TextInput label={t('pf.address')} {...ip(`pickupPoints.${i}.address`)} />
                  <NumberInput label={t('products.minutesBefore')} w={150} min={0} {...ip(`pickupPoints.${i}.minutesBeforeStart`)} />
                  <RemoveButton onRemove={() => form.removeListItem('pickupPoints', i)} />
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                  {LOCALES.map((l) => (
                    <Textarea
                      key={l}
                      autosize
                      label={t('pf.directionsIn', { lang: LOCALE_NAMES[l] })}
                      name={`pickupPoints.${i}.directions.${l}`}
                      {...ip(`pickupPoints.${i}.directions.${l}`)}
                    />
                  ))}
                </SimpleGrid>
              </Stack>
            ))}
          </Card>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('pf.extras')}</Title>
              <Button
                size="xs"
                variant="light"
                onClick={() => form.insertListItem('extras', emptyExtra())}
              >
                {t('pf.addExtra')}
              </Button>
            </Group>
            {form.getValues().extras.map((_, i) => (
              <Stack key={i} gap={4} mb="sm" data-testid={`extra-${i}`}>
                <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                  {LOCALES.map((l) => (
                    <Stack key={l} gap={4}>
                      <TextInput
                        label={t('pf.nameIn', { lang: LOCALE_NAMES[l] })}
                        name={`extras.${i}.names.${l}`}
                        {...ip(`extras.${i}.names.${l}`)}
                      />
                      <Textarea
                        autosize
                        label={t('pf.descriptionIn', { lang: LOCALE_NAMES[l] })}
                        name={`extras.${i}.descriptions.${l}`}
                        {...ip(`extras.${i}.descriptions.${l}`)}
                      />
                    </Stack>
                  ))}
                </SimpleGrid>
                <Group align="end" gap="xs">
                  <TextInput label={t('cal.retail')} w={100} inputMode="decimal" {...ip(`extras.${i}.retail`)} />
                  <TextInput label={t('cal.net')} w={100} inputMode="decimal" {...ip(`extras.${i}.net`)} />
                  <NumberInput label={t('pf.maxQty')} w={100} min={1} {...ip(`extras.${i}.maxQuantity`)} />
                  <RemoveButton onRemove={() => form.removeListItem('extras', i)} />
                </Group>
              </Stack>
            ))}
          </Card>
          <Card withBorder>
            <Group justify="space-between" mb="xs">
              <Title order={4}>{t('pf.questions')}</Title>
              <Button
                size="xs"
                variant="light"
                onClick={() =>
                  form.insertListItem('questions', {
                    label: '',
                    kind: 'text',
                    perParticipant: false,
                    required: false,
                    choices: '',
                  })
                }
              >
                {t('pf.addQuestion')}
              </Button>
            </Group>
            {form.getValues().questions.map((q, i) => (
              <Group key={i} align="end" gap="xs" mb="xs" wrap="wrap">
                <TextInput label={t('pf.label')} {...ip(`questions.${i}.label`)} />
                <Select
                  label={t('pf.kind')}
                  w={110}
                  allowDeselect={false}
                  data={['text', 'select', 'date', 'number']}
                  {...ip(`questions.${i}.kind`)}
                />
                {q.kind === 'select' && <TextInput label="Choices" {...ip(`questions.${i}.choices`)} />}
                <Checkbox label={t('pf.perParticipant')} {...ip(`questions.${i}.perParticipant`, { type: 'checkbox' })} />
                <Checkbox label={t('pf.required')} {...ip(`questions.${i}.required`, { type: 'checkbox' })} />
                <RemoveButton onRemove={() => form.removeListItem('questions', i)} />
              </Group>
            ))}
          </Card>
        </SimpleGrid>
        <Card withBorder>
          <Title order={4} mb="xs">
            {t('pf.photos')}
          </Title>
          {!product?.id ? (
            <Text c="dimmed" size="sm">
              {t('pf.photosAfterSave')}
            </Text>
          ) : (
            <Group>
              {photos.map((ph) => (
                <Image key={ph.id} src={ph.thumbUrl ?? ph.url} w={120} h={90} radius="sm" alt="" />
              ))}
              <FileButton
                accept="image/jpeg,image/png"
                onChange={async (file) => {
                  if (!file) return;
                  try {
                    const r = await admin.uploadPhoto(product.id!, file);
                    setPhotos((p) => [...p, r.photo]);
                  } catch (e) {
                    notifications.show({ color: 'red', message: (e as Error).message });
                  }
                }}
              >
                {(props) => (
                  <Button variant="light" {...props}>
                    {t('appl.upload')}
                  </Button>
                )}
              </FileButton>
            </Group>
          )}
        </Card>
        <Group>
          <Button type="submit" loading={busy} data-testid="save-product">
            {product ? t('app.save') : t('pf.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
