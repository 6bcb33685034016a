// Opening hours of an OPENING_HOURS product, edited as the API keeps them (docs/api/extranet.md,
// "Opening hours"): entries of weekdays + open/close time + date range + daily capacity (empty =
// free sale). Used by the operator's product form and the supplier's product page; both send the
// list as `openingHours` and show the server's field errors ("openingHours.1.close") in place.
import { Button, Card, Checkbox, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { OpeningHours } from '../../api/types';
import { RemoveButton } from '../../components/common';
import { useI18n } from '../../i18n';
import { localDateOf, weekdayName } from '../../lib/format';

/** One entry as the form holds it (weekdays as checkbox values, capacity '' = free sale). */
export interface OpeningHoursValues {
  weekdays: string[];
  open: string;
  close: string;
  from: string;
  to: string;
  dailyCapacity: number | string;
}

/** Today in `timeZone` (UTC while the zone typed in the form is not a valid one). */
function today(timeZone: string): string {
  try {
    return localDateOf(Date.now(), timeZone);
  } catch {
    return localDateOf(Date.now(), 'UTC');
  }
}

export const emptyOpeningHours = (timeZone = 'UTC'): OpeningHoursValues => ({
  weekdays: ['1', '2', '3', '4', '5'],
  open: '09:00',
  close: '18:00',
  from: today(timeZone),
  to: '',
  dailyCapacity: '',
});

export function openingHoursToForm(list: OpeningHours[] | undefined): OpeningHoursValues[] {
  return (list ?? []).map((h) => ({
    weekdays: h.weekdays.map(String),
    open: h.open,
    close: h.close,
    from: h.from,
    to: h.to ?? '',
    dailyCapacity: h.dailyCapacity ?? '',
  }));
}

export function openingHoursFromForm(list: OpeningHoursValues[]): OpeningHours[] {
  return list.map((h) => ({
    weekdays: h.weekdays.map(Number).sort((a, b) => a - b),
    open: h.open.trim(),
    close: h.close.trim(),
    from: h.from,
    to: h.to || null,
    dailyCapacity: h.dailyCapacity === '' || h.dailyCapacity === null ? null : Number(h.dailyCapacity),
  }));
}

/** Server error paths under openingHours -> the input that shows them: a bad weekday
 *  ("openingHours.0.weekdays.2") under the day checkboxes, a bad entry ("openingHours.1") under
 *  its opening time. Other paths are returned unchanged. */
export function openingHoursFormPath(field: string): string {
  const day = /^(openingHours\.\d+\.weekdays)\.\d+$/.exec(field);
  if (day) return day[1];
  if (/^openingHours\.\d+$/.test(field)) return `${field}.open`;
  return field;
}

// Any form whose values hold `openingHours: OpeningHoursValues[]`.
type FormWithHours = UseFormReturnType<any>;

export function OpeningHoursEditor({ form, timeZone }: { form: FormWithHours; timeZone: string }) {
  const { t, locale } = useI18n();
  const rows = (form.getValues().openingHours ?? []) as OpeningHoursValues[];
  const listError = form.errors.openingHours;
  return (
    <Card withBorder data-testid="opening-hours">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('oh.title')}</Title>
        <Button
          size="xs"
          variant="light"
          onClick={() => form.insertListItem('openingHours', emptyOpeningHours(timeZone))}
        >
          {t('oh.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('oh.help', { zone: timeZone })}
      </Text>
      {listError && (
        <Text size="sm" c="red" mb="xs" role="alert">
          {listError}
        </Text>
      )}
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('oh.none')}
        </Text>
      )}
      {rows.map((_, i) => (
        <Stack key={i} gap={4} mb="sm" data-testid={`opening-hours-${i}`}>
          <Checkbox.Group label={t('cal.weekdays')} {...form.getInputProps(`openingHours.${i}.weekdays`)}>
            <Group gap="xs" mt={4}>
              {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                <Checkbox key={d} value={String(d)} label={weekdayName(d, locale)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group align="end" gap="xs" wrap="wrap">
            <TextInput
              label={t('oh.open')}
              w={100}
              placeholder="09:00"
              name={`openingHours.${i}.open`}
              {...form.getInputProps(`openingHours.${i}.open`)}
            />
            <TextInput
              label={t('oh.close')}
              w={100}
              placeholder="18:00"
              name={`openingHours.${i}.close`}
              {...form.getInputProps(`openingHours.${i}.close`)}
            />
            <TextInput
              type="date"
              label={t('cal.validFrom')}
              w={160}
              name={`openingHours.${i}.from`}
              {...form.getInputProps(`openingHours.${i}.from`)}
            />
            <TextInput
              type="date"
              label={t('cal.validTo')}
              w={160}
              name={`openingHours.${i}.to`}
              {...form.getInputProps(`openingHours.${i}.to`)}
            />
            <NumberInput
              label={t('oh.dailyCapacity')}
              placeholder={t('oh.freeSale')}
              w={150}
              min={0}
              allowDecimal={false}
              name={`openingHours.${i}.dailyCapacity`}
              {...form.getInputProps(`openingHours.${i}.dailyCapacity`)}
            />
            <RemoveButton onRemove={() => form.removeListItem('openingHours', i)} />
          </Group>
        </Stack>
      ))}
    </Card>
  );
}
