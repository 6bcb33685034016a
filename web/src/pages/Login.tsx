import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { auth } from '../api/client';
import { ApiError } from '../api/http';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n';
import { applyServerError } from '../lib/forms';
import { homePath, useSession } from '../lib/session';

export default function Login() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '' } });

  const submit = form.onSubmit(async (v) => {
    setBusy(true);
    setFormError(null);
    try {
      await auth.login(v.email.trim(), v.password);
      const me = await refresh();
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homePath(me), {
        replace: true,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setFormError(e.message || t('login.failed'));
      else setFormError(applyServerError(form, e, t('app.error')));
    } finally {
      setBusy(false);
    }
  });

  return (
    <PublicLayout title={t('login.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {formError && (
            <Alert color="red" data-testid="form-error">
              {formError}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            name="email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot" size="sm">
            {t('login.forgot')}
          </Anchor>
          <Anchor component={Link} to="/apply" size="sm">
            {t('login.apply')}
          </Anchor>
        </Stack>
      </form>
    </PublicLayout>
  );
}
