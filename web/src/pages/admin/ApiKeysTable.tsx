// A reseller's API keys on the Resellers screen: name, prefix, when last used (in the viewer's
// locale and zone, with the zone's name) and Revoke behind a confirmation dialog that keeps the
// server's error on screen instead of failing silently.
import { Alert, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { admin } from '../../api/client';
import { ApiError } from '../../api/http';
import type { ApiKey, Reseller } from '../../api/types';
import { useI18n } from '../../i18n';
import { formatUserDateTime } from '../../lib/format';

export function ApiKeysTable({
  reseller,
  onChanged,
  timeZone,
  supplierNames,
}: {
  reseller: Reseller;
  onChanged: () => void | Promise<unknown>;
  /** Supplier id -> name, to say which supplier a restricted key is limited to. */
  supplierNames?: Map<string, string>;
  /** The zone "last used" is shown in; default: the browser's (lib/format userTimeZone). */
  timeZone?: string;
}) {
  const { t, locale } = useI18n();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const revoke = async () => {
    if (!revoking) return;
    setError(null);
    setBusy(true);
    try {
      await admin.revokeKey(reseller.id, revoking.id);
      setRevoking(null);
      await onChanged();
    } catch (e) {
      setError(e instanceof ApiError && e.message ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.keyName')}</Table.Th>
            <Table.Th>{t('admin.keyPrefix')}</Table.Th>
            <Table.Th>{t('admin.supplier')}</Table.Th>
            <Table.Th>{t('admin.lastUsed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(reseller.keys ?? []).map((k) => (
            <Table.Tr key={k.id} data-testid="api-key-row">
              <Table.Td>{k.name}</Table.Td>
              <Table.Td ff="monospace">{k.prefix}…</Table.Td>
              <Table.Td data-testid="key-supplier-scope">
                {k.supplierId ? (supplierNames?.get(k.supplierId) ?? k.supplierId) : t('app.all')}
              </Table.Td>
              <Table.Td data-testid="key-last-used" style={{ whiteSpace: 'nowrap' }}>
                {k.lastUsedAt ? formatUserDateTime(k.lastUsedAt, locale, timeZone) : t('admin.neverUsed')}
              </Table.Td>
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
                    data-testid="revoke-key"
                    onClick={() => {
                      setError(null);
                      setRevoking(k);
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
      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('admin.revokeKeyTitle')}
        data-testid="revoke-key-dialog"
      >
        {revoking && (
          <Stack>
            <Text size="sm">
              {t('admin.revokeKeyConfirm', {
                name: revoking.name,
                prefix: revoking.prefix,
                reseller: reseller.name,
              })}
            </Text>
            {error && (
              <Alert color="red" data-testid="revoke-key-error">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                {t('app.cancel')}
              </Button>
              <Button color="red" loading={busy} data-testid="confirm-revoke-key" onClick={revoke}>
                {t('admin.revoke')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
