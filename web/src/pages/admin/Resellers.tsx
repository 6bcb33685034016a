import { Alert, Button, Card, Code, CopyButton, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { admin } from '../../api/client';
import type { Reseller } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

function ResellerCard({
  r,
  suppliers,
  onChanged,
}: {
  r: Reseller;
  suppliers: { value: string; label: string }[];
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const [shown, setShown] = useState<string | null>(null);
  const [keyName, setKeyName] = useState('');
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  return (
    <Card withBorder data-testid={`reseller-${r.name}`}>
      <Group justify="space-between">
        <Title order={4}>{r.name}</Title>
        <Group>
          <Text size="sm" c="dimmed">
            {r.email}
          </Text>
          <StatusBadge status={r.status} />
        </Group>
      </Group>
      {shown && (
        <Alert color="yellow" mt="sm" data-testid="key-shown">
          <Text size="sm">{t('admin.keyShown')}</Text>
          <Group>
            <Code data-testid="api-key" fz="sm">
              {shown}
            </Code>
            <CopyButton value={shown}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? '✓' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Table mt="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.keyName')}</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>{t('admin.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(r.keys ?? []).map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.name}</Table.Td>
              <Table.Td ff="monospace">{k.prefix}…</Table.Td>
              <Table.Td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, 'UTC', locale) : '—'}</Table.Td>
              <Table.Td>
                {k.revokedAt ? (
                  <Text size="sm" c="red">
                    {t('admin.revoked')}
                  </Text>
                ) : (
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    onClick={async () => {
                      await admin.revokeKey(r.id, k.id);
                      onChanged();
                    }}
                  >
                    {t('admin.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="end" mt="sm">
        <TextInput
          label={t('admin.keyName')}
          value={keyName}
          onChange={(e) => setKeyName(e.currentTarget.value)}
          error={err}
        />
        <Select
          label={t('admin.suppliers')}
          placeholder={t('app.all')}
          clearable
          data={suppliers}
          value={supplierId}
          onChange={setSupplierId}
          data-testid="key-supplier"
        />
        <Button
          data-testid="create-key"
          onClick={async () => {
            setErr(null);
            try {
              const res = await admin.createKey(r.id, keyName || 'octo', supplierId ?? undefined);
              setShown(res.token);
              setKeyName('');
              onChanged();
            } catch (e) {
              setErr((e as Error).message);
            }
          }}
        >
          {t('admin.newKey')}
        </Button>
        <Button
          variant="light"
          disabled={!supplierId}
          data-testid="connect-supplier"
          onClick={async () => {
            setErr(null);
            try {
              await admin.addContract(r.id, supplierId!);
              onChanged();
            } catch (e) {
              setErr((e as Error).message);
            }
          }}
        >
          {t('admin.connect')}
        </Button>
      </Group>
    </Card>
  );
}

export default function Resellers() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => admin.resellers(), []);
  const sup = useLoad(() => admin.suppliers({}), []);
  const suppliers = (sup.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', email: '' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await admin.createReseller(v.name, v.email);
      form.reset();
      await reload();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Stack>
      <Title order={2}>{t('admin.resellers')}</Title>
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          {formError && <Alert color="red">{formError}</Alert>}
          <Group align="end">
            <TextInput label={t('account.name')} name="name" {...form.getInputProps('name')} />
            <TextInput label={t('apply.email')} name="email" {...form.getInputProps('email')} />
            <Button type="submit">{t('admin.newReseller')}</Button>
          </Group>
        </form>
      </Card>
      <PageState loading={loading} error={error} onRetry={reload}>
        {(data?.items ?? []).map((r) => (
          <ResellerCard key={r.id} r={r} suppliers={suppliers} onChanged={reload} />
        ))}
      </PageState>
    </Stack>
  );
}
