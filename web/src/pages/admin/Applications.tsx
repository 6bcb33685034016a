import { Anchor, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router';
import { admin } from '../../api/client';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n, type Key } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

export const APPLICATION_STATUSES = [
  'submitted',
  'under_review',
  'info_requested',
  'approved',
  'rejected',
  'documents',
  'active',
];

export default function Applications() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const [q] = useDebouncedValue(params.get('q') ?? '', 300);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const { data, error, loading, reload } = useLoad(
    () => admin.applications({ status: status || undefined, q: q || undefined }),
    [status, q],
  );
  return (
    <Stack>
      <Title order={2}>{t('admin.applications')}</Title>
      <Group>
        <TextInput
          placeholder={t('app.search')}
          value={params.get('q') ?? ''}
          onChange={(e) => set('q', e.currentTarget.value)}
        />
        <Select
          placeholder={t('app.all')}
          clearable
          data={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as Key) }))}
          value={status || null}
          onChange={(v) => set('status', v)}
          data-testid="application-status-filter"
        />
      </Group>
      <PageState loading={loading} error={error} onRetry={reload}>
        <Table striped highlightOnHover data-testid="applications-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.company')}</Table.Th>
              <Table.Th>{t('apply.contactName')}</Table.Th>
              <Table.Th>{t('apply.destinations')}</Table.Th>
              <Table.Th>{t('appl.status')}</Table.Th>
              <Table.Th>{t('admin.submitted')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.items ?? []).map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/applications/${encodeURIComponent(a.id)}`}>
                    {a.companyName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {a.contactName} · {a.email}
                </Table.Td>
                <Table.Td>{Array.isArray(a.destinations) ? a.destinations.join(', ') : a.destinations}</Table.Td>
                <Table.Td>
                  <StatusBadge status={a.status} />
                </Table.Td>
                <Table.Td>{a.submittedAt && formatDateTime(a.submittedAt, 'UTC', locale)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
    </Stack>
  );
}
