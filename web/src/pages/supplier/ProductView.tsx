// A supplier reads everything the operator loaded and edits what is theirs to change: unit prices,
// pickup times, cut-off and horizon, and the opening hours of OPENING_HOURS products
// (PATCH /api/v1/extranet/products/{id}).
import { Alert, Anchor, Button, Card, Group, NumberInput, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { extranet, productOf } from '../../api/client';
import type { Locale, Product } from '../../api/types';
import { PageState } from '../../components/common';
import { LOCALES, LOCALE_NAMES, unitTypeLabel, useI18n } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { minorToInput, nameIn, parseMoneyInput, textOf } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import {
  OpeningHoursEditor,
  type OpeningHoursValues,
  openingHoursFormPath,
  openingHoursFromForm,
  openingHoursToForm,
} from '../admin/ProductFormOpeningHours';

interface EditValues {
  cutoffMinutes: number | string;
  horizonDays: number | string;
  options: { id: string; units: { id: string; retail: string; net: string }[] }[];
  pickupPoints: { id: string; minutesBeforeStart: number | string }[];
  openingHours: OpeningHoursValues[];
}

function toValues(p: Product): EditValues {
  return {
    cutoffMinutes: p.cutoffMinutes,
    horizonDays: p.horizonDays,
    options: p.options.map((o) => ({
      id: o.id ?? '',
      units: o.units.map((u) => ({
        id: u.id ?? '',
        retail: minorToInput(u.retail, p.currency),
        net: minorToInput(u.net, p.currency),
      })),
    })),
    pickupPoints: p.pickupPoints.map((pp) => ({
      id: pp.id ?? '',
      minutesBeforeStart: pp.minutesBeforeStart,
    })),
    openingHours: openingHoursToForm(p.openingHours),
  };
}

export default function ProductView() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { data, error, loading, reload, setData } = useLoad(
    () => extranet.product(id).then(productOf),
    [id],
  );
  return (
    <Stack>
      <Anchor component={Link} to="/supplier/products" size="sm">
        ← {t('nav.products')}
      </Anchor>
      <PageState loading={loading} error={error} onRetry={reload}>
        {data && <ProductEditor product={data} onSaved={setData} />}
      </PageState>
    </Stack>
  );
}

