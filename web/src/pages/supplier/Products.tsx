import { Anchor, Stack, Table, Title } from '@mantine/core';
import { Link } from 'react-router';
import { extranet } from '../../api/client';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { useLoad } from '../../lib/useLoad';

export default function Products() {
  const { t, locale } = useI18n();
  const { data, error, loading, reload } = useLoad(() => extranet.products(), [locale]);
  return (
    <Stack>
      <Title order={2}>{t('products.title')}</Title>
      <PageState loading={loading} error={error} onRetry={reload}>
        <Table striped data-testid="products-table">
          <Table.Tbody>
            {(data?.items ?? []).map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/supplier/products/${encodeURIComponent(p.id)}`}>
                    {p.title ?? p.internalName ?? p.id}
                  </Anchor>
                </Table.Td>
                <Table.Td>{(p.options ?? []).map((o) => o.name).join(', ')}</Table.Td>
                <Table.Td>{p.timeZone}</Table.Td>
                <Table.Td>{p.currency}</Table.Td>
                <Table.Td>
                  <StatusBadge status={p.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PageState>
    </Stack>
  );
}
