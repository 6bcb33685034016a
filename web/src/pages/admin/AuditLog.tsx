// The operator's audit log: who did what, when and from where (logins, application decisions,
// keys, contracts…), newest first, filtered by action, organisation or user. Platform admins only;
// the server refuses anyone else (GET /api/v1/admin/audit).
import { Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { admin } from '../../api/client';
import type { AuditRecord } from '../../api/types';
import { PageState } from '../../components/common';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';

const PAGE = 100;

export default function AuditLog() {
  const { t, locale } = useI18n();
  const [action, setAction] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [filters, setFilters] = useState({ action: '', organisationId: '' });
  // Older pages appended below the first one; a filter change starts over.
  const [older, setOlder] = useState<AuditRecord[]>([]);
  const [more, setMore] = useState<boolean | null>(null);
  const first = useLoad(
    () => admin.audit({ ...filters, limit: PAGE }),
    [filters.action, filters.organisationId],
  );
  const items = [...(first.data?.items ?? []), ...older];
  const hasMore = more ?? (first.data?.items.length ?? 0) === PAGE;
  const loadOlder = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    const before = typeof last.at === 'number' ? new Date(last.at).toISOString() : last.at;
    const page = await admin.audit({ ...filters, limit: PAGE, before });
    const seen = new Set(items.map((a) => a.id));
    setOlder((o) => [...o, ...page.items.filter((a) => !seen.has(a.id))]);
    setMore(page.items.length === PAGE);
  };
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setOlder([]);
          setMore(null);
          setFilters({ action: action.trim(), organisationId: organisationId.trim() });
        }}
      >
        <Group align="end">
          <TextInput
            label={t('audit.action')}
            placeholder="auth.login"
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
            data-testid="audit-action"
          />
          <TextInput
            label={t('audit.organisation')}
            value={organisationId}
            onChange={(e) => setOrganisationId(e.currentTarget.value)}
          />
          <Button type="submit" variant="light">
            {t('audit.filter')}
          </Button>
        </Group>
      </form>
      <PageState loading={first.loading && !first.data} error={first.error} onRetry={first.reload}>
        {items.length === 0 ? (
          <Text c="dimmed">{t('audit.none')}</Text>
        ) : (
          <Table striped data-testid="audit-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('audit.who')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.target')}</Table.Th>
                <Table.Th>IP</Table.Th>
                <Table.Th>{t('audit.detail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id} data-testid="audit-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(a.at, 'UTC', locale)} UTC
                  </Table.Td>
                  <Table.Td>{a.actorEmail || t('audit.system')}</Table.Td>
                  <Table.Td>
                    <Code>{a.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {a.targetType} {a.targetId && <Text span c="dimmed" size="xs">{a.targetId}</Text>}
                  </Table.Td>
                  <Table.Td>{a.ip}</Table.Td>
                  <Table.Td style={{ maxWidth: 360, overflowWrap: 'anywhere' }}>
                    <Text size="xs">{a.detail}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {hasMore && items.length > 0 && (
          <Button variant="default" onClick={() => void loadOlder()} data-testid="audit-older">
            {t('audit.older')}
          </Button>
        )}
      </PageState>
    </Stack>
  );
}
