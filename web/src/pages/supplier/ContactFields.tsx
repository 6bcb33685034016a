import { Group, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useI18n } from '../../i18n';

export interface ContactValues {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/** The traveller's contact as the extranet's forms ask for it: names, email, phone, with the
 *  server's limits. `testId` prefixes each field's data-testid ("contact" → "contact-email"). */
export function ContactFields<T extends ContactValues>({
  form,
  testId,
  autoFocus = false,
}: {
  form: UseFormReturnType<T>;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <Group grow>
        <TextInput label={t('booking.firstName')} maxLength={200} data-autofocus={autoFocus || undefined} {...form.getInputProps('firstName')} data-testid={`${testId}-first-name`} />
        <TextInput label={t('booking.lastName')} maxLength={200} {...form.getInputProps('lastName')} data-testid={`${testId}-last-name`} />
      </Group>
      <Group grow>
        <TextInput label={t('booking.email')} type="email" maxLength={254} {...form.getInputProps('email')} data-testid={`${testId}-email`} />
        <TextInput label={t('booking.phone')} type="tel" maxLength={40} {...form.getInputProps('phone')} data-testid={`${testId}-phone`} />
      </Group>
    </>
  );
}
