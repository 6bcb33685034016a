import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { auth } from '../api/client';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n';
import { applyServerError } from '../lib/forms';

export default function Reset() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { newPassword: '', confirm: '' },
    validate: { confirm: (v, all) => (v !== all.newPassword ? t('reset.mismatch') : null) },
  });
  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      await auth.reset(token, v.newPassword);
      setDone(true);
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    } finally {
      setBusy(false);
    }
  });
  return (
    <PublicLayout title={t('reset.title')}>
      {!token ? (
        <Alert color="red">{t('reset.noToken')}</Alert>
      ) : done ? (
        <Alert color="teal" data-testid="reset-done">
          {t('reset.done')}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {formError && <Alert color="red">{formError}</Alert>}
            <PasswordInput
              label={t('reset.password')}
              name="newPassword"
              autoComplete="new-password"
              {...form.getInputProps('newPassword')}
            />
            <PasswordInput
              label={t('reset.confirm')}
              name="confirm"
              autoComplete="new-password"
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={busy}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="block">
        {t('login.submit')}
      </Anchor>
    </PublicLayout>
  );
}
