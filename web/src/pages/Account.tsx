import { Alert, Button, Card, Group, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { auth, staff } from '../api/client';
import type { Invitation, Paged } from '../api/types';
import { LanguagePicker, PageState } from '../components/common';
import { useI18n, type Key } from '../i18n';
import { applyServerError } from '../lib/forms';
import { formatDateTime } from '../lib/format';
import { isPlatform, rolesOf, useSession } from '../lib/session';
import { useLoad } from '../lib/useLoad';

function PasswordCard() {
  const { t } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { currentPassword: '', newPassword: '' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await auth.changePassword(v.currentPassword, v.newPassword);
      form.reset();
      notifications.show({ message: t('app.saved'), color: 'teal' });
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('account.password')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack maw={360}>
          {formError && <Alert color="red">{formError}</Alert>}
          <PasswordInput label={t('account.current')} autoComplete="current-password" {...form.getInputProps('currentPassword')} />
          <PasswordInput label={t('account.new')} autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <Button type="submit">{t('app.save')}</Button>
        </Stack>
      </form>
    </Card>
  );
}

// Pending invitations (GET /organisation/invitations, supplier owners only) with a revoke button
// (DELETE /organisation/invitations/{id}); accepted, revoked and expired ones are not listed.
function InvitationsList({ invitations, onChange }: { invitations: ReturnType<typeof useLoad<Paged<Invitation>>>; onChange: () => Promise<void> }) {
  const { t, locale } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const pending = (invitations.data?.items ?? []).filter((i) => i.status === 'pending');
  const revoke = async (id: string) => {
    setError(null);
    setBusyId(id);
    try {
      await staff.cancelInvitation(id);
      notifications.show({ message: t('account.revoked'), color: 'teal' });
      await onChange();
    } catch (e) {
      setError(applyServerError({ setFieldError: () => {}, getValues: () => ({}) }, e, t('app.error')));
    } finally {
      setBusyId(null);
    }
  };
  return (
    <Stack gap="xs" mt="md" data-testid="invitations">
      <Title order={5}>{t('account.invitations')}</Title>
      {error && <Alert color="red">{error}</Alert>}
      <PageState loading={invitations.loading} error={invitations.error}>
        {pending.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('account.noInvitations')}
          </Text>
        ) : (
          <Table>
            <Table.Tbody>
              {pending.map((inv) => (
                <Table.Tr key={inv.id} data-testid={`invitation-${inv.id}`}>
                  <Table.Td>{inv.name}</Table.Td>
                  <Table.Td>{inv.email}</Table.Td>
                  <Table.Td>{t(`role.${inv.role}` as Key)}</Table.Td>
                  <Table.Td>
                    {inv.expiresAt ? t('account.expires', { date: formatDateTime(inv.expiresAt, 'UTC', locale) }) : ''}
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={busyId === inv.id}
                      aria-label={`${t('account.revoke')} ${inv.email}`}
                      onClick={() => void revoke(inv.id)}
                    >
                      {t('account.revoke')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PageState>
    </Stack>
  );
}

function StaffCard({ canInvite }: { canInvite: boolean }) {
  const { t, tx, locale } = useI18n();
  const list = useLoad(() => staff.list(), []);
  const invitations = useLoad<Paged<Invitation>>(
    () => (canInvite ? staff.invitations() : Promise.resolve({ items: [] })),
    [canInvite],
  );
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '', name: '', role: 'supplier_staff' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await staff.invite(v.email.trim(), v.name, v.role);
      form.reset();
      await Promise.all([list.reload(), invitations.reload()]);
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('account.staff')}
      </Title>
      <PageState loading={list.loading} error={list.error}>
        <Table>
          <Table.Tbody>
            {(list.data?.items ?? []).map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{t(`role.${u.role}` as Key)}</Table.Td>
                <Table.Td>{tx(`status.${u.status}`, u.status)}</Table.Td>
                <Table.Td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, 'UTC', locale) : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
      {canInvite && <InvitationsList invitations={invitations} onChange={invitations.reload} />}
      {canInvite && (
        <form onSubmit={submit} noValidate>
          {formError && <Alert color="red" mt="sm">{formError}</Alert>}
          <Group align="end" mt="sm">
            <TextInput label={t('login.email')} type="email" {...form.getInputProps('email')} />
            <TextInput label={t('account.name')} {...form.getInputProps('name')} />
            <Select
              label={t('account.role')}
              allowDeselect={false}
              data={[
                { value: 'supplier_staff', label: t('role.supplier_staff') },
                { value: 'supplier_owner', label: t('role.supplier_owner') },
              ]}
              {...form.getInputProps('role')}
            />
            <Button type="submit">{t('account.invite')}</Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

export default function Account() {
  const { t } = useI18n();
  const { me } = useSession();
  const roles = rolesOf(me);
  return (
    <Stack>
      <Title order={2}>{t('account.title')}</Title>
      <Card withBorder>
        <Text fw={600}>{me?.user.name}</Text>
        <Text size="sm">{me?.user.email}</Text>
        <Text size="sm" c="dimmed">
          {roles.map((r) => t(`role.${r}` as Key)).join(', ')} · {me?.organisation?.name}
        </Text>
        <Group mt="md" align="center">
          <Text>{t('app.language')}</Text>
          <LanguagePicker size="sm" />
          <Text size="xs" c="dimmed">
            {t('account.languageHelp')}
          </Text>
        </Group>
      </Card>
      <PasswordCard />
      {!isPlatform(me) && <StaffCard canInvite={roles.includes('supplier_owner')} />}
    </Stack>
  );
}
