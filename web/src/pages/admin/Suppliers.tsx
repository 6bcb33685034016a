import { Anchor, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { admin } from '../../api/client';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { useLoad } from '../../lib/useLoad';

export default function Suppliers() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [dq] = useDebouncedValue(q, 300);
  const { data, error, loading, reload } = useLoad(() => admin.suppliers({ q: dq || undefined }), [dq]);
  return (
    <Stack>
      <Title order={2}>{t('admin.suppliers')}</Title>
      <Group>
        <TextInput placeholder={t('app.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      </Group>
      <PageState loading={loading} error={error} onRetry={reload}>
        <Table striped data-testid="suppliers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.company')}</Table.Th>
              <Table.Th>{t('appl.status')}</Table.Th>
              <Table.Th>{t('admin.currency')}</Table.Th>
              <Table.Th>{t('admin.commission')}</Table.Th>
              <Table.Th>{t('admin.products')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.items ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/suppliers/${encodeURIComponent(s.id)}`}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={s.status} />
                </Table.Td>
                <Table.Td>{s.currency}</Table.Td>
                <Table.Td>{((s.commissionBp ?? 0) / 100).toFixed(2)} %</Table.Td>
                <Table.Td>{s.productCount ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
    </Stack>
  );
}