function ProductEditor({ product: p, onSaved }: { product: Product; onSaved: (p: Product) => void }) {
  const { t, tx, locale } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<EditValues>({ initialValues: toValues(p) });
  const text = p.texts[locale as Locale] ?? p.texts.en ?? Object.values(p.texts)[0];
  const openingHours = p.availabilityType === 'OPENING_HOURS';

  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    // Prices typed in major units; validate locally, keep the typed text on error.
    let bad = false;
    const options = v.options.map((o, oi) => ({
      id: o.id,
      units: o.units.map((u, ui) => {
        const retail = parseMoneyInput(u.retail, p.currency);
        const net = parseMoneyInput(u.net, p.currency);
        if (retail === null) {
          form.setFieldError(`options.${oi}.units.${ui}.retail`, t('app.required'));
          bad = true;
        }
        if (net === null) {
          form.setFieldError(`options.${oi}.units.${ui}.net`, t('app.required'));
          bad = true;
        }
        return { id: u.id, retail: retail ?? 0, net: net ?? 0 };
      }),
    }));
    if (bad) return;
    setBusy(true);
    try {
      const saved = productOf(
        await extranet.patchProduct(p.id!, {
          cutoffMinutes: Number(v.cutoffMinutes),
          horizonDays: Number(v.horizonDays),
          options: options as unknown as Product['options'],
          pickupPoints: v.pickupPoints.map((pp) => ({
            id: pp.id,
            minutesBeforeStart: Number(pp.minutesBeforeStart),
          })) as unknown as Product['pickupPoints'],
          ...(openingHours ? { openingHours: openingHoursFromForm(v.openingHours) } : {}),
        }),
      );
      onSaved(saved);
      notifications.show({ message: t('app.saved'), color: 'teal' });
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error'), openingHoursFormPath));
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Title order={2}>{text?.title ?? p.internalName}</Title>
        <Text c="dimmed">
          {p.city}, {p.country} · {p.category.replace(/_/g, ' ')} · {t('products.duration', { minutes: p.durationMinutes })} ·{' '}
          {p.timeZone} · {p.currency}
        </Text>
        <Text size="sm">
          {t('products.cancellation', {
            hours: p.cancellation.freeUntilHours,
            fee: p.cancellation.feePercent,
          })}
        </Text>
        {formError && <Alert color="red">{formError}</Alert>}
        <Tabs defaultValue={locale}>
          <Tabs.List>
            {LOCALES.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {LOCALE_NAMES[l]}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {LOCALES.map((l) => (
            <Tabs.Panel key={l} value={l} pt="xs">
              <Text fw={600}>{p.texts[l]?.title}</Text>
              <Text size="sm">{p.texts[l]?.shortDescription}</Text>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {p.texts[l]?.description}
              </Text>
            </Tabs.Panel>
          ))}
        </Tabs>
        <Group>
          <NumberInput label={t('products.cutoff')} min={0} {...form.getInputProps('cutoffMinutes')} />
          <NumberInput label={t('products.horizon')} min={1} {...form.getInputProps('horizonDays')} />
        </Group>
        {openingHours && <OpeningHoursEditor form={form} timeZone={p.timeZone} />}
        <Card withBorder>
          <Title order={4}>{t('products.units')}</Title>
          {p.options.map((o, oi) => (
            <div key={o.id ?? oi}>
              <Text fw={600} mt="sm">
                {nameIn(o, locale)}
              </Text>
              <Table>
                <Table.Tbody>
                  {o.units.map((u, ui) => (
                    <Table.Tr key={u.id ?? ui}>
                      <Table.Td>
                        {nameIn(u, locale) || unitTypeLabel(locale, u.type)}
                        <Text size="xs" c="dimmed">
                          {unitTypeLabel(locale, u.type)}
                          {u.minAge != null || u.maxAge != null ? ` · ${u.minAge ?? 0}–${u.maxAge ?? '∞'}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          label={`${t('cal.retail')} (${p.currency})`}
                          inputMode="decimal"
                          {...form.getInputProps(`options.${oi}.units.${ui}.retail`)}
                        />
                      </Table.Td>
                      <Table.Td>
                        <TextInput
                          size="xs"
                          label={`${t('cal.net')} (${p.currency})`}
                          inputMode="decimal"
                          {...form.getInputProps(`options.${oi}.units.${ui}.net`)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          ))}
        </Card>
        {p.pickupPoints.length > 0 && (
          <Card withBorder>
            <Title order={4}>{t('products.pickups')}</Title>
            {p.pickupPoints.map((pp, i) => (
              <Group key={pp.id ?? i} align="end" mt="xs">
                <div style={{ flex: 1 }}>
                  <Text fw={600}>{pp.name}</Text>
                  <Text size="xs" c="dimmed">
                    {pp.address}
                  </Text>
                </div>
                <NumberInput
                  w={200}
                  label={t('products.minutesBefore')}
                  min={0}
                  {...form.getInputProps(`pickupPoints.${i}.minutesBeforeStart`)}
                />
              </Group>
            ))}
          </Card>
        )}
        {p.meetingPoint && (
          <Card withBorder>
            <Title order={4}>{t('products.meeting')}</Title>
            <Text>{p.meetingPoint.address}</Text>
            <Text size="sm" c="dimmed">
              {textOf(p.meetingPoint.instructions, locale)}
            </Text>
          </Card>
        )}
        {(p.extras.length > 0 || p.questions.length > 0) && (
          <Card withBorder>
            <Title order={5}>{t('products.extras')}</Title>
            {p.extras.map((x, i) => (
              <Text key={i} size="sm">
                {nameIn(x, locale)} (≤ {x.maxQuantity})
              </Text>
            ))}
            <Title order={5} mt="sm">
              {t('products.questions')}
            </Title>
            {p.questions.map((q, i) => (
              <Text key={i} size="sm">
                {q.labels?.[locale as Locale] || q.label} · {tx(`qkind.${q.kind}`, q.kind)}
                {q.required ? ' *' : ''}
              </Text>
            ))}
          </Card>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            {t('app.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
