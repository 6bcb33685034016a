import { Alert, Anchor, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { onboarding } from '../api/client';
import type { ApplicationInput } from '../api/types';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n';
import { applyServerError } from '../lib/forms';

export default function Apply() {
  const { t, locale } = useI18n();
  const [doneEmail, setDoneEmail] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<ApplicationInput>({
    initialValues: {
      companyName: '',
      contactName: '',
      email: '',
      phone: '',
      password: '',
      destinations: '',
      activityKinds: '',
      website: '',
      message: '',
      locale,
    },
    // Every empty or malformed field flagged at once, in the reader's language; the server checks
    // the same again (and more) and its answer lands on the field it names.
    validate: {
      companyName: (v) => (v.trim() ? null : t('app.required')),
      contactName: (v) => (v.trim() ? null : t('app.required')),
      email: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? null : t('apply.emailInvalid')),
      password: (v) => (v.length >= 10 ? null : t('apply.passwordShort')),
      destinations: (v) => (v.trim() ? null : t('app.required')),
      activityKinds: (v) => (v.trim() ? null : t('app.required')),
    },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      // "www.example.com" means the https:// site; the server wants a full URL.
      const website =
        v.website.trim() && !/^https?:\/\//i.test(v.website.trim())
          ? `https://${v.website.trim()}`
          : v.website.trim();
      await onboarding.apply({ ...v, email: v.email.trim(), website, locale });
      setDoneEmail(v.email.trim());
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    } finally {
      setBusy(false);
    }
  });
  const field = (name: keyof ApplicationInput) => ({
    name,
    ...form.getInputProps(name),
  });
  return (
    <PublicLayout title={t('apply.title')} width={720}>
      {doneEmail ? (
        <Stack>
          <Alert color="teal" data-testid="apply-done">
            {t('apply.done', { email: doneEmail })}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('login.submit')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('apply.intro')}
            </Text>
            {formError && (
              <Alert color="red" data-testid="form-error">
                {formError}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('apply.companyName')} required {...field('companyName')} />
              <TextInput label={t('apply.contactName')} required {...field('contactName')} />
              <TextInput label={t('apply.email')} type="email" required {...field('email')} />
              <TextInput label={t('apply.phone')} type="tel" {...field('phone')} />
              <PasswordInput
                label={t('apply.password')}
                description={t('apply.passwordHelp')}
                autoComplete="new-password"
                required
                {...field('password')}
              />
              <TextInput label={t('apply.website')} {...field('website')} />
              <TextInput label={t('apply.destinations')} required {...field('destinations')} />
              <TextInput label={t('apply.activityKinds')} required {...field('activityKinds')} />
            </SimpleGrid>
            <Textarea label={t('apply.message')} autosize minRows={3} {...field('message')} />
            <Button type="submit" loading={busy}>
              {t('apply.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </PublicLayout>
  );
}
