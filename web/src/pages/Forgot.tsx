import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link } from 'react-router';
import { auth } from '../api/client';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n';
import { applyServerError } from '../lib/forms';

export default function Forgot() {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '' } });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      await auth.forgot(v.email.trim());
      setSent(true);
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    } finally {
      setBusy(false);
    }
  });
  return (
    <PublicLayout title={t('forgot.title')}>
      {sent ? (
        <Alert color="teal" data-testid="forgot-sent">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t('forgot.help')}</Text>
            {formError && <Alert color="red">{formError}</Alert>}
            <TextInput
              label={t('login.email')}
              name="email"
              type="email"
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={busy}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="block">
        {t('app.back')}
      </Anchor>
    </PublicLayout>
  );
}
