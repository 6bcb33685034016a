import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { auth } from '../api/client';
import { PublicLayout } from '../components/PublicLayout';
import { useI18n } from '../i18n';
import { applyServerError } from '../lib/forms';

/** Staff invitation link (emailed as /accept-invitation?token=...): choose a name and password. */
export default function AcceptInvitation() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', password: '' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await auth.acceptInvitation(token, v.name, v.password);
      setDone(true);
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <PublicLayout title={t('invite.title')}>
      {!token ? (
        <Alert color="red">{t('reset.noToken')}</Alert>
      ) : done ? (
        <Alert color="teal">{t('reset.done')}</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {formError && <Alert color="red">{formError}</Alert>}
            <TextInput
              label={t('account.name')}
              description={t('invite.nameHint')}
              autoComplete="name"
              {...form.getInputProps('name')}
            />
            <PasswordInput label={t('reset.password')} autoComplete="new-password" {...form.getInputProps('password')} />
            <Button type="submit">{t('app.save')}</Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" mt="md" display="block">
        {t('login.submit')}
      </Anchor>
    </PublicLayout>
  );
}
