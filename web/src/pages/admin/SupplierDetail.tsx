import { Alert, Anchor, Button, Card, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { admin } from '../../api/client';
import type { Supplier } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n, type Key } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { useLoad } from '../../lib/useLoad';

export default function SupplierDetail() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data, error, loading, reload, setData } = useLoad(() => admin.supplier(id), [id]);
  const products = useLoad(() => admin.supplierProducts(id), [id]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { commission: 0 as number | string, currency: '', timezone: '', email: '' },
  });
  const s = data?.supplier;
  useEffect(() => {
    if (s)
      form.setValues({
        commission: (s.commissionBp ?? 0) / 100,
        currency: s.currency,
        timezone: s.timezone ?? '',
        email: s.email ?? '',
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s?.id]);
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    const patch: Partial<Supplier> = {
      commissionBp: Math.round(Number(v.commission) * 100),
      currency: v.currency.trim().toUpperCase(),
      timezone: v.timezone.trim(),
      email: v.email.trim(),
    };
    try {
      const r = await admin.patchSupplier(id, patch);
      setData({ ...data!, supplier: r.supplier });
      notifications.show({ message: t('app.saved'), color: 'teal' });
    } catch (e) {
      // Server fields are commissionBp etc.; map to this form's names.
      const mapped = e as { field?: string };
      if (mapped.field === 'commissionBp') mapped.field = 'commission';
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Stack>
      <Anchor component={Link} to="/admin/suppliers" size="sm">
        ← {t('admin.suppliers')}
      </Anchor>
      <PageState loading={loading} error={error} onRetry={reload}>
        {s && (
          <>
            <Group>
              <Title order={2}>{s.name}</Title>
              <StatusBadge status={s.status} />
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <form onSubmit={submit} noValidate>
                  <Stack gap="xs">
                    {formError && <Alert color="red">{formError}</Alert>}
                    <NumberInput label={t('admin.commission')} min={0} max={100} decimalScale={2} {...form.getInputProps('commission')} />
                    <TextInput label={t('admin.currency')} maxLength={3} {...form.getInputProps('currency')} />
                    <TextInput label={t('admin.timezone')} {...form.getInputProps('timezone')} />
                    <TextInput label={t('apply.email')} {...form.getInputProps('email')} />
                    <Button type="submit">{t('app.save')}</Button>
                  </Stack>
                </form>
              </Card>
              <Card withBorder>
                <Title order={4}>{t('admin.users')}</Title>
                <Table>
                  <Table.Tbody>
                    {(data?.users ?? []).map((u) => (
                      <Table.Tr key={u.id}>
                        <Table.Td>{u.name}</Table.Td>
                        <Table.Td>{u.email}</Table.Td>
                        <Table.Td>{t(`role.${u.role}` as Key)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            </SimpleGrid>
            <Card withBorder>
              <Group justify="space-between">
                <Title order={4}>{t('admin.products')}</Title>
                <Button component={Link} to={`/admin/suppliers/${encodeURIComponent(id)}/products/new`} data-testid="new-product">
                  {t('admin.newProduct')}
                </Button>
              </Group>
              <PageState loading={products.loading} error={products.error}>
                <Table>
                  <Table.Tbody>
                    {(products.data?.items ?? []).map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/admin/products/${encodeURIComponent(p.id)}`}>
                            {p.title ?? p.internalName ?? p.id}
                          </Anchor>
                        </Table.Td>
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
              <Text size="xs" c="dimmed" />
            </Card>
          </>
        )}
      </PageState>
    </Stack>
  );
}
